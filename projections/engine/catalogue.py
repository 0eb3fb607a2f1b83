"""Every read model Kasane keeps, and the one object that keeps them all current.

A new read model is added to ``all_projections``; each one has its own
``Runner`` (its position, version and blue/green rebuild), but the read models
at the same position are caught up together: each page of the log is read and
decoded once and applied to all of them in one transaction
(``together.catch_up_together``), and a rebuild is one pass over the log.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.application import Application
from sqlalchemy.engine import Engine

from projections.cases.case_history import CaseHistory
from projections.cases.case_list import CaseList
from projections.cases.search_index import CaseSearchIndex
from projections.community.activities import CommunityActivities
from projections.directory import Directory
from projections.engine import positions
from projections.engine.catch_up import (
    DEFAULT_PAGE_SIZE,
    OnPage,
    Projection,
    Runner,
    Status,
)
from projections.engine.reads import reading
from projections.engine.together import catch_up_together, rebuild_together
from projections.indicators.evaluation_records import EvaluationRecords
from projections.indicators.facts import IndicatorFacts
from projections.meetings.meeting_list import Meetings
from projections.timeline import CaseTimeline


@dataclass(frozen=True)
class CaughtUp:
    """What one catch-up found and did: the log's head, every stored position (read before it applied
    anything), and the events it applied, summed over the read models."""

    applied: int
    head: int | None
    """None when there was no read model to catch up, and nothing was read."""
    stored: Mapping[str, positions.Position]


class UnknownReadModel(ValueError):
    """Raised when a read model is named that the catalogue does not have."""


def select_projections(names: Sequence[str]) -> tuple[Projection, ...]:
    """The read models named (in the catalogue's order); every one when ``names`` is empty."""
    everything = all_projections()
    unknown = sorted(set(names) - {p.name for p in everything})
    if unknown:
        raise UnknownReadModel(
            f"no read model named {', '.join(unknown)}; one of: {', '.join(p.name for p in everything)}"
        )
    return tuple(p for p in everything if not names or p.name in names)


def all_projections() -> tuple[Projection, ...]:
    return (
        CaseList(),
        CaseTimeline(),
        Directory(),
        Meetings(),
        CommunityActivities(),
        IndicatorFacts(),
        EvaluationRecords(),
        CaseSearchIndex(),
        CaseHistory(),
    )


class ReadModels:
    """The read models of one application, in the database named by ``engine``.

    It owns ``engine`` (``close`` disposes of it); the application's own
    store connections stay the application's.
    """

    def __init__(
        self,
        app: Application[UUID],
        engine: Engine,
        *,
        projections: Sequence[Projection] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        self.engine = engine
        chosen = all_projections() if projections is None else projections
        self.runners = tuple(Runner(p, app, engine, page_size=page_size) for p in chosen)
        self.page_runners = tuple(runner for runner in self.runners if runner.projection.read_on_pages)
        self.log = _log_beside(app, engine)
        """The events table, when it is in the read models' database: then the head and the positions are read
        in one statement (``positions.read_all_with_head``)."""
        self.caught_up_to = 0
        """The log's head at the end of this object's latest catch-up: every read model the pages read is at least
        there (per-process caches of read-model rows, e.g. the directory's, are keyed by it)."""

    def catch_up(self) -> int:
        """Bring every read model up to the end of the log; returns the events applied, summed.

        The CLI, the projector and the report pages call this; a page of every day calls ``catch_up_pages``.
        The common case is cheap: one query for the log's head and one for all positions; the read models
        behind it share each page's read, decode and transaction (``catch_up_together``), and it returns only
        when every one of them has reached the head.
        """
        return self._catch_up(self.runners).applied

    def catch_up_pages(self) -> int:
        """Bring the read models the pages read (``Projection.read_on_pages``) up to the end of the log.

        What every request and every command of the web does: a user sees their own write on the next page,
        and a command does not wait for the report read models (two thirds of a meeting record's catch-up at
        town), which the report pages, the CLI and the projector catch up (``catch_up``).
        """
        return self.catch_up_pages_seen().applied

    def catch_up_pages_seen(self, connection: sa.Connection | None = None) -> CaughtUp:
        """``catch_up_pages``, telling what it found: the head and every read model's position, the report
        read models' too, so that a report page brings those up to the same head without asking again
        (``catch_up_rest``). ``connection``: a ``reads.reading`` connection of this engine to read them with (and
        apply a page on), which the caller reads the pages' rows with afterwards (one checkout, one ping)."""
        return self._catch_up(self.page_runners, connection)

    def catch_up_rest(self, seen: CaughtUp) -> bool:
        """Bring the read models the pages skip up to the head ``seen`` by the pages' catch-up (of the same
        request: everything recorded before it). When they were already there, nothing is asked again; True
        when some were behind (then a reader's snapshot taken before may not show what was committed)."""
        rest = [runner for runner in self.runners if runner not in self.page_runners]
        if seen.head is None:  # the pages' catch-up had no read model to bring up, and read nothing
            self._catch_up(rest)
            return True
        behind = [runner for runner in rest if not _at(runner, seen.stored.get(runner.name), seen.head)]
        if behind:
            catch_up_together(behind, target=seen.head, known=dict(seen.stored))
        return bool(behind)

    def _catch_up(self, runners: Sequence[Runner], connection: sa.Connection | None = None) -> CaughtUp:
        if not runners:
            return CaughtUp(0, None, {})
        if connection is None:
            with reading(self.engine) as own:
                return self._catch_up(runners, own)
        found = self._head_and_positions(connection)
        head, stored = found if found is not None else (runners[0].head(), self._stored())
        behind = [runner for runner in runners if not _at(runner, stored.get(runner.name), head)]
        applied = catch_up_together(behind, target=head, known=stored, lent=connection if found is not None else None)
        self.caught_up_to = max(self.caught_up_to, head)
        return CaughtUp(applied, head, stored)

    def _head_and_positions(self, connection: sa.Connection) -> tuple[int, dict[str, positions.Position]] | None:
        """The log's head and every stored position in one statement, when they share a database (else None: one
        query each, on connections of their own). The page that follows is applied on ``connection``."""
        if self.log is None:
            return None
        try:
            return positions.read_all_with_head(connection, self.log)
        except sa.exc.DBAPIError:  # no positions table yet: made by ``_stored``
            connection.rollback()
            return None

    def _stored(self) -> dict[str, positions.Position]:
        """Every stored position: one query on every request; the table is made (or upgraded) only when missing."""
        try:
            with reading(self.engine) as connection:
                return positions.read_all(connection)
        except sa.exc.DBAPIError:  # no positions table yet, or one from a release before fingerprints
            pass
        with self.engine.begin() as connection:
            positions.create_table(connection)
            return positions.read_all(connection)

    def rebuild(self, *, on_page: OnPage | None = None) -> int:
        """Rebuild every read model from scratch in one pass over the log; returns the events applied, summed."""
        return rebuild_together(self.runners, on_page=on_page)

    def follow(
        self, stop: threading.Event, *, interval: float = 1.0, on_catch_up: Callable[[int], None] | None = None
    ) -> None:
        """Catch up again and again until ``stop`` is set: the loop of a projector process.

        It waits ``interval`` seconds only when a round found nothing new, so a
        burst of commands is worked off at once. Page commits are compare-and-set,
        so projectors, web servers and CLI commands may catch up the same read
        model at the same time; each page is applied exactly once.
        """
        while not stop.is_set():
            applied = self.catch_up()
            if on_catch_up is not None:
                on_catch_up(applied)
            if applied == 0:
                stop.wait(interval)

    def statuses(self) -> list[Status]:
        return [runner.status() for runner in self.runners]

    def close(self) -> None:
        self.engine.dispose()


def _log_beside(app: Application[UUID], engine: Engine) -> sa.Table | None:
    """The application's events table if it is in the database of ``engine`` (a file or a server, not in memory)."""
    recorder = app.recorder
    table = getattr(getattr(recorder, "events_record_cls", None), "__table__", None)
    store = getattr(getattr(recorder, "datastore", None), "engine", None)
    if not isinstance(table, sa.Table) or not isinstance(store, Engine):
        return None
    url = engine.url
    in_memory = url.database in (None, "", ":memory:") or url.query.get("mode") == "memory"
    same = store.url.render_as_string(hide_password=False) == url.render_as_string(hide_password=False)
    return table if same and not in_memory else None


def _at(runner: Runner, stored: positions.Position | None, head: int) -> bool:
    """Whether ``runner``'s read model is at ``head`` with this code's version and tables."""
    return (
        stored is not None
        and stored.version == runner.projection.version
        and stored.fingerprint == runner.fingerprint
        and stored.position >= head
    )
