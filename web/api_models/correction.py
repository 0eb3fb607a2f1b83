"""Request bodies of the void / correct endpoints of the JSON API.

A void needs a reason; a correction names only the fields that change
(``changes``), and the domain re-checks the whole corrected record. The
date of the void or correction defaults to today (Japan time, the app's
``today``).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from pydantic import Field

from domain.activity import Channel, HandlerRole, RequesterType, ResourceType, VisitKind
from domain.actor import Actor
from domain.commands import (
    CorrectCaseEntry,
    VoidCaseEntry,
    VoidConsent,
    VoidReferral,
    VoidReferralAnswer,
    VoidSupportPlan,
)
from domain.community import ActivityKind
from domain.community_commands import CorrectCommunityActivity, VoidCommunityActivity
from domain.issue_tags import IssueTag
from domain.meeting_commands import VoidMeetingRecord
from web.api_models.cases import Body


class VoidIn(Body):
    reason: str = Field(examples=["別世帯の記録を誤って入力した"])
    occurred_on: date | None = Field(default=None, description="the date of the void; today when left out")


class CaseVoidIn(VoidIn):
    expected_version: int | None = Field(default=None, description="the case version the client last read")


class EntryVoidIn(CaseVoidIn):
    def command(self, actor: Actor, case_id: UUID, entry_id: UUID, today: date) -> VoidCaseEntry:
        return VoidCaseEntry(
            actor=actor,
            case_id=case_id,
            entry_id=entry_id,
            reason=self.reason,
            occurred_on=self.occurred_on or today,
            expected_version=self.expected_version,
        )


class Changes(Body):
    def changes(self) -> dict[str, Any]:
        """Only the fields the client sent, as the domain holds them (lists become tuples)."""
        return {k: tuple(v) if isinstance(v, list) else v for k, v in self.model_dump(exclude_unset=True).items()}


class EntryChangesIn(Changes):
    """The fields of a consultation, outreach visit or placement to change (only those of the entry's kind)."""

    occurred_on: date | None = Field(default=None, description="when the entry happened (a placement's start)")
    agency: str | None = None
    channel: Channel | None = None
    handler_role: HandlerRole | None = None
    requester_type: RequesterType | None = None
    is_new: bool | None = None
    issue_tags: list[IssueTag] | None = None
    summary: str | None = None
    visit_kind: VisitKind | None = None
    contact_made: bool | None = None
    accompanying_agencies: list[str] | None = None
    note: str | None = None
    resource_type: ResourceType | None = None
    host_organisation: str | None = None


class EntryCorrectionIn(VoidIn):
    changes: EntryChangesIn
    expected_version: int | None = Field(default=None, description="the case version the client last read")

    def command(self, actor: Actor, case_id: UUID, entry_id: UUID, today: date) -> CorrectCaseEntry:
        return CorrectCaseEntry(
            actor=actor,
            case_id=case_id,
            entry_id=entry_id,
            changes=self.changes.changes(),
            reason=self.reason,
            occurred_on=self.occurred_on or today,
            expected_version=self.expected_version,
        )


class MeetingVoidIn(VoidIn):
    def command(self, actor: Actor, meeting_id: UUID, today: date) -> VoidMeetingRecord:
        return VoidMeetingRecord(
            actor=actor, meeting_id=meeting_id, reason=self.reason, occurred_on=self.occurred_on or today
        )


class ActivityVoidIn(VoidIn):
    def command(self, actor: Actor, activity_id: UUID, today: date) -> VoidCommunityActivity:
        return VoidCommunityActivity(
            actor=actor, activity_id=activity_id, reason=self.reason, occurred_on=self.occurred_on or today
        )


class ActivityChangesIn(Changes):
    """The details of a community activity to change (its agency stays: it decides who may amend it)."""

    kind: ActivityKind | None = None
    occurred_on: date | None = None
    title: str | None = None
    area: str | None = None
    participants: int | None = Field(default=None, ge=0)
    contacts: int | None = Field(default=None, ge=0)
    audience: str | None = Field(default=None, max_length=64, description="an audience code, or empty for none")
    note: str | None = None


class ActivityCorrectionIn(VoidIn):
    changes: ActivityChangesIn

    def command(self, actor: Actor, activity_id: UUID, today: date) -> CorrectCommunityActivity:
        return CorrectCommunityActivity(
            actor=actor,
            activity_id=activity_id,
            changes=self.changes.changes(),
            reason=self.reason,
            occurred_on=self.occurred_on or today,
        )


class ReferralVoidIn(CaseVoidIn):
    def command(
        self, actor: Actor, case_id: UUID, referral_id: UUID, today: date, answer_only: bool = False
    ) -> VoidReferral | VoidReferralAnswer:
        kind = VoidReferralAnswer if answer_only else VoidReferral
        return kind(
            actor=actor,
            case_id=case_id,
            referral_id=referral_id,
            reason=self.reason,
            occurred_on=self.occurred_on or today,
            expected_version=self.expected_version,
        )


class ConsentVoidIn(CaseVoidIn):
    def command(self, actor: Actor, case_id: UUID, consent_id: UUID, today: date) -> VoidConsent:
        return VoidConsent(
            actor=actor,
            case_id=case_id,
            consent_id=consent_id,
            reason=self.reason,
            occurred_on=self.occurred_on or today,
            expected_version=self.expected_version,
        )


class PlanVoidIn(CaseVoidIn):
    """The void of a support plan version adopted by mistake: only the current version; the one before it is in
    force again, and the case's status stays where it is."""

    def command(self, actor: Actor, case_id: UUID, version: int, today: date) -> VoidSupportPlan:
        return VoidSupportPlan(
            actor=actor,
            case_id=case_id,
            plan_version=version,
            reason=self.reason,
            occurred_on=self.occurred_on or today,
            expected_version=self.expected_version,
        )
