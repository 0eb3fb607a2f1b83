"""Commands: what a user asks Kasane to do, named in the imperative.

Plain frozen dataclasses, so the web forms, the JSON API, the CLI, the demo
generator and the tests all build the same objects. Ids of new things are
chosen by the caller (a retried request then cannot create a duplicate).
``expected_version`` lets a form that showed version N refuse to overwrite a
change it did not see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.household import Member
from domain.meeting import ActionItem as ActionItem  # re-exported for the commands' callers
from domain.meeting import Attendee as Attendee
from domain.meeting import CaseDiscussion as CaseDiscussion
from domain.support_plan import PlanAction


@dataclass(frozen=True, kw_only=True)
class Command:
    actor: Actor


@dataclass(frozen=True, kw_only=True)
class CaseCommand(Command):
    case_id: UUID
    expected_version: int | None = None


# ---- master data -----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RegisterAgency(Command):
    code: str
    name: str
    agency_type: str
    name_en: str = ""
    display_order: int | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterArea(Command):
    code: str
    name: str
    area_kind: str
    display_order: int | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterUser(Command):
    username: str
    name: str
    role: str
    agency: str


@dataclass(frozen=True, kw_only=True)
class RegisterMeetingType(Command):
    code: str
    name: str
    level: str
    requires_consent: bool
    restricted_records: bool
    name_en: str = ""
    display_order: int | None = None


@dataclass(frozen=True, kw_only=True)
class SetMeetingTypeConsentRule(Command):
    code: str
    requires_consent: bool


@dataclass(frozen=True, kw_only=True)
class RetireRecord(Command):
    """Retire an agency, area, user or meeting type (``kind`` is one of those)."""

    kind: str
    code: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class RenameRecord(Command):
    """Rename an agency, area, user or meeting type; ``name_en`` (agencies, meeting types) only when given."""

    kind: str
    code: str
    name: str
    name_en: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReorderRecord(Command):
    """Move an agency, area or meeting type in pick-lists (smaller ``display_order`` first)."""

    kind: str
    code: str
    display_order: int


@dataclass(frozen=True, kw_only=True)
class ChangeUserRole(Command):
    username: str
    role: str


@dataclass(frozen=True, kw_only=True)
class MoveUserToAgency(Command):
    username: str
    agency: str


# ---- cases -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class OpenCase(Command):
    case_id: UUID
    opened_on: date
    household_name: str
    members: tuple[Member, ...]
    issue_tags: tuple[str, ...]
    area: str
    intake_agency: str
    lead_agency: str
    coordinator: str
    channel: str
    requester_type: str
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class AddHouseholdMember(CaseCommand):
    member: Member
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class UpdateHouseholdMember(CaseCommand):
    member: Member
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class RemoveHouseholdMember(CaseCommand):
    member_id: UUID
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class TagIssues(CaseCommand):
    issue_tags: tuple[str, ...]
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class MoveCaseToArea(CaseCommand):
    area: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class AssignCase(CaseCommand):
    coordinator: str
    lead_agency: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class InvolveAgency(CaseCommand):
    agency: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class ReleaseAgency(CaseCommand):
    agency: str
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class ChangeCaseStatus(CaseCommand):
    status: str
    occurred_on: date
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class CloseCase(CaseCommand):
    reason: str
    occurred_on: date
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ReopenCase(CaseCommand):
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class RecordConsent(CaseCommand):
    consent_id: UUID
    decision: str
    scopes: tuple[str, ...]
    decided_on: date
    expires_on: date | None = None
    given_by: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SendReferral(CaseCommand):
    referral_id: UUID
    from_agency: str
    to_agency: str
    reason: str
    sent_on: date
    via_sheet: bool = False


@dataclass(frozen=True, kw_only=True)
class AnswerReferral(CaseCommand):
    referral_id: UUID
    accepted: bool
    answered_on: date
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class AdoptSupportPlan(CaseCommand):
    """Adopt the first plan, or a revision (a new version; ``reason`` required then)."""

    plan_type: str
    goals: tuple[str, ...]
    actions: tuple[PlanAction, ...]
    review_due_on: date
    adopted_on: date
    reason: str = ""
    meeting_id: UUID | None = None
    """The held meeting that discussed the case and adopted this version, if any."""
    revises_version: int | None = None
    """The plan version the user reviewed (0: none, this is the first plan); another current one is a conflict."""


@dataclass(frozen=True, kw_only=True)
class ReviewSupportPlan(CaseCommand):
    """A monitoring review (モニタリング) that keeps the plan as it is; a changed plan is a new version instead."""

    findings: str
    reviewed_on: date
    next_review_due_on: date | None = None
    plan_version: int | None = None
    """The version the user reviewed; another current one is a conflict."""


@dataclass(frozen=True, kw_only=True)
class VoidSupportPlan(CaseCommand):
    """Void the current plan version adopted by mistake; the version before it is in force again (domain
    decision 12). The case's status is left as it is: moving it back is a step of its own."""

    plan_version: int
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class RecordConsultation(CaseCommand):
    entry_id: UUID
    occurred_on: date
    agency: str
    channel: str
    handler_role: str
    requester_type: str
    is_new: bool
    issue_tags: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordOutreachVisit(CaseCommand):
    entry_id: UUID
    occurred_on: date
    agency: str
    visit_kind: str
    handler_role: str
    contact_made: bool
    accompanying_agencies: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class StartPlacement(CaseCommand):
    entry_id: UUID
    started_on: date
    agency: str
    resource_type: str
    host_organisation: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class EndPlacement(CaseCommand):
    entry_id: UUID
    ended_on: date
    outcome: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class VoidCaseEntry(CaseCommand):
    entry_id: UUID
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class CorrectCaseEntry(CaseCommand):
    """Replace an entry by a corrected version: ``changes`` maps field names to new values."""

    entry_id: UUID
    changes: dict[str, object] = field(default_factory=dict)
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class VoidConsent(CaseCommand):
    """Void a consent decision recorded by mistake (a changed decision is recorded as a new one)."""

    consent_id: UUID
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class VoidReferral(CaseCommand):
    """Void a referral sent by mistake, with its answer if any."""

    referral_id: UUID
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class VoidReferralAnswer(CaseCommand):
    """Void a referral's answer recorded by mistake; the referral awaits its answer again."""

    referral_id: UUID
    reason: str
    occurred_on: date


# ---- support meetings --------------------------------------------------------
# Attendee, CaseDiscussion and ActionItem are stored inside events, so they live
# in domain.meeting; they are imported here for the commands' callers.


@dataclass(frozen=True, kw_only=True)
class ScheduleMeeting(Command):
    meeting_id: UUID
    meeting_type: str
    title: str
    scheduled_on: date
    convenor_agency: str
    planned_case_ids: tuple[UUID, ...] = ()
    starts_at: str = ""
    """Time of day as HH:MM (Japan time); optional, as are ``ends_at``, ``place`` and ``recorder``."""
    ends_at: str = ""
    place: str = ""
    recorder: str = ""


@dataclass(frozen=True, kw_only=True)
class RescheduleMeeting(Command):
    meeting_id: UUID
    scheduled_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class CancelMeeting(Command):
    meeting_id: UUID
    reason: str
    cancelled_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordMeetingOutcome(Command):
    """Record that a scheduled meeting was held: who came, which cases, what was decided.

    Each discussed case gets a ``DiscussedAtMeeting`` event in the same atomic
    save; for a meeting type that requires consent, every case must have
    consent in force on ``held_on`` or nothing is recorded.
    """

    meeting_id: UUID
    held_on: date
    attendees: tuple[Attendee, ...]
    discussions: tuple[CaseDiscussion, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    is_trial: bool = False
    summary: str = ""
    expected_version: int | None = None
    """The meeting version the user saw; a newer one means someone else changed it first."""
    starts_at: str = ""
    ends_at: str = ""
    place: str = ""
    recorder: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordHeldMeeting(ScheduleMeeting):
    """Record a meeting that was held without having been scheduled here first.

    Scheduling and the record of the meeting are saved together with the
    discussed cases' notes, so a refusal (e.g. a case without consent) stores nothing.
    """

    held_on: date
    attendees: tuple[Attendee, ...]
    discussions: tuple[CaseDiscussion, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    is_trial: bool = False
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class CompleteActionItem(Command):
    meeting_id: UUID
    item_id: UUID
    done_on: date
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class VoidMeetingRecord(Command):
    """Void a meeting recorded by mistake; its cases' discussion notes are withdrawn too."""

    meeting_id: UUID
    reason: str
    occurred_on: date


# ---- community-level activities ----------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RecordCommunityActivity(Command):
    """An activity not tied to a case: 相談会, 地域アセスメント, 連携会議 attendance, 研修 …"""

    activity_id: UUID
    kind: str
    """One of ``domain.community.ActivityKind``."""
    occurred_on: date
    agency: str
    title: str
    area: str | None = None
    participants: int = 0
    contacts: int = 0
    audience: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CorrectCommunityActivity(Command):
    activity_id: UUID
    changes: dict[str, object] = field(default_factory=dict)
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class VoidCommunityActivity(Command):
    activity_id: UUID
    reason: str
    occurred_on: date
