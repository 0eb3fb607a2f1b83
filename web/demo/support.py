"""A case's course of support: status changes, perhaps closure, the support plan and its review, placements.

Planned first for each case because the dates it fixes (closure above all) bound every later record.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.commands import (
    AdoptSupportPlan,
    ChangeCaseStatus,
    CloseCase,
    EndPlacement,
    ReviewSupportPlan,
    StartPlacement,
)
from domain.support_plan import PlanAction
from web.demo import data
from web.demo.city import City, SimulatedCase


def plan_lifecycle(city: City, case: SimulatedCase) -> None:
    """Status changes, then perhaps closure; plans and placements only while the case is open."""
    rng = city.rng
    reached, day = plan_statuses(city, case)
    if rng.random() < 0.3 and day + timedelta(days=30) < city.today:
        case.closed_on = city.day_between(day + timedelta(days=1), city.today - timedelta(days=1))
        city.add(
            case.closed_on,
            CloseCase(
                actor=case.coordinator,
                case_id=case.case_id,
                occurred_on=case.closed_on,
                note="支援目標を達成",
                reason=rng.choice(("resolved", "resolved", "transferred", "moved_away")),
            ),
        )
    last_open = case.closed_on - timedelta(days=1) if case.closed_on else city.today
    for status, reached_on in reached:
        if status == "in_support":
            plan_support_plan(city, case, reached_on, last_open)
        if status == "in_support" and rng.random() < 0.25:
            plan_placement(city, case, reached_on, last_open)


def plan_statuses(city: City, case: SimulatedCase) -> tuple[list[tuple[str, date]], date]:
    """The statuses the case reaches and when, and the day of the last one (its opening day if none)."""
    rng, day = city.rng, case.opened_on
    reached: list[tuple[str, date]] = []
    for status in ("assessment", "planning", "in_support", "monitoring")[: rng.choice((0, 1, 2, 3, 3, 4, 4, 4))]:
        day = city.day_between(day + timedelta(days=1), min(day + timedelta(days=60), city.today))
        if day >= city.today:
            break
        reached.append((status, day))
        if status == "in_support":
            continue  # the plan adopted that day moves the case into support (domain decision 2)
        city.add(day, ChangeCaseStatus(actor=case.coordinator, case_id=case.case_id, status=status, occurred_on=day))
    return reached, day


def plan_support_plan(city: City, case: SimulatedCase, day: date, last_open: date) -> None:
    case.has_plan = True
    actions = (
        PlanAction(description="定期的な訪問と見守り", agency=case.agency),
        PlanAction(description="就労・参加の場へのつなぎ", agency=city.rng.choice(("jiritsu", "shakyo"))),
    )
    city.add(
        day,
        AdoptSupportPlan(
            actor=case.coordinator,
            case_id=case.case_id,
            plan_type="layered",
            goals=("生活の安定", "社会とのつながりの回復"),
            actions=actions,
            review_due_on=day + timedelta(days=90),
            adopted_on=day,
        ),
    )
    review_on = day + timedelta(days=city.rng.randint(80, 100))
    if review_on <= last_open and review_on < city.today and city.rng.random() < 0.6:
        city.add(
            review_on,
            ReviewSupportPlan(
                actor=case.coordinator,
                case_id=case.case_id,
                findings="目標に向けて概ね順調",
                reviewed_on=review_on,
                next_review_due_on=review_on + timedelta(days=90),
            ),
        )


def plan_placement(city: City, case: SimulatedCase, day: date, last_open: date) -> None:
    """A place to belong or work experience (参加支援), sometimes ended with its outcome."""
    entry_id = city.new_id()
    started = city.day_between(day, min(day + timedelta(days=30), last_open))
    city.add(
        started,
        StartPlacement(
            actor=case.coordinator,
            case_id=case.case_id,
            entry_id=entry_id,
            started_on=started,
            agency=case.agency,
            resource_type=city.rng.choice(("place_to_belong", "work_experience", "volunteering", "salon")),
            host_organisation=city.rng.choice(data.HOST_ORGANISATIONS),
        ),
    )
    ended = started + timedelta(days=city.rng.randint(30, 120))
    if ended < city.today and city.rng.random() < 0.5:
        city.add(
            ended,
            EndPlacement(
                actor=case.coordinator,
                case_id=case.case_id,
                entry_id=entry_id,
                ended_on=ended,
                outcome=city.rng.choice(("completed", "employed")),
            ),
        )
