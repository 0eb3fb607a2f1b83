"""Keeping a read model up to date by pulling pages of the event log.

eventsourcing-sqlalchemy has no live subscription on SQLite, so read models
are caught up on demand: read a page of notifications after the projection's
position, apply the whole page and advance the position in ONE transaction.
Rows and position therefore commit together: a process killed mid-catch-up
leaves the last committed page, and the next catch-up resumes right after it
without applying anything twice.

A projection whose stored tables were built by another version (or whose table
schema changed) is rebuilt beside the old tables and swapped in when it has
caught up (``projections.engine.versioning``): a new release never needs data deleted
by hand, and readers keep the old tables until the new ones are ready.

Several read models caught up or rebuilt in one pass over the log: ``together``.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy.engine import Connection, Engine

from projections.engine import positions
from projections.engine.handlers import Handlers, dispatches
from projections.engine.page_transaction import apply_together, decode, keys_held
from projections.engine.versioning import Shadow, create_tables, fingerprint

DEFAULT_PAGE_SIZE = 500
REBUILD_PAGE_SIZE = 2000
"""Pages of a build beside the current tables (private until the swap): a bigger page spreads each page's
queries, batched writes and commits over more events (~15 % less CPU than pages of 500, SQLite town)."""


class ProjectionOutdated(Exception):
    """Raised when a projection's stored rows were built by a NEWER version of its code than this process runs."""


class Projection(ABC):
    """One read model: its tables, and how each event changes them.

    Subclasses dispatch ``apply`` on the event class with their own
    ``functools.singledispatchmethod``; the default case must ignore the event,
    so that events of other aggregates (and new event types) pass through.
    Bump ``version`` whenever the tables or the meaning of a handler change:
    the next catch-up then builds the new version beside the old tables and
    swaps it in (a changed table schema is noticed even without a bump).
    """

    name: ClassVar[str]
    version: ClassVar[int]
    metadata: ClassVar[sa.MetaData]
    read_on_pages: ClassVar[bool] = True
    """Whether the pages of every day read it, so every request catches it up first (``ReadModels.catch_up_pages``).

    False for a read model only reports read: the routes and commands that read it catch up everything first,
    and the projector keeps it current meanwhile, so a command's request does not wait for it."""

    @abstractmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Change this projection's rows for ``event``, on ``connection`` (inside the page's transaction)."""

    def bind(self, app: Application[UUID]) -> None:  # noqa: B027 - most read models need nothing from the application
        """Take what the read model needs from the application it follows (the search index: its key)."""

    def apply_notification(self, event: Any, notification_id: int, connection: Connection) -> None:
        """Apply ``event``, recorded in the log as ``notification_id``.

        The runner calls this; it is ``apply`` unless a read model must show
        where its rows came from (e.g. indicator provenance) and overrides it.
        """
        self.apply(event, connection)

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        """Apply a page of ``(notification_id, event)`` pairs, oldest first, inside the page's transaction.

        The runners call this once per page for every read model at that page,
        so a read model may override it to write the page in a few batched
        statements instead of some per event; the default applies each event
        in turn, which keeps per-event projections working unchanged.
        """
        if type(self).apply_notification is not Projection.apply_notification:
            for notification_id, event in page:
                self.apply_notification(event, notification_id, connection)
            return
        apply = Handlers(self, "apply") if dispatches(self, "apply") else self.apply
        for _, event in page:
            apply(event, connection)


@dataclass(frozen=True)
class Progress:
    processed: int
    """Events applied so far by this catch-up."""
    position: int
    target: int
    """The store's last notification id when the catch-up began."""


@dataclass(frozen=True)
class Status:
    name: str
    version: int
    stored_version: int | None
    """None when the projection has never run against this database."""
    position: int
    head: int
    """The store's last notification id."""
    schema_changed: bool = False
    """The stored tables were built with another table schema than this code declares."""
    rebuilding: bool = False
    """A build of the next version has started beside the stored tables and is not swapped in yet."""

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)

    @property
    def outdated(self) -> bool:
        return self.stored_version is not None and (self.stored_version != self.version or self.schema_changed)


OnPage = Callable[[Progress], None]


class Runner:
    """Catches one projection up with one application's event log."""

    def __init__(
        self, projection: Projection, app: Application[UUID], engine: Engine, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.projection = projection
        self.app = app
        projection.bind(app)
        self.engine = engine
        self.page_size = page_size
        self.fingerprint = fingerprint(projection.metadata)
        self._upgrading = threading.Lock()

    @property
    def name(self) -> str:
        return self.projection.name

    @property
    def rebuild_page_size(self) -> int:
        """The page of a build beside: ``REBUILD_PAGE_SIZE``, unless a page smaller than the default was asked for."""
        return max(self.page_size, REBUILD_PAGE_SIZE) if self.page_size >= DEFAULT_PAGE_SIZE else self.page_size

    def catch_up(self, *, on_page: OnPage | None = None, target: int | None = None) -> int:
        """Apply the events up to ``target`` (default: the last recorded) not seen yet; returns how many.

        If the stored tables were built by an older version, the new version is
        built beside them first and swapped in (its events count as applied).
        """
        position, processed = self._start_or_rebuild(on_page=on_page)
        target = self.head() if target is None else target
        while position < target:
            page = self._page(position, target)
            if not page:
                break
            if self._apply_page(position, page):
                processed += len(page)
                position = page[-1].id
            else:
                position = self._committed_position()
            if on_page is not None:
                on_page(Progress(processed=processed, position=position, target=target))
        return processed

    def rebuild(self, *, on_page: OnPage | None = None) -> int:
        """Replay the whole log into new tables beside the current ones, then swap them in.

        Readers see the current tables until the swap; a rebuild that dies
        half-way leaves them as they were, and the next rebuild resumes it.
        """
        built = self._rebuild_beside(on_page=on_page, replace_current=True)
        return built + self.catch_up(on_page=on_page)

    def finish_interrupted_rebuild(self, *, on_page: OnPage | None = None) -> int:
        """A rebuild that died left its shadow behind (status: "rebuilding beside"): resume it and swap it in.

        Called by ``kasane projections catch-up`` (not by the web app's catch-ups, which must stay cheap);
        returns the events applied, 0 when no shadow was left.
        """
        shadow = Shadow(self.engine, self.name)
        try:
            left = shadow.exists()
        finally:
            shadow.close(discard=False)
        return self.rebuild(on_page=on_page) if left else 0

    def status(self) -> Status:
        with self.engine.begin() as connection:
            positions.create_table(connection)
            stored = positions.read(connection, self.name)
        shadow = Shadow(self.engine, self.name)
        try:
            rebuilding = shadow.exists()
        finally:
            shadow.close(discard=False)
        return Status(
            name=self.name,
            version=self.projection.version,
            stored_version=None if stored is None else stored.version,
            position=0 if stored is None else stored.position,
            head=self.head(),
            schema_changed=stored is not None and stored.fingerprint != self.fingerprint,
            rebuilding=rebuilding,
        )

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def _page(self, position: int, target: int) -> Sequence[Notification]:
        return self.app.recorder.select_notifications(
            start=position, limit=self.page_size, stop=target, inclusive_of_start=False
        )

    def _apply_page(self, position: int, page: Sequence[Notification]) -> bool:
        """Apply ``page`` and advance past it in one transaction; False if another runner applied it first."""
        return apply_together((self,), position, page, decode(self.app, page))

    def _start(self) -> int | None:
        """The committed position (None: built by an older version); a new projection gets fresh tables first."""
        for _ in range(2):
            try:
                with self.engine.begin() as connection:
                    positions.create_table(connection)
                    stored = positions.read(connection, self.name)
                    if stored is None:
                        self._recreate(connection)
                        return 0
            except sa.exc.IntegrityError:
                continue  # another process started it at the same moment; read what it wrote
            if self._built_by_this(stored):
                return stored.position
            return self._built_by_another(stored)
        raise RuntimeError(f"could not start read model {self.name!r}")

    def _start_or_rebuild(self, *, on_page: OnPage | None) -> tuple[int, int]:
        """(the committed position, events applied): a version built by an older release is first rebuilt beside."""
        position = self._start()
        if position is not None:
            return position, 0
        processed = self._rebuild_beside(on_page=on_page, replace_current=False)
        position = self._start()
        if position is None:
            raise RuntimeError(f"read model {self.name!r}: the rebuilt version could not be swapped in")
        return position, processed

    def _built_by_this(self, stored: positions.Position) -> bool:
        return (stored.version, stored.fingerprint) == (self.projection.version, self.fingerprint)

    def _built_by_another(self, stored: positions.Position) -> int | None:
        """None: rebuild beside. A newer version's tables are never replaced by an older release."""
        if stored.version > self.projection.version:
            raise ProjectionOutdated(
                f"read model {self.name!r} was built by version {stored.version}, but this process runs "
                f"version {self.projection.version}: upgrade Kasane here too"
            )
        return None

    def _rebuild_beside(self, *, on_page: OnPage | None, replace_current: bool) -> int:
        """Build this version's tables in a shadow namespace from the log, then swap them in; returns events applied.

        One thread of a process builds at a time; another one waiting here finds
        the work done. If another process swaps first (dropping the shadow this
        one was writing to), the error is ignored once the current tables are this version's.
        """
        with self._upgrading:
            if not replace_current and self._is_current():
                return 0
            shadow = Shadow(self.engine, self.name)
            done = False
            try:
                shadow.prepare()
                builder = _ShadowBuilder(self.projection, self.app, shadow.building, page_size=self.rebuild_page_size)
                with keys_held(self.app):
                    built = builder.catch_up(on_page=on_page)
                done = shadow.swap(
                    self.name,
                    self.projection.metadata,
                    version=self.projection.version,
                    fingerprint=self.fingerprint,
                    replace_current=replace_current,
                )
                done = done or self._is_current()  # or another process swapped first: this build is of no use
                return built
            except sa.exc.DBAPIError:
                if replace_current or not self._is_current():
                    raise
                return 0
            finally:
                shadow.close(discard=done)

    def _is_current(self) -> bool:
        with self.engine.connect() as connection:
            stored = positions.read(connection, self.name)
        return stored is not None and self._built_by_this(stored)

    def _recreate(self, connection: Connection) -> None:
        positions.reset(connection, self.name, self.projection.version, self.fingerprint)
        self.projection.metadata.drop_all(connection)
        self._create_tables(connection)

    def _create_tables(self, connection: Connection) -> None:
        self.projection.metadata.create_all(connection)

    def _committed_position(self) -> int:
        """Where another process has taken the projection; it must still be this version's tables."""
        with self.engine.connect() as connection:
            stored = positions.read(connection, self.name)
        assert stored is not None
        if not self._built_by_this(stored):
            raise ProjectionOutdated(
                f"read model {self.name!r} was swapped to version {stored.version} by another process meanwhile"
            )
        return stored.position


class _ShadowBuilder(Runner):
    """Catches a projection up inside its shadow namespace, where a stale build of another version starts over."""

    def _start(self) -> int | None:
        position = super()._start()
        if position is not None and position > self.head():  # left from a log that has since been replaced
            return self._built_by_another(positions.Position(version=-1, position=position))
        return position

    def _built_by_another(self, stored: positions.Position) -> int | None:
        with self.engine.begin() as connection:
            self._recreate(connection)
        return 0

    def _create_tables(self, connection: Connection) -> None:
        """The shadow's tables without their ``AFTER_LOAD`` indexes: the swap creates them once the rows are in."""
        create_tables(connection, self.projection.metadata, indexes=None)
