"""The service layer: one application object that runs every command.

Each use case loads the aggregates it needs, asks them to decide, and saves
everything it changed in one atomic ``save``: all of a command's events are
recorded, or none. A concurrent change to the same aggregate surfaces as
``ConcurrentChange``; the caller may reload and retry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper
from eventsourcing.popo import POPOFactory
from eventsourcing.utils import resolve_topic

from domain.activity import Consultation, OutreachVisit, Placement
from domain.actor import Actor, Role
from domain.agency import Agency
from domain.area import Area
from domain.case import Case
from domain.case_use_cases import CaseUseCases
from domain.casework_use_cases import CaseworkUseCases
from domain.clock import japan_today
from domain.commands import (
    CaseCommand,
    Command,
    RegisterAgency,
    RegisterArea,
    RegisterMeetingType,
    RegisterUser,
    RetireRecord,
    SetMeetingTypeConsentRule,
)
from domain.community import CommunityActivityDetails
from domain.community_use_cases import CommunityUseCases
from domain.consent import ConsentRecord
from domain.erasure import CaseErased, ErasureUseCases
from domain.errors import AlreadyExists, ConcurrentChange, ConfigurationError, InvalidInput, NotFound
from domain.household import Member
from domain.master_data import MasterRecord
from domain.master_data_use_cases import MasterDataUseCases
from domain.meeting import ActionItem, Attendee, CaseDiscussion
from domain.meeting_type import MeetingType
from domain.meeting_use_cases import MeetingUseCases
from domain.personal_data import CaseKeys, PersonalDataMapper, SealedPersonalValue
from domain.plan import PLAN_VALUE_OBJECTS
from domain.plan_use_cases import PlanUseCases
from domain.referral import Referral
from domain.support_plan import PlanAction, PlanVersion
from domain.transcodings import register_value_objects
from domain.transfer import Transfer
from domain.use_cases import HANDLERS, Recorded, handles
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
]
"""Every dataclass that appears inside an event; other modules append theirs."""

MASTER_KINDS: dict[str, type[MasterRecord]] = {
    "agency": Agency,
    "area": Area,
    "user": User,
    "meeting_type": MeetingType,
}

_ENVELOPE = frozenset({"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_on", "actor"})


@dataclass(frozen=True)
class HistoryEntry:
    """One event of an aggregate, as plain data for timelines and audits."""

    version: int
    event: str
    occurred_on: date
    actor: Actor
    recorded_at: datetime
    data: dict[str, Any]


class _StoredEvent(Protocol):
    """What every stored Kasane event carries: each ``@event`` method takes ``occurred_on`` and ``actor``."""

    originator_version: int
    timestamp: datetime
    occurred_on: date
    actor: Actor


BLIND_RETRIES = 3
"""How many times a blind append (a command without ``expected_version``) is run again after losing a race."""


def _blind(command: Command) -> bool:
    """A command that could carry ``expected_version`` and does not: it asked to add, not to overwrite what it saw.

    Running it again on the latest state is what its sender meant; its own checks run again too (a duplicate
    entry id is still refused)."""
    return hasattr(command, "expected_version") and command.expected_version is None


class Kasane(
    ErasureUseCases,
    CaseUseCases,
    CaseworkUseCases,
    MeetingUseCases,
    CommunityUseCases,
    PlanUseCases,
    MasterDataUseCases,
    Application[UUID],
):
    """Kasane's event-sourced application (tables are named ``kasane_*``)."""

    name = "Kasane"

    def __init__(self, env: dict[str, str] | None = None, *, today: Callable[[], date] = japan_today) -> None:
        super().__init__(env)
        if isinstance(self.factory, POPOFactory):
            raise ConfigurationError("Kasane refuses to run on the in-memory event store: set the persistence module")
        self.today = today

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

    # ---- the one entry point ----------------------------------------------

    def execute(self, command: Command) -> Recorded:
        try:
            handler = HANDLERS[type(command)]
        except KeyError:
            raise TypeError(f"no use case handles {type(command).__name__}") from None
        for attempt in range(BLIND_RETRIES + 1):
            try:
                return handler(self, command)
            except ConcurrentChange:
                if not _blind(command) or attempt == BLIND_RETRIES:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    # ---- master data -------------------------------------------------------

    @handles(RegisterAgency)
    def register_agency(self, cmd: RegisterAgency) -> Recorded:
        agency = Agency.register(
            code=cmd.code,
            name=cmd.name,
            name_en=cmd.name_en,
            agency_type=cmd.agency_type,
            on=self.today(),
            actor=cmd.actor,
        )
        self._place(agency, cmd.display_order, cmd.actor)
        return self._create(agency, f"agency {agency.code}")

    @handles(RegisterArea)
    def register_area(self, cmd: RegisterArea) -> Recorded:
        area = Area.register(code=cmd.code, name=cmd.name, area_kind=cmd.area_kind, on=self.today(), actor=cmd.actor)
        self._place(area, cmd.display_order, cmd.actor)
        return self._create(area, f"area {area.code}")

    @handles(RegisterUser)
    def register_user(self, cmd: RegisterUser) -> Recorded:
        # An admin may belong to no agency: the first admin of an empty store is created before any agency.
        no_agency = cmd.role == Role.ADMIN and cmd.agency in ("", None)
        user = User.register(
            username=cmd.username,
            name=cmd.name,
            role=cmd.role,
            agency="" if no_agency else self.agency(cmd.agency, "agency"),
            on=self.today(),
            actor=cmd.actor,
        )
        return self._create(user, f"user {user.code}")

    @handles(RegisterMeetingType)
    def register_meeting_type(self, cmd: RegisterMeetingType) -> Recorded:
        meeting_type = MeetingType.register(
            code=cmd.code,
            name=cmd.name,
            name_en=cmd.name_en,
            level=cmd.level,
            requires_consent=cmd.requires_consent,
            restricted_records=cmd.restricted_records,
            on=self.today(),
            actor=cmd.actor,
        )
        self._place(meeting_type, cmd.display_order, cmd.actor)
        return self._create(meeting_type, f"meeting type {meeting_type.code}")

    @handles(SetMeetingTypeConsentRule)
    def set_meeting_type_consent_rule(self, cmd: SetMeetingTypeConsentRule) -> Recorded:
        meeting_type = self.master(MeetingType, cmd.code, "code")
        meeting_type.set_consent_rule(requires_consent=cmd.requires_consent, on=self.today(), actor=cmd.actor)
        return self._save(meeting_type)

    @handles(RetireRecord)
    def retire_record(self, cmd: RetireRecord) -> Recorded:
        try:
            kind = MASTER_KINDS[cmd.kind]
        except KeyError:
            raise InvalidInput(f"cannot retire a {cmd.kind!r}", field="kind") from None
        record = self.master(kind, cmd.code, "code")
        record.retire(reason=cmd.reason, on=self.today(), actor=cmd.actor)
        return self._save(record)

    def _place(self, record: MasterRecord, display_order: object, actor: Actor) -> None:
        """A display order given at registration is its own event, saved with the registration."""
        if display_order is not None:
            record.reorder(display_order=display_order, on=self.today(), actor=actor)

    # ---- reading -----------------------------------------------------------

    def case(self, case_id: UUID) -> Case:
        return self.get(Case, case_id, "case")

    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        """Every event of one aggregate, oldest first, as plain data."""
        stored = cast("Iterable[_StoredEvent]", self.events.get(aggregate_id))
        entries = [
            HistoryEntry(
                version=e.originator_version,
                event=type(e).__name__,
                occurred_on=e.occurred_on,
                actor=e.actor,
                recorded_at=e.timestamp,
                data={k: v for k, v in e.__dict__.items() if k not in _ENVELOPE},
            )
            for e in stored
        ]
        if not entries:
            raise NotFound("nothing has been recorded under that id", field="id")
        return entries

    # ---- loading and checking ---------------------------------------------

    def get(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            aggregate: object = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"no such {what}", field=f"{what}_id") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no such {what}", field=f"{what}_id")
        return aggregate

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
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise ConcurrentChange("someone else changed this record at the same time; reload and try again") from None
        return Recorded(id=aggregates[0].id, notification_id=recordings[-1].notification.id)
