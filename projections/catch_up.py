"""Keeping a read model up to date by pulling pages of the event log.

eventsourcing-sqlalchemy has no live subscription on SQLite, so read models
are caught up on demand: read a page of notifications after the projection's
position, apply the whole page and advance the position in ONE transaction.
Rows and position therefore commit together: a process killed mid-catch-up
leaves the last committed page, and the next catch-up resumes right after it
without applying anything twice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import sqlalchemy as sa
from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy.engine import Connection, Engine

from projections import positions

DEFAULT_PAGE_SIZE = 500


class ProjectionOutdated(Exception):
    """Raised when a projection's stored rows were built by another version of its code."""


class Projection(ABC):
    """One read model: its tables, and how each event changes them.

    Subclasses dispatch ``apply`` on the event class with their own
    ``functools.singledispatchmethod``; the default case must ignore the event,
    so that events of other aggregates (and new event types) pass through.
    Bump ``version`` whenever the tables or the meaning of a handler change:
    the stored rows are then refused until rebuilt.
    """

    name: ClassVar[str]
    version: ClassVar[int]
    metadata: ClassVar[sa.MetaData]

    @abstractmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Change this projection's rows for ``event``, on ``connection`` (inside the page's transaction)."""

    def apply_notification(self, event: Any, notification_id: int, connection: Connection) -> None:
        """Apply ``event``, recorded in the log as ``notification_id``.

        The runner calls this; it is ``apply`` unless a read model must show
        where its rows came from (e.g. indicator provenance) and overrides it.
        """
        self.apply(event, connection)


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

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)

    @property
    def outdated(self) -> bool:
        return self.stored_version is not None and self.stored_version != self.version


OnPage = Callable[[Progress], None]


class Runner:
    """Catches one projection up with one application's event log."""

    def __init__(
        self, projection: Projection, app: Application, engine: Engine, *, page_size: int = DEFAULT_PAGE_SIZE
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.projection = projection
        self.app = app
        self.engine = engine
        self.page_size = page_size

    @property
    def name(self) -> str:
        return self.projection.name

    def catch_up(self, *, on_page: OnPage | None = None, target: int | None = None) -> int:
        """Apply the events up to ``target`` (default: the last recorded) not seen yet; returns how many."""
        target = self.head() if target is None else target
        position = self._start()
        processed = 0
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
        """Drop and recreate the projection's tables, then replay the whole log into them."""
        with self.engine.begin() as connection:
            positions.create_table(connection)
            self._recreate(connection)
        return self.catch_up(on_page=on_page)

    def status(self) -> Status:
        with self.engine.begin() as connection:
            positions.create_table(connection)
            stored = positions.read(connection, self.name)
        return Status(
            name=self.name,
            version=self.projection.version,
            stored_version=None if stored is None else stored.version,
            position=0 if stored is None else stored.position,
            head=self.head(),
        )

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def _page(self, position: int, target: int) -> Sequence[Notification]:
        return self.app.recorder.select_notifications(
            start=position, limit=self.page_size, stop=target, inclusive_of_start=False
        )

    def _apply_page(self, position: int, page: Sequence[Notification]) -> bool:
        """Apply ``page`` and advance past it in one transaction; False if another runner applied it first."""
        events = [self.app.mapper.to_domain_event(n) for n in page]
        with self.engine.begin() as connection:
            if not positions.advance(connection, self.name, expected=position, to=page[-1].id):
                return False
            for notification, event in zip(page, events, strict=True):
                self.projection.apply_notification(event, notification.id, connection)
        return True

    def _start(self) -> int:
        """The committed position; a projection never run before gets fresh tables first."""
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
            if stored.version != self.projection.version:
                raise ProjectionOutdated(
                    f"read model {self.name!r} was built by version {stored.version}, this is version "
                    f"{self.projection.version}: run `kasane projections rebuild`"
                )
            return stored.position
        raise RuntimeError(f"could not start read model {self.name!r}")

    def _recreate(self, connection: Connection) -> None:
        positions.reset(connection, self.name, self.projection.version)
        self.projection.metadata.drop_all(connection)
        self.projection.metadata.create_all(connection)

    def _committed_position(self) -> int:
        with self.engine.connect() as connection:
            stored = positions.read(connection, self.name)
        assert stored is not None
        return stored.position
