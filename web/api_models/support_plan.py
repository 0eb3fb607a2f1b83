"""Request and response bodies of the support plan API (支援プラン).

Adopting makes version 1; a review (見直し) names the version it reviews and
makes the next one, so a client that read an older version is refused (409)
rather than silently revising a plan it has not seen.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.actor import Actor
from domain.commands import AdoptSupportPlan, ReviewSupportPlan
from domain.support_plan import PlanAction, PlanType


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanActionIn(_Body):
    description: str = Field(examples=["父の介護保険申請を支援"])
    agency: str = Field(examples=["houkatsu-kita"])
    person: str = Field(default="", description="担当者 at that agency")
    due_on: date | None = None


class PlanContentIn(_Body):
    plan_type: PlanType = Field(default=PlanType("layered"), examples=["layered"])
    goals: list[str] = Field(examples=[["父が介護サービスを利用できる", "長男が週1回外出できる"]])
    actions: list[PlanActionIn]
    review_due_on: date = Field(description="見直し予定日: after the adoption date")
    meeting_id: UUID | None = Field(
        default=None, description="the held 支援会議 / 重層的支援会議 that discussed the case and adopted this version"
    )
    expected_version: int | None = Field(
        default=None, description="the case version the client last read; a newer one makes the request fail with 409"
    )

    def _command(self, actor: Actor, case_id: UUID, adopted_on: date, reason: str, revises: int) -> AdoptSupportPlan:
        return AdoptSupportPlan(
            actor=actor,
            case_id=case_id,
            expected_version=self.expected_version,
            plan_type=self.plan_type,
            goals=tuple(self.goals),
            actions=tuple(PlanAction(**a.model_dump()) for a in self.actions),
            review_due_on=self.review_due_on,
            adopted_on=adopted_on,
            reason=reason,
            meeting_id=self.meeting_id,
            revises_version=revises,
        )


class PlanAdoptionIn(PlanContentIn):
    """The first plan of the case (version 1)."""

    adopted_on: date

    def command(self, actor: Actor, case_id: UUID) -> AdoptSupportPlan:
        return self._command(actor, case_id, self.adopted_on, "", revises=0)


class PlanReviewIn(PlanContentIn):
    """A review (見直し) of the current version: the plan as it stands after the review becomes the next version."""

    reviewed_on: date
    reason: str = Field(description="why the plan was reviewed and what changed (見直しの理由)")

    def command(self, actor: Actor, case_id: UUID, version: int) -> AdoptSupportPlan:
        return self._command(actor, case_id, self.reviewed_on, self.reason, revises=version)


class PlanMonitoringIn(_Body):
    """A monitoring review (モニタリング) of the current version that keeps the plan as it is."""

    reviewed_on: date
    findings: str = Field(description="how the plan is going (経過)")
    next_review_due_on: date | None = Field(default=None, description="the next review date, after this one")
    expected_version: int | None = Field(
        default=None, description="the case version the client last read; a newer one makes the request fail with 409"
    )

    def command(self, actor: Actor, case_id: UUID, version: int) -> ReviewSupportPlan:
        return ReviewSupportPlan(
            actor=actor,
            case_id=case_id,
            expected_version=self.expected_version,
            findings=self.findings,
            reviewed_on=self.reviewed_on,
            next_review_due_on=self.next_review_due_on,
            plan_version=version,
        )


class PlanActionOut(BaseModel):
    description: str
    agency: str
    person: str
    due_on: date | None


class PlanVersionOut(BaseModel):
    version: int
    plan_type: str
    goals: list[str]
    actions: list[PlanActionOut]
    review_due_on: date
    adopted_on: date
    reason: str
    meeting_id: UUID | None
    adopted_by: str
    adopted_by_agency: str


class PlanRecordedOut(BaseModel):
    case_id: UUID
    case_version: int
    plan_version: int
    case_status: str
