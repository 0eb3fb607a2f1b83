"""Loading a command's aggregates together: one read of the store for all of them instead of one each.

A meeting record replays every case it took up; read one by one, each replay
pays a round trip to the store, and the sealed personal values of each case a
look-up of its key. Read together, the store answers once (``originator_id IN …``)
and the key store once (``CaseKeys.prefetch``). The events are decoded and applied
exactly as ``Repository.get`` does (the application's mapper, ``replay``: the library's ``project_aggregate``
without its per-event ``Protocol`` assertion),
so an aggregate loaded together equals the same aggregate loaded alone
(``tests/integration/test_loading_together.py``).

The store's recorder offers the read as ``select_events_of``; a recorder without
it, a repository with a cache or snapshots, loads one by one as before. Cases are
read with their sealed snapshots when the recorder keeps them
(``select_snapshots_and_events_of``, ``domain/case_snapshots.py``): the snapshot
and only the events after it, still in one statement.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar, cast, runtime_checkable
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Notification, StoredEvent

from domain.case import Case
from domain.case_snapshots import SealedSnapshot, opened
from domain.personal_data import CaseKeys

A = TypeVar("A", bound=Aggregate)


@runtime_checkable
class ReadsSeveralAggregates(Protocol):
    """A recorder that reads several aggregates' events in one statement (``web.storage.event_recorder``)."""

    def select_events_of(self, originator_ids: Collection[UUID]) -> dict[UUID, list[StoredEvent]]:
        """Every stored event of each id, oldest first; an id with no events has no entry."""
        ...


@runtime_checkable
class ReadsSnapshotsTogether(Protocol):
    """A recorder that also keeps sealed case snapshots (``web.storage.event_recorder``): one check of one protocol
    says both that the application may ask it to keep them and that it reads them with the events."""

    def keep_case_snapshots(self) -> None:
        """Keep the snapshots' table beside the events (made if missing)."""
        ...

    def select_events_of(self, originator_ids: Collection[UUID]) -> dict[UUID, list[StoredEvent]]: ...

    def select_snapshots_and_events_of(
        self, originator_ids: Collection[UUID], fingerprint: str
    ) -> dict[UUID, tuple[SealedSnapshot | None, list[StoredEvent]]]:
        """Each id's snapshot made by the code of ``fingerprint`` (if any) and its events after it, in ONE read."""
        ...


@runtime_checkable
class ReadsOnOneConnection(Protocol):
    """A recorder that serves a command's reads (its meeting, its master records, its cases) on ONE connection of
    the store, held for the block (``web.storage.event_recorder``): one check-out, and on PostgreSQL one ping of
    the pool, instead of one per read. The save takes its own, as before."""

    def reads_together(self) -> AbstractContextManager[None]:
        """Within it, this thread's reads share one connection (until the save)."""
        ...


@runtime_checkable
class RecallsItsLatestSave(Protocol):
    """An application that keeps the notifications of this thread's latest save (``KasaneCore.saved_between``):
    a request's catch-up applies them instead of reading its own command's events back from the store
    (``projections.engine.together``). The one way to ask an application for that capability."""

    def saved_between(self, after: int, upto: int) -> Sequence[Notification] | None:
        """The notifications after ``after`` up to ``upto``, if this thread's latest save recorded exactly those."""
        ...


def replay(aggregate: Any, domain_events: Iterable[Any]) -> Any:
    """``project_aggregate`` without its ``isinstance`` check of each event against a runtime ``Protocol``.

    The check is an ``assert`` (gone under ``python -O``), and on Python 3.11 a runtime ``Protocol`` check costs
    about 35 µs of CPU per event: a meeting record replays about 50 events (its cases, the meeting), about 2 ms
    of its CPU. Every event of the store is an aggregate event with ``mutate``, which is all the check asked.
    """
    for domain_event in domain_events:
        aggregate = domain_event.mutate(aggregate)
    return aggregate


def can_load_together(app: Application[UUID]) -> bool:
    """Whether one read serves several aggregates here: a recorder that can, and no cache or snapshots to consult."""
    repository = app.repository
    return (
        isinstance(app.recorder, ReadsSeveralAggregates)
        and repository.cache is None
        and repository.snapshot_store is None
    )


def replay_together(app: Application[UUID], kind: type[A], aggregate_ids: Sequence[UUID]) -> dict[UUID, A]:
    """The aggregates of ``kind`` among ``aggregate_ids``, from ONE read; ids not found (or of another kind) left out.

    ``can_load_together(app)`` must hold.
    """
    recorder = app.recorder
    assert isinstance(recorder, ReadsSeveralAggregates)
    stored = recorder.select_events_of(aggregate_ids)
    to_domain_event = app.mapper.to_domain_event
    found: dict[UUID, A] = {}
    for aggregate_id in aggregate_ids:
        events = stored.get(aggregate_id)
        if not events:
            continue
        aggregate: Any = replay(None, (to_domain_event(event) for event in events))
        if isinstance(aggregate, kind):
            found[aggregate_id] = aggregate
    return found


def replay_cases_together(
    app: Application[UUID], keys: CaseKeys, case_ids: Sequence[UUID], fingerprint: str
) -> dict[UUID, tuple[Case, int]]:
    """The cases among ``case_ids``, each from its snapshot and the events after it, with how many events that was.

    ``can_load_together(app)`` must hold and the recorder keep snapshots. A snapshot that does not open (the
    case's key destroyed by its erasure) is left aside: that case is read again and replayed from its first event.
    """
    recorder = cast(ReadsSnapshotsTogether, app.recorder)
    to_domain_event = app.mapper.to_domain_event
    found: dict[UUID, tuple[Case, int]] = {}
    unopened = []
    for case_id, (snapshot, events) in recorder.select_snapshots_and_events_of(case_ids, fingerprint).items():
        start = None if snapshot is None else opened(keys, snapshot, fingerprint)
        if snapshot is not None and start is None:
            unopened.append(case_id)
            continue
        aggregate = replay(start, (to_domain_event(event) for event in events))
        if isinstance(aggregate, Case):
            found[case_id] = (aggregate, len(events))
    for case_id, events in recorder.select_events_of(unopened).items():
        aggregate = replay(None, (to_domain_event(event) for event in events))
        if isinstance(aggregate, Case):
            found[case_id] = (aggregate, len(events))
    return {case_id: found[case_id] for case_id in case_ids if case_id in found}
