"""Commands: what a user asks Kasane to do, named in the imperative.

Plain frozen dataclasses, so the web forms, the JSON API, the CLI, the demo
generator and the tests all build the same objects. Ids of new things are
chosen by the caller (a retried request then cannot create a duplicate).
``expected_version`` lets a form that showed version N refuse to overwrite a
change it did not see.

This module holds the two base classes and the commands about one case;
the other areas have their own modules beside it (``master_data_commands``,
``meeting_commands``, ``community_commands``, ``casework_commands``,
``plan_commands``), so that each stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.household import Member
from domain.support_plan import PlanAction


@dataclass(frozen=True, kw_only=True)
class Command:
    actor: Actor


@dataclass(frozen=True, kw_only=True)
class CaseCommand(Command):
    case_id: UUID
    expected_version: int | None = None


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
