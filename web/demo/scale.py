"""Demo data at benchmark scale: many demo municipalities' worth of events, written in large batches.

``web/demo/generator.py`` runs each command through the application, one ``save`` (one
transaction) per command: about 250 commands/s, far too slow for a million
events. Here the same planned commands run through the same use cases
(``Kasane.execute``: every rule is checked, every event is a real aggregate
event) against aggregates held in memory; their events are collected in
command order and written with one ``save`` per district. Nothing is skipped
but the per-command round trip to the store.

A scale is a number of *districts*: each is one demo municipality
(``DemoCity``, 300 households over two fiscal years, about 4,350 events) with
its own seed derived from the scale's seed, sharing the installation's master
data (agencies, areas, users, meeting types). Districts are independent (their
meetings take up only their own cases), so memory stays bounded by one
district and a failure names the district. Same seed, same ``today`` and same
scale give the same events; only write timestamps differ.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.application import Kasane
from domain.clock import japan_today
from domain.commands import Command
from domain.errors import AlreadyExists
from domain.use_cases import Recorded
from web.demo.generator import DemoCity

A = TypeVar("A", bound=Aggregate)

HOUSEHOLDS_PER_DISTRICT = 300

SCALES: dict[str, int] = {
    "tiny": 1,
    "city": 23,
    "prefecture": 230,
    "rebuild": 2_300,
}
"""Districts per scale: about 4.4k, 100k, 1M and 10M events (a district is about 4,350 events)."""


@dataclass(frozen=True)
class DistrictLoaded:
    """Progress report after each district has been written."""

    district: int
    districts: int
    commands: int
    events: int
    """Totals so far."""


class BatchingKasane(Kasane):
    """The application whose use cases decide against held aggregates and whose saves wait for ``flush``.

    Only for loading generated history into a store: a reader of the store sees
    nothing until ``flush``, and a refused command aborts the load (the
    generator plans only valid commands, so a refusal is a bug to report).
    """

    name = "Kasane"
    """The same event table (``kasane_events``) as the application that will read it."""

    def __init__(self, env: dict[str, str] | None = None, *, today: Callable[[], date] = japan_today) -> None:
        super().__init__(env, today=today)
        self.held: dict[UUID, Aggregate] = {}
        self.kept: set[UUID] = set()
        self.pending: list[Any] = []

    def get(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        held = self.held.get(aggregate_id)
        if held is None:
            return super().get(kind, aggregate_id, what)
        if not isinstance(held, kind):
            return super().get(kind, aggregate_id, what)
        return held

    def get_many(self, kind: type[A], aggregate_ids: Iterable[UUID], what: str) -> dict[UUID, A]:
        ids = list(dict.fromkeys(aggregate_ids))
        held = {i: a for i in ids if isinstance(a := self.held.get(i), kind)}
        stored = super().get_many(kind, [i for i in ids if i not in held], what)
        return {i: held[i] if i in held else stored[i] for i in ids if i in held or i in stored}

    def _create(self, aggregate: Aggregate, what: str) -> Recorded:
        if aggregate.id in self.held:
            raise AlreadyExists(f"{what} already exists", field="id")
        return self._save(aggregate)

    def _save(self, *aggregates: Aggregate) -> Recorded:
        for aggregate in aggregates:
            self.pending.extend(aggregate.collect_events())
            self.held[aggregate.id] = aggregate
        return Recorded(id=aggregates[0].id, notification_id=0)

    def keep(self) -> None:
        """Keep every held aggregate across ``forget`` (the installation's master data)."""
        self.kept.update(self.held)

    def flush(self) -> int:
        """Write every pending event, in command order, in one transaction; returns how many."""
        events, self.pending = self.pending, []
        if events:
            try:
                self.save(*events)
            except IntegrityError as error:
                raise AlreadyExists(f"the store already holds some of these aggregates ({error})") from None
        return len(events)

    def forget(self) -> None:
        """Drop held aggregates that later commands will not touch (a finished district's)."""
        self.held = {key: value for key, value in self.held.items() if key in self.kept}


def district_seeds(seed: int, districts: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.getrandbits(63) for _ in range(districts)]


def master_commands(today: date) -> list[Command]:
    """What every district shares: master data and the example plans (with their self-evaluation)."""
    city = DemoCity(0, today, 0)
    return [*city.master_data(), *city.plans()]


def district_commands(seed: int, today: date, households: int = HOUSEHOLDS_PER_DISTRICT) -> list[Command]:
    """One district's history (without the shared master data and plans), oldest first."""
    city = DemoCity(seed, today, households)
    shared = sum(1 for _ in city.master_data()) + sum(1 for _ in city.plans())
    return city.plan()[shared:]


def scaled_commands(
    *, seed: int, today: date, districts: int, households: int = HOUSEHOLDS_PER_DISTRICT
) -> Iterator[list[Command]]:
    """Master data, then each district's commands, as one list per batch."""
    yield master_commands(today)
    for district_seed in district_seeds(seed, districts):
        yield district_commands(district_seed, today, households)


def load_scaled(
    app: BatchingKasane,
    *,
    seed: int,
    districts: int,
    households: int = HOUSEHOLDS_PER_DISTRICT,
    on_district: Callable[[DistrictLoaded], None] | None = None,
) -> DistrictLoaded:
    """Run every planned command through ``app``'s use cases and write each district in one transaction."""
    commands = events = 0
    progress = DistrictLoaded(0, districts, 0, 0)
    for index, batch in enumerate(
        scaled_commands(seed=seed, today=app.today(), districts=districts, households=households)
    ):
        for command in batch:
            app.execute(command)
        commands += len(batch)
        events += app.flush()
        if index == 0:
            app.keep()
        app.forget()
        progress = DistrictLoaded(index, districts, commands, events)
        if on_district is not None and index:
            on_district(progress)
    return progress
