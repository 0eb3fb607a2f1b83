"""Request bodies of the API for responsibility, transfers, the household, issues and placement ends.

Same conventions as ``web.api_models.cases``: each names its command; ids of new
things may come from the client so a retried request records once.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from domain.activity import Channel, HandlerRole, PlacementOutcome
from domain.actor import Actor
from domain.anonymous_consultation import Topic
from domain.casework_commands import (
    AcceptTransfer,
    DeclineTransfer,
    MarkUrgentCheck,
    ReassignCoordinator,
    RecordAnonymousConsultation,
    RecordUrgentCheck,
    RequestTransfer,
    WithdrawTransfer,
)
from domain.commands import (
    AddHouseholdMember,
    CaseCommand,
    EndPlacement,
    RemoveHouseholdMember,
    TagIssues,
    UpdateHouseholdMember,
)
from domain.household import Member
from domain.issue_tags import IssueTag
from domain.validation import check_uuid
from web.api_models.cases import Body, CaseCommandIn, MemberIn


class AssignmentIn(CaseCommandIn):
    """Another coordinator of the lead agency takes the case (one step)."""

    command_type = ReassignCoordinator
    coordinator: str
    reason: str
    occurred_on: date


class TransferIn(CaseCommandIn):
    """Ask another agency to take the lead; nothing changes until it accepts."""

    command_type = RequestTransfer
    transfer_id: UUID = Field(default_factory=uuid.uuid4)
    to_agency: str
    reason: str
    occurred_on: date


class TransferAnswerIn(CaseCommandIn):
    """The transfer id comes from the path."""

    command_type: ClassVar[type[AcceptTransfer] | type[DeclineTransfer] | type[WithdrawTransfer]]

    def command(self, actor: Actor, case_id: UUID, transfer_id: UUID | None = None) -> CaseCommand:
        return self.command_type(
            actor=actor, case_id=case_id, transfer_id=check_uuid(transfer_id, "transfer_id"), **self.fields()
        )


class TransferAcceptanceIn(TransferAnswerIn):
    command_type = AcceptTransfer
    coordinator: str
    occurred_on: date
    note: str = ""


class TransferDeclineIn(TransferAnswerIn):
    command_type = DeclineTransfer
    reason: str
    occurred_on: date


class TransferWithdrawalIn(TransferAnswerIn):
    command_type = WithdrawTransfer
    reason: str
    occurred_on: date


class MemberAdditionIn(CaseCommandIn):
    command_type = AddHouseholdMember
    member: MemberIn
    occurred_on: date

    def command(self, actor: Actor, case_id: UUID) -> CaseCommand:
        return AddHouseholdMember(
            actor=actor,
            case_id=case_id,
            expected_version=self.expected_version,
            member=_member(self.member),
            occurred_on=self.occurred_on,
        )


class MemberCorrectionIn(CaseCommandIn):
    """The member's full details as they should now read (the member id comes from the path)."""

    command_type = UpdateHouseholdMember
    member: MemberIn
    occurred_on: date

    def command(self, actor: Actor, case_id: UUID, member_id: UUID | None = None) -> CaseCommand:
        member = _member(self.member.model_copy(update={"member_id": member_id or self.member.member_id}))
        return UpdateHouseholdMember(
            actor=actor,
            case_id=case_id,
            expected_version=self.expected_version,
            member=member,
            occurred_on=self.occurred_on,
        )


class MemberDepartureIn(CaseCommandIn):
    """A member leaves the household (転出・離脱); the reason is required."""

    command_type = RemoveHouseholdMember
    reason: str
    occurred_on: date

    def command(self, actor: Actor, case_id: UUID, member_id: UUID | None = None) -> CaseCommand:
        return RemoveHouseholdMember(
            actor=actor,
            case_id=case_id,
            expected_version=self.expected_version,
            member_id=check_uuid(member_id, "member_id"),
            reason=self.reason,
            occurred_on=self.occurred_on,
        )


class IssueTagsIn(CaseCommandIn):
    command_type = TagIssues
    issue_tags: list[IssueTag] = Field(examples=[["elderly", "hikikomori"]])
    occurred_on: date


class PlacementEndIn(CaseCommandIn):
    """The placement's entry id comes from the path."""

    command_type = EndPlacement
    ended_on: date
    outcome: PlacementOutcome = Field(examples=["employed"])
    note: str = ""

    def command(self, actor: Actor, case_id: UUID, entry_id: UUID | None = None) -> CaseCommand:
        return EndPlacement(actor=actor, case_id=case_id, entry_id=check_uuid(entry_id, "entry_id"), **self.fields())


def _member(m: MemberIn) -> Member:
    return Member(**m.model_dump() | {"flags": tuple(m.flags)})


class AnonymousConsultationIn(Body):
    """An anonymous consultation (匿名相談): codes only, no personal data (decision 13)."""

    consultation_id: UUID = Field(default_factory=uuid.uuid4)
    occurred_on: date
    agency: str
    channel: Channel = Field(examples=["phone"])
    handler_role: HandlerRole = Field(examples=["consultation_staff"])
    issue_tags: list[IssueTag] = Field(default=[], examples=[["poverty"]])
    topic: Topic | Literal[""] = Field(default="", description="left empty when not asked", examples=["personal_worry"])

    def command(self, actor: Actor) -> RecordAnonymousConsultation:
        return RecordAnonymousConsultation(actor=actor, **self.fields())


class UrgentCheckIn(CaseCommandIn):
    """The household must be seen within 48 hours of ``occurred_on`` (the day the information came in)."""

    command_type = MarkUrgentCheck
    check_id: UUID = Field(default_factory=uuid.uuid4)
    reason: str
    occurred_on: date


class UrgentCheckDoneIn(CaseCommandIn):
    """The check id comes from the path."""

    command_type = RecordUrgentCheck
    note: str
    occurred_on: date

    def command(self, actor: Actor, case_id: UUID, check_id: UUID | None = None) -> CaseCommand:
        return RecordUrgentCheck(
            actor=actor, case_id=case_id, check_id=check_uuid(check_id, "check_id"), **self.fields()
        )
