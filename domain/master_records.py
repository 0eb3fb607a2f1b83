"""Master records a command checks, brought up to date together: one read of the store for all of them.

Every command checks master records (a meeting record: its meeting type and each
attendee's and action item's agency). They come from a cache, but each ``get`` still
asks the store for the events recorded since the cached version, so that another
process's change (an agency retired) is seen at once: on PostgreSQL a connection
checkout with its pre-ping and a query per record, about 40 % of a meeting
record's wall time (docs/benchmarks.md, "Command latency, part 2").

``read_together`` asks once for all the records a command is about to check
(``originator_id = … AND originator_version > …`` for each) and, until the command
ends, serves ``get`` of those records from what that one read returned. What a
check sees is the same: the records as the store had them when the command began
checking, each handed out as a copy so a refused command leaves the cache as it was.
A record not found, or one not named beforehand, is read on its own as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from copy import deepcopy
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.application import Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import EventStore, StoredEvent

from domain.loading_together import replay

NOTHING_READ: Mapping[UUID, Aggregate] = MappingProxyType({})


@runtime_checkable
class ReadsEventsSince(Protocol):
    """A recorder that reads several aggregates' newer events in one statement (``web.storage.event_recorder``)."""

    def select_events_since(self, versions: Mapping[UUID, int]) -> dict[UUID, list[StoredEvent]]:
        """The events of each id after its version, oldest first; an id with none has no entry."""
        ...


class MasterRecords(Repository[UUID]):
    """The cache of master records (eventsourcing's ``Repository``: LRU, fast-forward, deep copies)."""

    def __init__(self, event_store: EventStore[UUID], *, cache_maxsize: int) -> None:
        super().__init__(event_store, cache_maxsize=cache_maxsize, fastforward=True, deepcopy_from_cache=True)
        self._read: ContextVar[Mapping[UUID, Aggregate]] = ContextVar(
            f"master_records_read_{id(self)}", default=NOTHING_READ
        )

    @contextmanager
    def read_together(self, record_ids: Iterable[UUID]) -> Iterator[None]:
        """Within it, ``get`` of each of ``record_ids`` that exists serves the record ONE read brought up to date."""
        recorder = self.event_store.recorder
        ids = [record_id for record_id in dict.fromkeys(record_ids) if record_id not in self._read.get()]
        if not ids or not isinstance(recorder, ReadsEventsSince) or self.cache is None:
            yield
            return
        cached: dict[UUID, Any] = {}
        for record_id in ids:
            try:
                cached[record_id] = self.cache.get(record_id)
            except KeyError:
                continue
        stored = recorder.select_events_since({i: cached[i].version if i in cached else 0 for i in ids})
        read = dict(self._read.get())
        for record_id in ids:
            record = self._brought_up_to_date(record_id, cached.get(record_id), stored.get(record_id, []))
            if record is not None:
                read[record_id] = record
        token = self._read.set(read)
        try:
            yield
        finally:
            self._read.reset(token)

    def _brought_up_to_date(self, record_id: UUID, cached: Any, stored: list[StoredEvent]) -> Aggregate | None:
        """The cached record with ``stored`` applied (as the library's fast-forward does), or built from them."""
        to_domain_event = self.event_store.mapper.to_domain_event
        if cached is None:
            record = replay(None, (to_domain_event(event) for event in stored))
            if isinstance(record, Aggregate):
                assert self.cache is not None
                self.cache.put(record_id, record)
                return record
            return None
        lock = self._use_fastforward_lock(record_id)
        try:
            with lock:
                # another thread may have fast-forwarded it meanwhile: apply only what it has not seen
                newer = [event for event in stored if event.originator_version > cached.version]
                brought: Any = replay(cached, (to_domain_event(event) for event in newer))
        finally:
            self._disuse_fastforward_lock(record_id)
        return brought if isinstance(brought, Aggregate) else None

    def get(self, aggregate_id: UUID, **options: Any) -> Any:
        """A copy of the record read together, if this command named it; otherwise the library's ``get``."""
        record = self._read.get().get(aggregate_id)
        if record is not None and set(options) <= {"projector_func"}:
            return deepcopy(record)
        return super().get(aggregate_id, **{"projector_func": replay, **options})
