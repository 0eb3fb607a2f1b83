"""Request and response bodies of the JSON API.

Each request model names the command it becomes (``command``); ids of new
things may be given by the client (so a retried request cannot record
twice) and are generated otherwise. Rule checks stay in the domain.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.activity import (  # enumerated values are declared as enums in the schema
    Channel,
    HandlerRole,
    RequesterType,
    ResourceType,
    VisitKind,
)
from domain.actor import Actor
from domain.commands import (
    AnswerReferral,
    CaseCommand,
    ChangeCaseStatus,
    CloseCase,
    OpenCase,
    RecordConsent,
    RecordConsultation,
    RecordOutreachVisit,
    ReopenCase,
    SendReferral,
    StartPlacement,
)
from domain.consent import ConsentDecision, ConsentScope
from domain.household import Member, MemberFlag, Relationship
from domain.issue_tags import IssueTag
from domain.lifecycle import CaseStatus, ClosureReason
from domain.validation import check_uuid


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def fields(self) -> dict[str, Any]:
        """The fields as command arguments: lists become tuples, as commands hold them."""
        return {k: tuple(v) if isinstance(v, list) else v for k, v in self.model_dump().items()}


class MemberIn(Body):
    member_id: UUID = Field(default_factory=uuid.uuid4)
    name: str = ""
    kana: str = ""
    birth_date: date | None = None
    relationship: Relationship = Field(examples=["principal"])
    flags: list[MemberFlag] = []
    anonymous: bool = False


class OpenCaseIn(Body):
    case_id: UUID = Field(default_factory=uuid.uuid4)
    opened_on: date
    household_name: str = Field(examples=["山田家"])
    members: list[MemberIn]
    issue_tags: list[IssueTag] = Field(default=[], examples=[["elderly", "hikikomori"]])
    area: str
    intake_agency: str
    lead_agency: str
    coordinator: str
    channel: Channel = Field(examples=["window"])
    requester_type: RequesterType = Field(examples=["family"])
    summary: str = ""

    def command(self, actor: Actor) -> OpenCase:
        fields = self.fields()
        fields["members"] = tuple(Member(**m.model_dump() | {"flags": tuple(m.flags)}) for m in self.members)
        return OpenCase(actor=actor, **fields)


class CaseCommandIn(Body):
    command_type: ClassVar[type[CaseCommand]]
    expected_version: int | None = Field(
        default=None, description="the case version the client last read; a newer one makes the request fail with 409"
    )

    def command(self, actor: Actor, case_id: UUID) -> CaseCommand:
        return self.command_type(actor=actor, case_id=case_id, **self.fields())


class ConsultationIn(CaseCommandIn):
    command_type = RecordConsultation
    entry_id: UUID = Field(default_factory=uuid.uuid4)
    occurred_on: date
    agency: str
    channel: Channel = Field(examples=["phone"])
    handler_role: HandlerRole = Field(examples=["consultation_staff"])
    requester_type: RequesterType = Field(examples=["self"])
    is_new: bool = False
    issue_tags: list[IssueTag] = []
    summary: str = ""


class OutreachVisitIn(CaseCommandIn):
    command_type = RecordOutreachVisit
    entry_id: UUID = Field(default_factory=uuid.uuid4)
    occurred_on: date
    agency: str
    visit_kind: VisitKind = Field(examples=["home_visit"])
    handler_role: HandlerRole = Field(examples=["csw"])
    contact_made: bool
    accompanying_agencies: list[str] = []
    note: str = ""


class ReferralIn(CaseCommandIn):
    command_type = SendReferral
    referral_id: UUID = Field(default_factory=uuid.uuid4)
    from_agency: str
    to_agency: str
    reason: str
    sent_on: date
    via_sheet: bool = False


class ReferralAnswerIn(CaseCommandIn):
    command_type = AnswerReferral
    accepted: bool
    answered_on: date
    note: str = ""

    def command(self, actor: Actor, case_id: UUID, referral_id: UUID | None = None) -> CaseCommand:
        return AnswerReferral(
            actor=actor, case_id=case_id, referral_id=check_uuid(referral_id, "referral_id"), **self.fields()
        )


class PlacementIn(CaseCommandIn):
    command_type = StartPlacement
    entry_id: UUID = Field(default_factory=uuid.uuid4)
    started_on: date
    agency: str
    resource_type: ResourceType = Field(examples=["place_to_belong"])
    host_organisation: str
    note: str = ""


class ConsentIn(CaseCommandIn):
    command_type = RecordConsent
    consent_id: UUID = Field(default_factory=uuid.uuid4)
    decision: ConsentDecision = Field(examples=["given"])
    scopes: list[ConsentScope] = Field(examples=[["meeting_discussion"]])
    decided_on: date
    expires_on: date | None = None
    given_by: str = ""
    note: str = ""


class StatusChangeIn(CaseCommandIn):
    command_type = ChangeCaseStatus
    status: CaseStatus = Field(examples=["assessment"])
    occurred_on: date
    reason: str = ""


class ClosureIn(CaseCommandIn):
    command_type = CloseCase
    reason: ClosureReason = Field(examples=["resolved"])
    occurred_on: date
    note: str = ""


class ReopeningIn(CaseCommandIn):
    command_type = ReopenCase
    reason: str
    occurred_on: date


class RecordedOut(BaseModel):
    """What was recorded: the id acted on and the last notification id written."""

    id: UUID
    notification_id: int


class ErrorDetail(BaseModel):
    code: str = Field(examples=["date_in_future"])
    field: str | None = Field(examples=["occurred_on"])
    message: str = Field(examples=["occurred_on 2027-01-01 is in the future"])
    errors: dict[str, str]


class ErrorOut(BaseModel):
    """A refusal: which rule (``code``), on which field, in plain English."""

    detail: ErrorDetail
