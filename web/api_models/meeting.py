"""Request bodies of the meetings and community-activities JSON API.

Like ``web.api_models.cases``: each body names the command it becomes, ids of new
things may be given by the client (a retried request cannot record twice),
and every rule is left to the domain.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal, TypedDict
from uuid import UUID

from pydantic import BaseModel, Field

from domain.actor import Actor
from domain.community import ActivityKind
from domain.community_commands import RecordCommunityActivity
from domain.lifecycle import ClosureReason
from domain.meeting_commands import (
    CancelMeeting,
    CompleteActionItem,
    RecordHeldMeeting,
    RecordMeetingOutcome,
    ScheduleMeeting,
)
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion, DiscussionOutcome
from web.api_models.cases import Body, RecordedOut


class AttendeeIn(Body):
    agency: str = Field(examples=["shakyo"])
    role: str = Field(default="", examples=["CSW"])


class DiscussionIn(Body):
    case_id: UUID
    outcome: DiscussionOutcome = Field(examples=["roles_allocated"])
    decisions: str = ""
    role_allocation: str = ""
    closure_reason: ClosureReason | Literal[""] = Field(
        default="", description="with outcome closure_decided: why the case is closed", examples=["resolved"]
    )


class Sitting(TypedDict):
    """When and where a meeting sat, as keyword arguments of the meeting commands."""

    starts_at: str
    ends_at: str
    place: str
    recorder: str


class Outcome(Sitting):
    """What a held meeting did, as keyword arguments of ``RecordMeetingOutcome`` and ``RecordHeldMeeting``."""

    held_on: date
    is_trial: bool
    summary: str
    attendees: tuple[Attendee, ...]
    discussions: tuple[CaseDiscussion, ...]
    action_items: tuple[ActionItem, ...]


class SittingIn(Body):
    """When and where the meeting sits and who keeps the minutes; all optional."""

    starts_at: str = Field(default="", description="HH:MM, Japan time", examples=["14:00"])
    ends_at: str = Field(default="", description="HH:MM, after starts_at", examples=["15:30"])
    place: str = Field(default="", examples=["市役所 第3会議室"])
    recorder: str = Field(default="", description="who keeps the minutes", examples=["佐藤"])

    def sitting(self) -> Sitting:
        return Sitting(starts_at=self.starts_at, ends_at=self.ends_at, place=self.place, recorder=self.recorder)


class ActionItemIn(Body):
    item_id: UUID = Field(default_factory=uuid.uuid4)
    description: str = Field(examples=["長男への同行訪問"])
    owner_agency: str
    due_on: date
    case_id: UUID | None = Field(default=None, description="one of the discussed cases, when the task is about it")


class OutcomeIn(SittingIn):
    """What a held meeting did: who came, which cases, what was decided, who does what by when."""

    held_on: date
    attendees: list[AttendeeIn]
    discussions: list[DiscussionIn] = []
    action_items: list[ActionItemIn] = []
    is_trial: bool = False
    summary: str = ""

    def outcome(self) -> Outcome:
        return Outcome(
            held_on=self.held_on,
            is_trial=self.is_trial,
            summary=self.summary,
            attendees=tuple(Attendee(**a.model_dump()) for a in self.attendees),
            discussions=tuple(CaseDiscussion(**d.model_dump()) for d in self.discussions),
            action_items=tuple(ActionItem(**i.model_dump()) for i in self.action_items),
            **self.sitting(),
        )


class ScheduleMeetingIn(SittingIn):
    meeting_id: UUID = Field(default_factory=uuid.uuid4)
    meeting_type: str = Field(examples=["layered"])
    title: str = Field(examples=["11月 重層的支援会議"])
    scheduled_on: date
    convenor_agency: str = Field(examples=["fukushi-soudan"])
    planned_case_ids: list[UUID] = []

    def command(self, actor: Actor) -> ScheduleMeeting:
        return ScheduleMeeting(actor=actor, **self.fields())


class HeldMeetingIn(OutcomeIn):
    """A meeting recorded after it was held, without having been scheduled first (one atomic command)."""

    meeting_id: UUID = Field(default_factory=uuid.uuid4)
    meeting_type: str = Field(examples=["support"])
    title: str
    convenor_agency: str

    def command(self, actor: Actor) -> RecordHeldMeeting:
        return RecordHeldMeeting(
            actor=actor,
            meeting_id=self.meeting_id,
            meeting_type=self.meeting_type,
            title=self.title,
            scheduled_on=self.held_on,
            convenor_agency=self.convenor_agency,
            **self.outcome(),
        )


class MeetingOutcomeIn(OutcomeIn):
    expected_version: int | None = Field(
        default=None, description="the meeting version the client last read; a newer one answers 409"
    )

    def command(self, actor: Actor, meeting_id: UUID) -> RecordMeetingOutcome:
        return RecordMeetingOutcome(
            actor=actor, meeting_id=meeting_id, expected_version=self.expected_version, **self.outcome()
        )


class CancellationIn(Body):
    reason: str = Field(examples=["台風のため中止"])
    cancelled_on: date
    expected_version: int | None = None

    def command(self, actor: Actor, meeting_id: UUID) -> CancelMeeting:
        return CancelMeeting(actor=actor, meeting_id=meeting_id, **self.fields())


class ActionItemDoneIn(Body):
    done_on: date
    note: str = ""

    def command(self, actor: Actor, meeting_id: UUID, item_id: UUID) -> CompleteActionItem:
        return CompleteActionItem(actor=actor, meeting_id=meeting_id, item_id=item_id, **self.fields())


class CommunityActivityIn(Body):
    activity_id: UUID = Field(default_factory=uuid.uuid4)
    kind: ActivityKind = Field(examples=["consultation_session"])
    occurred_on: date
    agency: str
    title: str = Field(examples=["出張相談会（北部地区）"])
    area: str | None = None
    participants: int = Field(default=0, ge=0)
    contacts: int = Field(default=0, ge=0)
    audience: str = Field(
        default="", max_length=64, description="who it was for: an audience code (/api/admin/audiences), or empty"
    )
    note: str = ""

    def command(self, actor: Actor) -> RecordCommunityActivity:
        return RecordCommunityActivity(actor=actor, **self.fields())


class ConsentWarningOut(BaseModel):
    """A planned case the meeting could not take up on its day as things stand: consent is missing."""

    case_id: UUID
    case_number: str
    household_name: str
    message: str = Field(description="the warning in the caller's language (Japanese unless lang=en)")


class ScheduledOut(RecordedOut):
    """The scheduled meeting, and the planned cases lacking the consent its type requires (it is stored anyway)."""

    consent_warnings: list[ConsentWarningOut] = []
