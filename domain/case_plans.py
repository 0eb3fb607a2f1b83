"""The support plan of a case (支援プラン): versions adopted, reviewed and voided, and the status they move."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_lifecycle import Lifecycle
from domain.case_state import CaseEvent, CaseState
from domain.consent import ConsentScope
from domain.errors import AlreadyExists, ConcurrentChange, ConsentRequired, InvalidInput, NotFound, TransitionNotAllowed
from domain.lifecycle import CaseStatus
from domain.support_plan import PlanAction, PlanType, PlanVersion
from domain.validation import check_at_most, check_choice, check_not_future, check_optional_date, check_text


class Plans(Lifecycle):
    class PlanMade(CaseEvent):
        plan: PlanVersion

        def apply(self, aggregate: CaseState) -> None:
            aggregate.plans.append(self.plan)
            aggregate.next_review_due_on = self.plan.review_due_on

    class PlanRevised(CaseEvent):
        plan: PlanVersion

        def apply(self, aggregate: CaseState) -> None:
            aggregate.plans.append(self.plan)
            aggregate.next_review_due_on = self.plan.review_due_on

    class PlanVoided(CaseEvent):
        """A version voided by mistake; ``restored_*`` name the version in force again (0 and "" for none)."""

        plan_version: int
        reason: str
        restored_version: int = 0
        restored_plan_type: str = ""
        next_review_due_on: date | None = None

        def apply(self, aggregate: CaseState) -> None:
            aggregate.voided_plan_versions = (*aggregate.voided_plan_versions, self.plan_version)
            aggregate.next_review_due_on = self.next_review_due_on

    class PlanReviewed(CaseEvent):
        plan_version: int
        findings: str
        next_review_due_on: date | None

        def apply(self, aggregate: CaseState) -> None:
            aggregate.next_review_due_on = self.next_review_due_on

    def adopt_plan(
        self,
        *,
        plan_type: object,
        goals: object,
        actions: list[PlanAction] | tuple[PlanAction, ...],
        review_due_on: object,
        reason: object = "",
        on: object,
        actor: Actor,
        today: date,
        meeting_id: UUID | None = None,
        revises_version: int | None = None,
    ) -> int:
        """Adopt a first plan or a revision; returns the new version number.

        The lifecycle follows (domain decision 2): a first plan moves プラン作成
        to 支援中; a revision is a review, so a case in 支援中 passes through
        モニタリング and is back in 支援中 under the new version (from モニタリング
        or プラン作成 it goes straight to 支援中). The moves are ordinary status
        changes, not dated before the current status began; from any other
        status (受付, アセスメント) the plan is recorded and the status left alone.
        """
        self._check_open()
        current = self._plan_to_revise(revises_version)
        day = self._dated(on, "adopted_on", today)
        if meeting_id is not None:
            self._check_plan_meeting(meeting_id, day)
        if current is not None and day < current.adopted_on:
            raise InvalidInput(
                f"a revision cannot be dated before the current plan ({current.adopted_on.isoformat()})",
                field="adopted_on",
            )
        review = _checked_review_date(review_due_on, day)
        checked_goals, checked_actions = _checked_goals(goals), _checked_actions(actions)
        version = PlanVersion(
            version=len(self.plans) + 1,
            plan_type=check_choice(plan_type, PlanType, "plan_type").value,
            goals=checked_goals,
            actions=checked_actions,
            review_due_on=review,
            adopted_on=day,
            reason=check_text(reason, "reason", required=current is not None),
            meeting_id=meeting_id,
        )
        if current is not None:
            self.trigger_event(self.PlanRevised, occurred_on=day, actor=actor, plan=version)
            self._move_with_plan(CaseStatus.IN_SUPPORT, CaseStatus.MONITORING, day, actor)
            self._move_with_plan((CaseStatus.MONITORING, CaseStatus.PLANNING), CaseStatus.IN_SUPPORT, day, actor)
        else:
            self.trigger_event(self.PlanMade, occurred_on=day, actor=actor, plan=version)
            self._move_with_plan(CaseStatus.PLANNING, CaseStatus.IN_SUPPORT, day, actor)
        return version.version

    def _plan_to_revise(self, revises_version: int | None) -> PlanVersion | None:
        """The current plan, checked against the version the user saw (0: they saw none)."""
        current = self.current_plan
        if revises_version == 0 and current is not None:
            raise AlreadyExists("the case already has a plan; review it to make the next version", field="plan")
        current_number = current.version if current is not None else 0
        if revises_version is not None and revises_version != current_number:
            raise ConcurrentChange(
                f"version {revises_version} is not the current plan (version {current_number})", field="version"
            )
        return current

    def _check_plan_meeting(self, meeting_id: UUID, day: date) -> None:
        """The meeting must have discussed this case, not after the plan's date, with consent if it needed it."""
        held_on = self.meetings.get(meeting_id)
        if held_on is None:
            raise InvalidInput("that meeting did not discuss this case", field="meeting_id")
        if day < held_on:
            raise InvalidInput(
                f"a plan adopted at a meeting cannot be dated before it ({held_on.isoformat()})", field="adopted_on"
            )
        if meeting_id in self.meetings_needing_consent and (
            self.consent_in_force(ConsentScope.MEETING_DISCUSSION, held_on) is None
        ):
            raise ConsentRequired(
                f"the case had no consent to meeting discussion in force on {held_on.isoformat()}",
                field="meeting_id",
            )

    def void_plan(self, plan_version: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Void the current plan version, adopted by mistake (domain decision 12): the history keeps it, the
        version before it is in force again (none when version 1 is voided), and it stops counting as a plan made.

        Only the current version can be voided, so that what was in force at each moment stays a chain of
        versions. Version numbers are never reused: a plan adopted afterwards takes the next number. The status
        is left as it is (a plan moved it; moving it back is the coordinator's decision, a step of its own).
        """
        current = self.current_plan
        if current is None:
            raise NotFound("the case has no plan to void", field="plan_version")
        if plan_version not in {p.version for p in self.plans} - set(self.voided_plan_versions):
            raise NotFound("the case has no plan of that version, or it has been voided", field="plan_version")
        if plan_version != current.version:
            raise TransitionNotAllowed(
                f"only the current plan (version {current.version}) can be voided", field="plan_version"
            )
        day = self._dated(on, "occurred_on", today)
        if day < current.adopted_on:
            raise InvalidInput(
                f"a void cannot be dated before the plan was adopted ({current.adopted_on.isoformat()})",
                field="occurred_on",
            )
        restored = self._plan_before(current.version)
        self.trigger_event(
            self.PlanVoided,
            occurred_on=day,
            actor=actor,
            plan_version=current.version,
            reason=check_text(reason, "reason"),
            restored_version=restored.version if restored else 0,
            restored_plan_type=restored.plan_type if restored else "",
            next_review_due_on=restored.review_due_on if restored else None,
        )

    def _plan_before(self, version: int) -> PlanVersion | None:
        standing = [p for p in self.plans if p.version < version and p.version not in self.voided_plan_versions]
        return standing[-1] if standing else None

    def review_plan(
        self,
        *,
        findings: object,
        next_review_due_on: object,
        on: object,
        actor: Actor,
        today: date,
        plan_version: int | None = None,
    ) -> None:
        """Record a plan review (見直し) without changing the plan; sets the next review date.

        It is the case's monitoring (decision 2): a case in 支援中 moves to モニタリング.
        """
        self._check_open()
        plan = self.current_plan
        if plan is None:
            raise NotFound("the case has no plan to review", field="plan")
        if plan_version is not None and plan_version != plan.version:
            raise ConcurrentChange(
                f"version {plan_version} is not the current plan (version {plan.version})", field="version"
            )
        day = check_not_future(on, "reviewed_on", today)
        if day < plan.adopted_on:
            raise InvalidInput(
                f"a review cannot be dated before the plan was adopted ({plan.adopted_on.isoformat()})",
                field="reviewed_on",
            )
        next_due = check_optional_date(next_review_due_on, "next_review_due_on")
        if next_due is not None and next_due <= day:
            raise InvalidInput("the next review must be after this one", field="next_review_due_on")
        self.trigger_event(
            self.PlanReviewed,
            occurred_on=day,
            actor=actor,
            plan_version=plan.version,
            findings=check_text(findings, "findings"),
            next_review_due_on=next_due,
        )
        self._move_with_plan(CaseStatus.IN_SUPPORT, CaseStatus.MONITORING, day, actor)


def _checked_review_date(review_due_on: object, adopted_on: date) -> date:
    review = check_optional_date(review_due_on, "review_due_on")
    if review is None:
        raise InvalidInput("a plan needs a review date", field="review_due_on")
    if review <= adopted_on:
        raise InvalidInput("the review date must be after the plan is adopted", field="review_due_on")
    return review


def _checked_goals(goals: object) -> tuple[str, ...]:
    if not isinstance(goals, list | tuple):
        raise InvalidInput("goals must be a list", field="goals")
    checked = tuple(check_text(g, "goals") for g in check_at_most(tuple(goals), "goals"))
    if not checked:
        raise InvalidInput("a plan needs at least one goal", field="goals")
    return checked


def _checked_actions(actions: object) -> tuple[PlanAction, ...]:
    if not isinstance(actions, list | tuple) or not actions:
        raise InvalidInput("a plan needs at least one action (役割分担)", field="actions")
    if not all(isinstance(a, PlanAction) for a in actions):
        raise InvalidInput("each plan action needs a description and an agency", field="actions")
    return tuple(actions)
