"""The service layer: one application object that runs every command.

Each use case loads the aggregates it needs, asks them to decide, and saves
everything it changed in one atomic ``save``: all of a command's events are
recorded, or none. A concurrent change to the same aggregate surfaces as
``ConcurrentChange``; the caller may reload and retry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.popo import POPOFactory

from domain.activity import Consultation, OutreachVisit, Placement
from domain.actor import Actor
from domain.agency import Agency
from domain.area import Area
from domain.case import Case
from domain.commands import (
    AddHouseholdMember,
    AdoptSupportPlan,
    AnswerReferral,
    AssignCase,
    CaseCommand,
    ChangeCaseStatus,
    CloseCase,
    Command,
    CorrectCaseEntry,
    EndPlacement,
    InvolveAgency,
    MoveCaseToArea,
    OpenCase,
    RecordConsent,
    RecordConsultation,
    RecordOutreachVisit,
    RegisterAgency,
    RegisterArea,
    RegisterMeetingType,
    RegisterUser,
    ReleaseAgency,
    RemoveHouseholdMember,
    ReopenCase,
    RetireRecord,
    ReviewSupportPlan,
    SendReferral,
    SetMeetingTypeConsentRule,
    StartPlacement,
    TagIssues,
    UpdateHouseholdMember,
    VoidCaseEntry,
)
from domain.consent import ConsentRecord
from domain.errors import AlreadyExists, ConcurrentChange, ConfigurationError, InvalidInput, NotFound
from domain.household import Member
from domain.master_data import MasterRecord
from domain.meeting_type import MeetingType
from domain.plan import PLAN_VALUE_OBJECTS
from domain.referral import Referral
from domain.support_plan import PlanAction, PlanVersion
from domain.transcodings import register_value_objects
from domain.user import User
from domain.validation import check_code, check_optional_date, check_text

A = TypeVar("A", bound=Aggregate)
M = TypeVar("M", bound=MasterRecord)
C = TypeVar("C", bound=Command)

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
    *PLAN_VALUE_OBJECTS,
]
"""Every dataclass that appears inside an event; other modules append theirs."""

MASTER_KINDS: dict[str, type[MasterRecord]] = {
    "agency": Agency,
    "area": Area,
    "user": User,
    "meeting_type": MeetingType,
}

_ENVELOPE = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_on", "actor"}
)

_HANDLERS: dict[type[Command], Callable[[Any, Any], Recorded]] = {}


def handles(command_type: type[C]) -> Callable[[Callable[[Any, C], Recorded]], Callable[[Any, C], Recorded]]:
    """Register a method of ``Kasane`` (or of a mixin) as the use case for a command type."""

    def register(method: Callable[[Any, C], Recorded]) -> Callable[[Any, C], Recorded]:
        _HANDLERS[command_type] = method
        return method

    return register


@dataclass(frozen=True)
class Recorded:
    """What a command returns: the id it acted on and the last notification id it wrote.

    Readers that must show the change wait until their projection has
    processed ``notification_id``.
    """

    id: UUID
    notification_id: int


@dataclass(frozen=True)
class HistoryEntry:
    """One event of an aggregate, as plain data for timelines and audits."""

    version: int
    event: str
    occurred_on: date
    actor: Actor
    recorded_at: datetime
    data: dict[str, Any]


from domain.plan_use_cases import PlanUseCases  # noqa: E402 - the mixin needs handles and Recorded above


class Kasane(PlanUseCases, Application):
    """Kasane's event-sourced application (tables are named ``kasane_*``)."""

    name = "Kasane"

    def __init__(self, env: dict[str, str] | None = None, *, today: Callable[[], date] = date.today) -> None:
        super().__init__(env)
        if isinstance(self.factory, POPOFactory):
            raise ConfigurationError(
                "Kasane refuses to run on the in-memory event store: set the persistence module"
            )
        self.today = today

    def close(self) -> None:
        """Close the store and release its connection pool (nothing lingers after tests or CLI runs)."""
        super().close()
        engine = getattr(getattr(self.factory, "datastore", None), "engine", None)
        if engine is not None:
            engine.dispose()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_value_objects(transcoder, VALUE_OBJECTS)

    # ---- the one entry point ----------------------------------------------

    def execute(self, command: Command) -> Recorded:
        try:
            handler = _HANDLERS[type(command)]
        except KeyError:
            raise TypeError(f"no use case handles {type(command).__name__}") from None
        return handler(self, command)

    # ---- master data -------------------------------------------------------

    @handles(RegisterAgency)
    def register_agency(self, cmd: RegisterAgency) -> Recorded:
        agency = Agency.register(
            code=cmd.code, name=cmd.name, name_en=cmd.name_en, agency_type=cmd.agency_type,
            on=self.today(), actor=cmd.actor,
        )
        return self._create(agency, f"agency {agency.code}")

    @handles(RegisterArea)
    def register_area(self, cmd: RegisterArea) -> Recorded:
        area = Area.register(code=cmd.code, name=cmd.name, area_kind=cmd.area_kind, on=self.today(), actor=cmd.actor)
        return self._create(area, f"area {area.code}")

    @handles(RegisterUser)
    def register_user(self, cmd: RegisterUser) -> Recorded:
        user = User.register(
            username=cmd.username, name=cmd.name, role=cmd.role,
            agency=self.agency(cmd.agency, "agency"), on=self.today(), actor=cmd.actor,
        )
        return self._create(user, f"user {user.code}")

    @handles(RegisterMeetingType)
    def register_meeting_type(self, cmd: RegisterMeetingType) -> Recorded:
        meeting_type = MeetingType.register(
            code=cmd.code, name=cmd.name, name_en=cmd.name_en, level=cmd.level,
            requires_consent=cmd.requires_consent, restricted_records=cmd.restricted_records,
            on=self.today(), actor=cmd.actor,
        )
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

    # ---- cases -------------------------------------------------------------

    @handles(OpenCase)
    def open_case(self, cmd: OpenCase) -> Recorded:
        case = Case.open(
            case_id=cmd.case_id,
            opened_on=cmd.opened_on,
            actor=cmd.actor,
            household_name=cmd.household_name,
            members=cmd.members,
            issue_tags=cmd.issue_tags,
            area=self.area(cmd.area, "area"),
            intake_agency=self.agency(cmd.intake_agency, "intake_agency"),
            lead_agency=self.agency(cmd.lead_agency, "lead_agency"),
            coordinator=self.coordinator(cmd.coordinator, "coordinator"),
            channel=cmd.channel,
            requester_type=cmd.requester_type,
            summary=cmd.summary,
            today=self.today(),
        )
        return self._create(case, "case")

    @handles(AddHouseholdMember)
    def add_household_member(self, cmd: AddHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.add_member(cmd.member, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(UpdateHouseholdMember)
    def update_household_member(self, cmd: UpdateHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.update_member(cmd.member, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(RemoveHouseholdMember)
    def remove_household_member(self, cmd: RemoveHouseholdMember) -> Recorded:
        case = self.case_for(cmd)
        case.remove_member(cmd.member_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(TagIssues)
    def tag_issues(self, cmd: TagIssues) -> Recorded:
        case = self.case_for(cmd)
        case.tag_issues(cmd.issue_tags, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(MoveCaseToArea)
    def move_case_to_area(self, cmd: MoveCaseToArea) -> Recorded:
        case = self.case_for(cmd)
        case.move_to_area(self.area(cmd.area, "area"), on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(AssignCase)
    def assign_case(self, cmd: AssignCase) -> Recorded:
        case = self.case_for(cmd)
        case.assign(
            coordinator=self.coordinator(cmd.coordinator, "coordinator"),
            lead_agency=self.agency(cmd.lead_agency, "lead_agency"),
            on=cmd.occurred_on, actor=cmd.actor, today=self.today(),
        )
        return self._save(case)

    @handles(InvolveAgency)
    def involve_agency(self, cmd: InvolveAgency) -> Recorded:
        case = self.case_for(cmd)
        case.involve_agency(self.agency(cmd.agency, "agency"), on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(ReleaseAgency)
    def release_agency(self, cmd: ReleaseAgency) -> Recorded:
        case = self.case_for(cmd)
        case.release_agency(cmd.agency, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(ChangeCaseStatus)
    def change_case_status(self, cmd: ChangeCaseStatus) -> Recorded:
        case = self.case_for(cmd)
        case.change_status(cmd.status, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(CloseCase)
    def close_case(self, cmd: CloseCase) -> Recorded:
        case = self.case_for(cmd)
        case.close(reason=cmd.reason, note=cmd.note, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(ReopenCase)
    def reopen_case(self, cmd: ReopenCase) -> Recorded:
        case = self.case_for(cmd)
        case.reopen(reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(RecordConsent)
    def record_consent(self, cmd: RecordConsent) -> Recorded:
        case = self.case_for(cmd)
        case.record_consent(
            consent_id=cmd.consent_id, decision=cmd.decision, scopes=cmd.scopes, on=cmd.decided_on,
            expires_on=cmd.expires_on, given_by=cmd.given_by, note=cmd.note, actor=cmd.actor, today=self.today(),
        )
        return self._save(case)

    @handles(SendReferral)
    def send_referral(self, cmd: SendReferral) -> Recorded:
        case = self.case_for(cmd)
        case.send_referral(
            referral_id=cmd.referral_id,
            from_agency=self.agency(cmd.from_agency, "from_agency"),
            to_agency=self.agency(cmd.to_agency, "to_agency"),
            reason=cmd.reason, via_sheet=cmd.via_sheet, on=cmd.sent_on, actor=cmd.actor, today=self.today(),
        )
        return self._save(case)

    @handles(AnswerReferral)
    def answer_referral(self, cmd: AnswerReferral) -> Recorded:
        case = self.case_for(cmd)
        case.answer_referral(
            referral_id=cmd.referral_id, accepted=cmd.accepted, note=cmd.note,
            on=cmd.answered_on, actor=cmd.actor, today=self.today(),
        )
        return self._save(case)

    @handles(AdoptSupportPlan)
    def adopt_support_plan(self, cmd: AdoptSupportPlan) -> Recorded:
        case = self.case_for(cmd)
        actions = tuple(self._plan_action(a) for a in cmd.actions)
        case.adopt_plan(
            plan_type=cmd.plan_type, goals=cmd.goals, actions=actions, review_due_on=cmd.review_due_on,
            reason=cmd.reason, on=cmd.adopted_on, actor=cmd.actor, today=self.today(),
        )
        return self._save(case)

    @handles(ReviewSupportPlan)
    def review_support_plan(self, cmd: ReviewSupportPlan) -> Recorded:
        case = self.case_for(cmd)
        case.review_plan(
            findings=cmd.findings, next_review_due_on=cmd.next_review_due_on,
            on=cmd.reviewed_on, actor=cmd.actor, today=self.today(),
        )
        return self._save(case)

    @handles(RecordConsultation)
    def record_consultation(self, cmd: RecordConsultation) -> Recorded:
        case = self.case_for(cmd)
        case.record_consultation(
            actor=cmd.actor, today=self.today(), entry_id=cmd.entry_id, occurred_on=cmd.occurred_on,
            agency=self.agency(cmd.agency, "agency"), channel=cmd.channel, handler_role=cmd.handler_role,
            requester_type=cmd.requester_type, is_new=cmd.is_new, issue_tags=cmd.issue_tags, summary=cmd.summary,
        )
        return self._save(case)

    @handles(RecordOutreachVisit)
    def record_outreach_visit(self, cmd: RecordOutreachVisit) -> Recorded:
        case = self.case_for(cmd)
        case.record_outreach(
            actor=cmd.actor, today=self.today(), entry_id=cmd.entry_id, occurred_on=cmd.occurred_on,
            agency=self.agency(cmd.agency, "agency"), visit_kind=cmd.visit_kind, handler_role=cmd.handler_role,
            accompanying_agencies=self.agencies(cmd.accompanying_agencies, "accompanying_agencies"),
            contact_made=cmd.contact_made, note=cmd.note,
        )
        return self._save(case)

    @handles(StartPlacement)
    def start_placement(self, cmd: StartPlacement) -> Recorded:
        case = self.case_for(cmd)
        case.start_placement(
            actor=cmd.actor, today=self.today(), entry_id=cmd.entry_id, occurred_on=cmd.started_on,
            agency=self.agency(cmd.agency, "agency"), resource_type=cmd.resource_type,
            host_organisation=cmd.host_organisation, note=cmd.note,
        )
        return self._save(case)

    @handles(EndPlacement)
    def end_placement(self, cmd: EndPlacement) -> Recorded:
        case = self.case_for(cmd)
        case.end_placement(
            entry_id=cmd.entry_id, on=cmd.ended_on, outcome=cmd.outcome, note=cmd.note,
            actor=cmd.actor, today=self.today(),
        )
        return self._save(case)

    @handles(VoidCaseEntry)
    def void_case_entry(self, cmd: VoidCaseEntry) -> Recorded:
        case = self.case_for(cmd)
        case.void_entry(cmd.entry_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        return self._save(case)

    @handles(CorrectCaseEntry)
    def correct_case_entry(self, cmd: CorrectCaseEntry) -> Recorded:
        case = self.case_for(cmd)
        changes = dict(cmd.changes)
        if "agency" in changes:
            changes["agency"] = self.agency(changes["agency"], "agency")
        if "accompanying_agencies" in changes:
            changes["accompanying_agencies"] = self.agencies(changes["accompanying_agencies"], "accompanying_agencies")
        case.correct_entry(
            cmd.entry_id, changes, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    # ---- reading -----------------------------------------------------------

    def case(self, case_id: UUID) -> Case:
        return self.get(Case, case_id, "case")

    def history(self, aggregate_id: UUID) -> list[HistoryEntry]:
        """Every event of one aggregate, oldest first, as plain data."""
        entries = [
            HistoryEntry(
                version=e.originator_version,
                event=type(e).__name__,
                occurred_on=e.occurred_on,
                actor=e.actor,
                recorded_at=e.timestamp,
                data={
                    k: v for k, v in e.__dict__.items()
                    if k not in _ENVELOPE
                },
            )
            for e in self.events.get(aggregate_id)
        ]
        if not entries:
            raise NotFound("nothing has been recorded under that id", field="id")
        return entries

    # ---- loading and checking ---------------------------------------------

    def get(self, kind: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"no such {what}", field=f"{what}_id") from None
        if not isinstance(aggregate, kind):
            raise NotFound(f"no such {what}", field=f"{what}_id")
        return aggregate

    def case_for(self, cmd: CaseCommand) -> Case:
        case = self.case(cmd.case_id)
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
        return self.active(User, username, field)

    def _plan_action(self, action: PlanAction) -> PlanAction:
        if not isinstance(action, PlanAction):
            raise InvalidInput("each plan action needs a description and an agency", field="actions")
        return PlanAction(
            description=check_text(action.description, "actions"),
            agency=self.agency(action.agency, "actions"),
            due_on=check_optional_date(action.due_on, "actions"),
        )

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
            raise ConcurrentChange(
                "someone else changed this record at the same time; reload and try again"
            ) from None
        return Recorded(id=aggregates[0].id, notification_id=recordings[-1].notification.id)

