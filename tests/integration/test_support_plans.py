"""A support plan (支援プラン) is made once, then revised with a reason; every version stays readable."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.application import Kasane
from domain.commands import CloseCase, ReviewSupportPlan
from domain.errors import DateInFuture, InvalidInput, KasaneError, NotFound, TransitionNotAllowed
from domain.support_plan import PlanAction
from tests.builders import COORDINATOR, given_open_case
from tests.expectations import refused
from tests.scenarios import PLAN_ACTIONS, adopt_layered_plan


@pytest.fixture
def case_id(city: Kasane) -> uuid.UUID:
    return given_open_case(city, opened_on=date(2026, 5, 11))


def review(app: Kasane, case_id: uuid.UUID, **overrides: object) -> None:
    fields: dict[str, object] = dict(
        actor=COORDINATOR,
        case_id=case_id,
        findings="介護申請済み。長男はサロン参加2回",
        reviewed_on=date(2026, 9, 1),
        next_review_due_on=date(2026, 12, 1),
    )
    fields.update(overrides)
    app.execute(ReviewSupportPlan(**fields))  # type: ignore[arg-type]


def test_the_first_plan_is_made_as_version_one(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    case = city.case(case_id)
    plan = case.current_plan
    assert plan is not None
    assert (plan.version, plan.plan_type, plan.adopted_on, plan.reason) == (1, "layered", date(2026, 6, 1), "")
    assert plan.actions == PLAN_ACTIONS
    assert case.next_review_due_on == date(2026, 9, 1)
    assert city.history(case_id)[-1].event == "PlanMade"


def test_a_later_plan_is_a_revision_and_earlier_versions_are_kept(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    adopt_layered_plan(
        city,
        case_id,
        goals=("長男が就労体験に参加する",),
        adopted_on=date(2026, 8, 1),
        review_due_on=date(2026, 11, 1),
        reason="長男の状況改善により目標を変更",
    )
    case = city.case(case_id)
    assert [p.version for p in case.plans] == [1, 2]
    assert case.plans[0].goals == ("父が介護サービスを利用できる", "長男が週1回外出できる")
    assert case.current_plan == case.plans[1]
    assert case.current_plan.reason == "長男の状況改善により目標を変更"
    assert case.next_review_due_on == date(2026, 11, 1)
    assert city.history(case_id)[-1].event == "PlanRevised"


def test_a_revision_needs_a_reason(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    with refused(city, InvalidInput, field="reason"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 8, 1), review_due_on=date(2026, 11, 1), reason=" ")


def test_a_revision_cannot_predate_the_current_plan(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 1))
    with refused(city, InvalidInput, field="adopted_on"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 5, 31), review_due_on=date(2026, 11, 1), reason="訂正")
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 1), review_due_on=date(2026, 11, 1), reason="同日に修正")


def test_the_review_date_must_be_after_adoption(city: Kasane, case_id: uuid.UUID) -> None:
    with refused(city, InvalidInput, field="review_due_on"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 1), review_due_on=date(2026, 6, 1))
    with refused(city, InvalidInput, field="review_due_on"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 1), review_due_on=date(2026, 5, 1))
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 1), review_due_on=date(2026, 6, 2))


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"plan_type": "wish_list"}, InvalidInput, "plan_type"),
        ({"goals": ()}, InvalidInput, "goals"),
        ({"goals": ("",)}, InvalidInput, "goals"),
        ({"goals": "一つの目標"}, InvalidInput, "goals"),
        ({"actions": ()}, InvalidInput, "actions"),
        ({"actions": (PlanAction(description="", agency="shakyo"),)}, InvalidInput, "actions"),
        ({"actions": (PlanAction(description="見守り", agency="no-such-agency"),)}, NotFound, "actions"),
        ({"actions": ({"description": "見守り", "agency": "shakyo"},)}, InvalidInput, "actions"),
        ({"review_due_on": None}, InvalidInput, "review_due_on"),
        ({"adopted_on": date(2026, 11, 21), "review_due_on": date(2027, 2, 1)}, DateInFuture, "adopted_on"),
        ({"adopted_on": date(2026, 5, 10)}, InvalidInput, "adopted_on"),
    ],
)
def test_invalid_plans_are_refused(
    city: Kasane, case_id: uuid.UUID, overrides: dict[str, object], error: type[KasaneError], field: str
) -> None:
    with refused(city, error, field=field):
        adopt_layered_plan(city, case_id, **overrides)


def test_a_closed_case_takes_no_plan(city: Kasane, case_id: uuid.UUID) -> None:
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="declined", occurred_on=date(2026, 6, 1)))
    with refused(city, TransitionNotAllowed, field="status"):
        adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 2))


# ---- reviews ----------------------------------------------------------------------


def test_a_review_sets_the_next_review_date_and_keeps_the_plan(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    review(city, case_id)
    case = city.case(case_id)
    assert case.next_review_due_on == date(2026, 12, 1)
    assert [p.version for p in case.plans] == [1]
    last = city.history(case_id)[-1]
    assert (last.event, last.data["plan_version"], last.data["findings"]) == (
        "PlanReviewed",
        1,
        "介護申請済み。長男はサロン参加2回",
    )


def test_a_review_names_the_version_it_reviewed(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 8, 1), review_due_on=date(2026, 11, 1), reason="目標変更")
    review(city, case_id)
    assert city.history(case_id)[-1].data["plan_version"] == 2


def test_a_review_without_a_next_date_leaves_none_due(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    review(city, case_id, next_review_due_on=None)
    assert city.case(case_id).next_review_due_on is None


def test_a_review_needs_a_plan(city: Kasane, case_id: uuid.UUID) -> None:
    with refused(city, NotFound, field="plan"):
        review(city, case_id)


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"findings": ""}, InvalidInput, "findings"),
        ({"next_review_due_on": date(2026, 9, 1)}, InvalidInput, "next_review_due_on"),
        ({"next_review_due_on": date(2026, 8, 1)}, InvalidInput, "next_review_due_on"),
        ({"reviewed_on": date(2026, 11, 21)}, DateInFuture, "reviewed_on"),
        ({"reviewed_on": date(2026, 5, 31)}, InvalidInput, "reviewed_on"),
    ],
)
def test_invalid_reviews_are_refused(
    city: Kasane, case_id: uuid.UUID, overrides: dict[str, object], error: type[KasaneError], field: str
) -> None:
    adopt_layered_plan(city, case_id, adopted_on=date(2026, 6, 1))
    with refused(city, error, field=field):
        review(city, case_id, **overrides)


def test_a_closed_case_takes_no_plan_review(city: Kasane, case_id: uuid.UUID) -> None:
    adopt_layered_plan(city, case_id)
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 8, 1)))
    with refused(city, TransitionNotAllowed, field="status"):
        review(city, case_id)
