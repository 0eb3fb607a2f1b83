"""Every read model Kasane keeps, and the one object that keeps them all current.

A new read model is added to ``all_projections``; each one is caught up,
rebuilt and reported on by its own ``Runner``, independently of the others.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from eventsourcing.application import Application
from sqlalchemy.engine import Engine

from projections import positions
from projections.case_list import CaseList
from projections.catch_up import DEFAULT_PAGE_SIZE, Projection, Runner, Status
from projections.community import CommunityActivities
from projections.directory import Directory
from projections.evaluation_records import EvaluationRecords
from projections.indicator_facts import IndicatorFacts
from projections.meetings import Meetings
from projections.timeline import CaseTimeline


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
        CaseList(), CaseTimeline(), Directory(), Meetings(), CommunityActivities(), IndicatorFacts(),
        EvaluationRecords(),
    )


class ReadModels:
    """The read models of one application, in the database named by ``engine``.

    It owns ``engine`` (``close`` disposes of it); the application's own
    store connections stay the application's.
    """

    def __init__(
        self,
        app: Application,
        engine: Engine,
        *,
        projections: Sequence[Projection] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        self.engine = engine
        chosen = all_projections() if projections is None else projections
        self.runners = tuple(Runner(p, app, engine, page_size=page_size) for p in chosen)

    def catch_up(self) -> int:
        """Bring every read model up to the end of the log; returns the events applied, summed.

        Every page and every command calls this, so the common case is cheap: one query for the log's
        head and one for all positions; only the read models behind it (or never run) do more.
        """
        if not self.runners:
            return 0
        head = self.runners[0].head()
        current = self._current(head)
        return sum(runner.catch_up(target=head) for runner in self.runners if runner.name not in current)

    def _current(self, head: int) -> set[str]:
        """The read models at ``head`` with this code's version and tables (the others go through their runner)."""
        with self.engine.begin() as connection:
            positions.create_table(connection)
            stored = positions.read_all(connection)
        return {
            runner.name for runner in self.runners
            if (at := stored.get(runner.name)) is not None
            and at.version == runner.projection.version and at.fingerprint == runner.fingerprint
            and at.position >= head
        }

    def rebuild(self) -> int:
        """Rebuild every read model from scratch; returns the events applied, summed."""
        return sum(runner.rebuild() for runner in self.runners)

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
