"""A support plan adopted at a meeting links to it (domain decision 11), and plans move the lifecycle (decision 2)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.application import Kasane
from domain.commands import ReviewSupportPlan
from domain.errors import AlreadyExists, ConcurrentChange, InvalidInput, NotFound, TransitionNotAllowed
from tests.builders import COORDINATOR, given_consent, given_meeting, given_open_case
from tests.expectations import refused
from tests.scenarios import adopt_layered_plan, hold, move


@pytest.fixture
def case_id(city: Kasane) -> uuid.UUID:
    return given_open_case(city, opened_on=date(2026, 5, 11))


def held_layered_meeting(app: Kasane, case_id: uuid.UUID, on: date = date(2026, 6, 10)) -> uuid.UUID:
    given_consent(app, case_id, on=date(2026, 5, 20))
    meeting_id = given_meeting(app, meeting_type="layered", scheduled_on=on)
    hold(app, meeting_id, on, case_id)
    return meeting_id


def statuses(app: Kasane, case_id: uuid.UUID) -> list[tuple[str, str]]:
    return [(e.data["from_status"], e.data["to_status"]) for e in app.history(case_id) if e.event == "StatusChanged"]


def test_plan_adopted_at_a_held_layered_meeting_names_the_meeting(city: Kasane, case_id: uuid.UUID) -> None:
    meeting_id = held_layered_meeting(city, case_id)
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 10), meeting_id=meeting_id)
    plan = city.case(case_id).current_plan
    assert plan is not None
    assert (plan.version, plan.meeting_id) == (1, meeting_id)
    assert plan.actions[0].person == "北包括 田中"


def test_plan_outside_a_meeting_names_none(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    plan = city.case(case_id).current_plan
    assert plan is not None and plan.meeting_id is None


def test_plan_refuses_a_meeting_that_did_not_discuss_the_case(city: Kasane, case_id: uuid.UUID) -> None:
    other = given_open_case(city, opened_on=date(2026, 5, 11))
    meeting_id = held_layered_meeting(city, other)
    with refused(city, InvalidInput, field="meeting_id"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 10), meeting_id=meeting_id)


def test_plan_refuses_a_meeting_not_yet_held(city: Kasane, case_id: uuid.UUID) -> None:
    meeting_id = given_meeting(
        city, meeting_type="support", scheduled_on=date(2026, 6, 10), planned_case_ids=(case_id,)
    )
    with refused(city, TransitionNotAllowed, field="meeting_id"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 10), meeting_id=meeting_id)


def test_plan_refuses_an_unknown_meeting(city: Kasane, case_id: uuid.UUID) -> None:
    with refused(city, NotFound, field="meeting_id"):
        adopt_layered_plan(city, case_id, meeting_id=uuid.uuid4())


def test_plan_from_a_meeting_is_not_dated_before_it(city: Kasane, case_id: uuid.UUID) -> None:
    meeting_id = held_layered_meeting(city, case_id)
    with refused(city, InvalidInput, field="adopted_on"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 9), meeting_id=meeting_id)


def test_first_plan_moves_planning_to_in_support(city: Kasane, case_id: uuid.UUID) -> None:
    move(city, case_id, "assessment", date(2026, 5, 15))
    move(city, case_id, "planning", date(2026, 5, 25))
    adopt_layered_plan(city, case_id)
    case = city.case(case_id)
    assert (case.status.value, case.status_since) == ("in_support", date(2026, 6, 1))
    assert statuses(city, case_id)[-1] == ("planning", "in_support")


def test_revision_passes_through_monitoring_back_into_support(city: Kasane, case_id: uuid.UUID) -> None:
    move(city, case_id, "assessment", date(2026, 5, 15))
    move(city, case_id, "planning", date(2026, 5, 25))
    adopt_layered_plan(city, case_id)
    adopt_layered_plan(
        city, case_id, adopted_on=date(2026, 8, 1), review_due_on=date(2026, 11, 1), reason="目標を見直し"
    )
    assert statuses(city, case_id)[-2:] == [("in_support", "monitoring"), ("monitoring", "in_support")]
    assert city.case(case_id).status.value == "in_support"


def test_revision_from_monitoring_returns_to_support(city: Kasane, case_id: uuid.UUID) -> None:
    move(city, case_id, "assessment", date(2026, 5, 15))
    move(city, case_id, "planning", date(2026, 5, 25))
    adopt_layered_plan(city, case_id)
    move(city, case_id, "monitoring", date(2026, 7, 1))
    adopt_layered_plan(
        city, case_id, adopted_on=date(2026, 8, 1), review_due_on=date(2026, 11, 1), reason="目標を見直し"
    )
    assert statuses(city, case_id)[-1] == ("monitoring", "in_support")


@pytest.mark.parametrize("status", ["intake", "assessment"])
def test_plan_before_planning_leaves_the_status_alone(city: Kasane, case_id: uuid.UUID, status: str) -> None:
    """Decision 2 moves プラン作成 → 支援中 only; earlier, the plan is recorded and the status stays."""
    if status != "intake":
        move(city, case_id, status, date(2026, 5, 15))
    before = statuses(city, case_id)
    adopt_layered_plan(city, case_id)
    case = city.case(case_id)
    assert (case.status.value, len(case.plans)) == (status, 1)
    assert statuses(city, case_id) == before


def test_backdated_plan_does_not_move_the_status_back_in_time(city: Kasane, case_id: uuid.UUID) -> None:
    move(city, case_id, "assessment", date(2026, 5, 15))
    move(city, case_id, "planning", date(2026, 6, 5))
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 1))
    assert city.case(case_id).status.value == "planning"


def test_monitoring_review_moves_in_support_to_monitoring_and_keeps_the_plan(city: Kasane, case_id: uuid.UUID) -> None:
    move(city, case_id, "assessment", date(2026, 5, 15))
    move(city, case_id, "planning", date(2026, 5, 25))
    adopt_layered_plan(city, case_id)
    city.execute(
        ReviewSupportPlan(
            actor=COORDINATOR,
            case_id=case_id,
            findings="介護申請済み",
            reviewed_on=date(2026, 8, 1),
            next_review_due_on=date(2026, 11, 1),
            plan_version=1,
        )
    )
    case = city.case(case_id)
    assert (case.status.value, case.status_since, len(case.plans)) == ("monitoring", date(2026, 8, 1), 1)
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 9, 1), review_due_on=date(2026, 12, 1), reason="目標変更")
    assert statuses(city, case_id)[-1] == ("monitoring", "in_support")


def test_monitoring_review_of_a_version_no_longer_current_is_a_conflict(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 7, 1), review_due_on=date(2026, 10, 1), reason="目標変更")
    with refused(city, ConcurrentChange, field="version"):
        city.execute(
            ReviewSupportPlan(
                actor=COORDINATOR, case_id=case_id, findings="経過良好", reviewed_on=date(2026, 8, 1), plan_version=1
            )
        )


def test_a_revision_of_a_version_no_longer_current_is_a_conflict(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    adopt_layered_plan(
        city,
        case_id,
        adopted_on=date(2026, 7, 1),
        review_due_on=date(2026, 10, 1),
        reason="目標変更",
        revises_version=1,
    )
    with refused(city, ConcurrentChange, field="version"):
        adopt_layered_plan(
            city,
            case_id,
            adopted_on=date(2026, 8, 1),
            review_due_on=date(2026, 11, 1),
            reason="再変更",
            revises_version=1,
        )
    with refused(city, AlreadyExists, field="plan"):
        adopt_layered_plan(city, case_id, revises_version=0)
