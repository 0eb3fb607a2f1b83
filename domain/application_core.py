"""What every use case shares: loading aggregates, referential checks, and the one atomic save.

``Kasane`` (``domain/application.py``) is this core plus one mixin of use cases per concept; each mixin
subclasses ``KasaneCore``, so a use case sees the same typed ``self`` everywhere and nothing imports
the application class.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import date
from functools import cache
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper, Notification
from eventsourcing.popo import POPOFactory
from eventsourcing.utils import resolve_topic

from domain.activity import Consultation, OutreachVisit, Placement
from domain.actor import Actor, Role
from domain.agency import Agency
from domain.area import Area
from domain.case import Case
from domain.case_snapshots import SNAPSHOT_AFTER, PendingSnapshots, code_fingerprint, take
from domain.caseload_import import ImportedRow
from domain.clock import japan_today
from domain.commands import CaseCommand
from domain.community import CommunityActivityDetails
from domain.consent import ConsentRecord
from domain.erasure import CaseErased
from domain.errors import AlreadyExists, ConcurrentChange, ConfigurationError, InvalidInput, NotFound
from domain.household import Member
from domain.loading_together import (
    ReadsOnOneConnection,
    ReadsSnapshotsTogether,
    can_load_together,
    replay,
    replay_cases_together,
    replay_together,
)
from domain.master_data import MasterRecord
from domain.master_records import MasterRecords
from domain.meeting import SupportMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from domain.personal_data import CaseKeys, PersonalDataMapper, SealedPersonalValue
from domain.plan import PLAN_VALUE_OBJECTS
from domain.referral import Referral
from domain.support_plan import PlanAction, PlanVersion
from domain.transcodings import register_value_objects
from domain.transfer import Transfer
from domain.use_cases import Recorded
from domain.user import User
from domain.validation import check_code

A = TypeVar("A", bound=Aggregate)
M = TypeVar("M", bound=MasterRecord)

VALUE_OBJECTS: list[type[Any]] = [
    Actor,
    Member,
    ConsentRecord,
    Referral,
    PlanAction,
    PlanVersion,
    Consultation,
    OutreachVisit,
    Placement,
    Transfer,
    Attendee,
    CaseDiscussion,
    ActionItem,
    CommunityActivityDetails,
    *PLAN_VALUE_OBJECTS,
    ImportedRow,
]
"""Every dataclass that appears inside an event; other modules append theirs."""

MASTER_RECORDS_CACHED = 1024
"""Master records (agencies, areas, users, meeting types) kept in memory between commands: a few hundred per
municipality, and every command checks several of them (a meeting record: its type and each attendee's agency)."""


class KasaneCore(Application[UUID]):
    """The event-sourced application without its use cases (tables are named ``kasane_*``)."""

    name = "Kasane"

    def __init__(self, env: dict[str, str] | None = None, *, today: Callable[[], date] = japan_today) -> None:
        super().__init__(env)
        if isinstance(self.factory, POPOFactory):
            raise ConfigurationError("Kasane refuses to run on the in-memory event store: set the persistence module")
        self.today = today
        self.master_records = MasterRecords(self.events, cache_maxsize=MASTER_RECORDS_CACHED)
        """Master records from a cache instead of a replay: each ``get`` still reads the events recorded since the
        cached version (one query, usually none), so a change by any process is seen; a copy is handed out, so
        a command refused half-way leaves the cached record as it was. Cases and meetings are not cached (many,
        long-lived, personal data)."""
        self.keeps_case_snapshots = isinstance(self.recorder, ReadsSnapshotsTogether)
        if isinstance(self.recorder, ReadsSnapshotsTogether):
            self.recorder.keep_case_snapshots()
        self.pending_snapshots = PendingSnapshots()
        """Sealed snapshots of cases loaded by replaying many events, written by the save of the command that
        loaded them (``domain/case_snapshots.py``)."""
        self.reads_together: Callable[[], AbstractContextManager[None]] = (
            self.recorder.reads_together if isinstance(self.recorder, ReadsOnOneConnection) else nullcontext
        )
        """A command's reads on one connection of the store, where the recorder can (``ReadsOnOneConnection``)."""
        self._saved_here = threading.local()
        """This thread's latest save's notifications (``saved_between``)."""

    def saved_between(self, after: int, upto: int) -> list[Notification] | None:
        """The notifications after ``after`` up to ``upto``, if this thread's latest save recorded exactly those.

        A request catches the pages' read models up right after its command (``ReadModels.catch_up_pages``): the
        notifications ``save`` returned hold the stored rows (ids, topics, sealed state), so the catch-up applies
        them instead of selecting them back (0.8–1.1 ms of CPU per command at city). Ids are unique, so when this
        save's ids fill the range no other event can be in it; anything else (another process's events, an older
        save) gives None and the catch-up reads the log. Per thread: the web serves requests in threads."""
        saved: list[Notification] = getattr(self._saved_here, "notifications", [])
        if not saved or saved[0].id != after + 1 or saved[-1].id != upto or len(saved) != upto - after:
            return None
        return saved

    def close(self) -> None:
        """Close the store and release its connection pool (nothing lingers after tests or CLI runs)."""
        super().close()
        self.case_keys.close()
        engine = getattr(getattr(self.factory, "datastore", None), "engine", None)
        if engine is not None:
            engine.dispose()

    def construct_mapper(self) -> Mapper[UUID]:
        """Personal fields are sealed with their case's key (``domain/personal_data.py``).

        The key store is named by topic in the environment (``CASE_KEYS_TOPIC``,
        as eventsourcing names its ciphers), so the domain never does its I/O;
        there is no fallback that would store personal data in clear.
        """
        topic = self.env.get("CASE_KEYS_TOPIC")
        if not topic:
            raise ConfigurationError("Kasane refuses to store personal data without a key store: set CASE_KEYS_TOPIC")
        self.case_keys: CaseKeys = resolve_topic(topic)(self.env)
        return PersonalDataMapper(
            transcoder=self.construct_transcoder(),
            compressor=self.factory.compressor(),
            cipher=self.factory.cipher(),
        )

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_objects(transcoder, VALUE_OBJECTS)
        transcoder.register(SealedPersonalValue(self.case_keys))

    # ---- loading and checking ---------------------------------------------

    def case(self, case_id: UUID) -> Case:
        if can_load_together(self):
            found = self.get_many(Case, [case_id], "case")
            if case_id not in found:
                raise NotFound("no such case", field="case_id")
            return found[case_id]
        return self.get(Case, case_id, "case")

    def meeting(self, meeting_id: UUID) -> SupportMeeting:
        return self.get(SupportMeeting, meeting_id, "meeting")

    def get(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        repository = self.master_records if issubclass(kind, MasterRecord) else self.repository
        try:
            aggregate: object = repository.get(aggregate_id, projector_func=replay)
        except AggregateNotFoundError:
            raise NotFound(f"no such {what}", field=f"{what}_id") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no such {what}", field=f"{what}_id")
        return aggregate

    def get_many(self, kind: type[A], aggregate_ids: Iterable[UUID], what: str) -> dict[UUID, A]:
        """The aggregates of ``kind`` among ``aggregate_ids`` that exist, by id: a command's cases in ONE read.

        Each equals what ``get`` returns for it (``domain/loading_together.py``); the keys of cases are read
        from the key store at once too. Master records come from their cache, one by one.
        """
        ids = list(dict.fromkeys(aggregate_ids))
        if issubclass(kind, MasterRecord) or not can_load_together(self):
            found: dict[UUID, A] = {}
            for aggregate_id in ids:
                try:
                    found[aggregate_id] = self.get(kind, aggregate_id, what)
                except NotFound:
                    continue
            return found
        if issubclass(kind, Case):
            self.case_keys.prefetch(ids)
            if self.keeps_case_snapshots:
                return self._cases_from_snapshots(ids)  # type: ignore[return-value]
        return replay_together(self, kind, ids)

    def _cases_from_snapshots(self, ids: list[UUID]) -> dict[UUID, Case]:
        """The cases from their sealed snapshots and the events after them; a case that needed many events is
        snapshotted now, as loaded, and the snapshot written if the command saves it."""
        fingerprint = case_code_fingerprint()
        cases = {}
        for case_id, (case, replayed) in replay_cases_together(self, self.case_keys, ids, fingerprint).items():
            if replayed >= SNAPSHOT_AFTER and (snapshot := take(self.case_keys, case, fingerprint)) is not None:
                self.pending_snapshots.hold(case, snapshot)
            cases[case_id] = case
        return cases

    def take_case_snapshots(self, case_ids: Iterable[UUID]) -> int:
        """Snapshot these cases as they are now, whatever their events since the last one; returns how many.

        For a store whose cases have no snapshots yet (after an upgrade, or a benchmark's steady state): commands
        take them as they go, this takes them at once.
        """
        fingerprint = case_code_fingerprint()
        ids = list(dict.fromkeys(case_ids))
        self.case_keys.prefetch(ids)
        loaded = replay_cases_together(self, self.case_keys, ids, fingerprint)
        snapshots = [s for case, _ in loaded.values() if (s := take(self.case_keys, case, fingerprint)) is not None]
        if snapshots:
            self.save(case_snapshots=snapshots)
        return len(snapshots)

    def case_for(self, cmd: CaseCommand) -> Case:
        case = self.case(cmd.case_id)
        if case.personal_data_erased:
            raise CaseErased(
                "the personal data of this case has been erased; nothing more can be recorded on it", field="case_id"
            )
        if cmd.expected_version is not None and case.version != cmd.expected_version:
            raise ConcurrentChange(
                "the case was changed by someone else after you opened it; reload and try again",
                field="expected_version",
            )
        return case

    def master(self, kind: type[M], code: object, field: str) -> M:
        checked = check_code(code, field)
        try:
            return self.get(kind, kind.id_for(checked), kind.kind)
        except NotFound:
            raise NotFound(f"no {kind.kind.replace('_', ' ')} with code {checked!r}", field=field) from None

    @contextmanager
    def masters_read_together(self, wanted: Iterable[tuple[type[MasterRecord], object]]) -> Iterator[None]:
        """Within it, the records named by (kind, code) are checked from ONE read of the store (``MasterRecords``).

        Only a hint: a code that is not valid is left out here and refused by its own check as before.
        """
        ids = []
        for kind, code in wanted:
            try:
                ids.append(kind.id_for(check_code(code, "code")))
            except InvalidInput:
                continue
        with self.master_records.read_together(ids):
            yield

    def active(self, kind: type[M], code: object, field: str) -> str:
        """The code of an existing, not retired record; the referential check of every command."""
        record = self.master(kind, code, field)
        if not record.active:
            raise InvalidInput(f"{kind.kind.replace('_', ' ')} {record.code!r} has been retired", field=field)
        return record.code

    def agency(self, code: object, field: str) -> str:
        return self.active(Agency, code, field)

    def agencies(self, codes: object, field: str) -> tuple[str, ...]:
        if isinstance(codes, str) or not isinstance(codes, list | tuple):
            raise InvalidInput(f"{field} must be a list", field=field)
        return tuple(dict.fromkeys(self.agency(c, field) for c in codes))

    def area(self, code: object, field: str) -> str:
        return self.active(Area, code, field)

    def coordinator(self, username: object, field: str) -> str:
        """An active coordinator or supervisor: planners and admins never hold cases."""
        code = self.active(User, username, field)
        if self.master(User, code, field).role not in (Role.COORDINATOR, Role.SUPERVISOR):
            raise InvalidInput(f"user {code!r} is not a coordinator or supervisor and cannot hold cases", field=field)
        return code

    # ---- saving -------------------------------------------------------------

    def _create(self, aggregate: Aggregate, what: str) -> Recorded:
        """Save a new aggregate; an id already taken means it exists (or was created concurrently)."""
        try:
            return self._save(aggregate)
        except ConcurrentChange:
            raise AlreadyExists(f"{what} already exists", field="id") from None

    def _save(self, *aggregates: Aggregate) -> Recorded:
        snapshots = self.pending_snapshots.taken_of(aggregates)
        try:
            recordings = self.save(*aggregates, **({"case_snapshots": snapshots} if snapshots else {}))
        except IntegrityError:
            raise ConcurrentChange("someone else changed this record at the same time; reload and try again") from None
        self._saved_here.notifications = sorted((r.notification for r in recordings), key=lambda n: n.id)
        return Recorded(id=aggregates[0].id, notification_id=recordings[-1].notification.id)


@cache
def case_code_fingerprint() -> str:
    """The fingerprint of this process's code for case snapshots (``case_snapshots.code_fingerprint``), once."""
    return code_fingerprint(tuple(VALUE_OBJECTS), (register_value_objects, SealedPersonalValue, PersonalDataMapper))
