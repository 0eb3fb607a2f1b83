"""The support plan form (支援プランの作成・見直し): goals and actions as numbered rows.

Rows are numbered fields (``goals-0``, ``actions-0-description`` …) like the
intake's member rows; htmx adds one more row at a time and a blank row is
ignored. A case without a plan gets version 1; a case with one gets a
revision (見直し), prefilled from the current version, whose reason is
required. A problem in a row is reported on the group (目標 / 役割分担), so the
page names it by its label.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.commands import AdoptSupportPlan
from domain.support_plan import PlanAction
from web.forms.reader import FormReader, Values, initial
from web.views.support_plan_view import PlanVersionView

MIN_ROWS = 2
ACTION_FIELDS = ("description", "agency", "person", "due_on")
GROUPS = ("goals", "actions")


def defaults(
    current: PlanVersionView | None, actor: Actor, today: date, meeting_id: UUID | None, meeting_on: date | None
) -> Values:
    """A fresh form: version 1 empty, or a revision starting from the current version's content."""
    fields: dict[str, object] = {
        "plan_type": "layered",
        "adopted_on": meeting_on or today,
        "meeting_id": meeting_id,
        "actions-0-agency": actor.agency_id,
        "revises_version": current.version if current else 0,
    }
    if current is not None:
        fields["plan_type"] = current.plan_type
        fields.update({f"goals-{i}": g for i, g in enumerate(current.goals)})
        for i, a in enumerate(current.actions):
            fields.update(
                {
                    f"actions-{i}-description": a.description,
                    f"actions-{i}-agency": a.agency,
                    f"actions-{i}-person": a.person,
                    f"actions-{i}-due_on": a.due_on,
                }
            )
    return initial(**fields)


def rows(values: Values, group: str) -> list[int]:
    """The row numbers of a group to show: every submitted row, and at least ``MIN_ROWS``."""
    numbers = {int(key.split("-")[1]) for key in values if key.startswith(f"{group}-") and key.split("-")[1].isdigit()}
    return sorted(numbers | set(range(MIN_ROWS)))


def _goals(f: FormReader) -> tuple[str, ...]:
    return tuple(g for g in (f.text(f"goals-{row}") for row in rows(f.values, "goals")) if g)


def _actions(f: FormReader) -> tuple[PlanAction, ...]:
    actions = []
    for row in rows(f.values, "actions"):
        p = f"actions-{row}-"
        description, agency, person = f.text(p + "description"), f.text(p + "agency"), f.text(p + "person")
        due_text = f.text(p + "due_on")
        if not (description or person or due_text):
            continue  # a blank row (its agency pick-list alone does not make an action)
        due = f.day(p + "due_on", required=False)
        if p + "due_on" in f.errors:
            f.errors.setdefault("actions", f.errors.pop(p + "due_on"))
        if not description or not agency:
            f.errors.setdefault("actions", "required")
        actions.append(PlanAction(description=description, agency=agency, person=person, due_on=due))
    return tuple(actions)


def command(values: Values, case_id: UUID, actor: Actor) -> AdoptSupportPlan:
    """The adoption the form asks for; raises ``FormInvalid`` naming every unreadable field."""
    f = FormReader(values)
    version = f.version()
    meeting = f.text("meeting_id")
    meeting_id = f.uuid("meeting_id") if meeting else None
    goals, actions = _goals(f), _actions(f)
    adopted_on, review_due_on = f.day("adopted_on"), f.day("review_due_on")
    plan_type = f.text("plan_type", required=True)
    revises = f.version("revises_version")
    f.check()
    assert adopted_on is not None and review_due_on is not None
    return AdoptSupportPlan(
        actor=actor,
        case_id=case_id,
        expected_version=version,
        plan_type=plan_type,
        goals=goals,
        actions=actions,
        review_due_on=review_due_on,
        adopted_on=adopted_on,
        reason=f.text("reason"),
        meeting_id=meeting_id,
        revises_version=revises,
    )
