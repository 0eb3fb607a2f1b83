"""Which indicator figures are counts about households and people (and so withheld when small)."""

from __future__ import annotations

from domain.plan_file import parse_plan
from domain.rule import EVENT_KINDS
from projections.reports.suppression import counts_people, note, rate_band
from tests.plan_scenarios import PLAN


def test_indicators_counting_case_events_are_about_people_and_meetings_and_typed_values_are_not() -> None:
    plan = parse_plan(PLAN)
    about_people = {i.code for i in plan.indicators() if counts_people(i)}
    assert about_people == {"C-TOTAL", "C-DISTINCT", "C-NEW", "C-CY", "K6-1"}
    assert {i.code for i in plan.indicators()} - about_people == {"M3", "K6-2", "K6-3", "A02"}


def test_the_event_kinds_about_people_are_the_case_events_and_the_cases_a_meeting_took_up() -> None:
    kinds = {code for code, kind in EVENT_KINDS.items() if "case" in kind.units}
    assert kinds == {code for code in EVENT_KINDS if code.startswith("case.")} | {"meeting.case_discussed"}


def test_the_footnote_names_the_range_withheld() -> None:
    assert note(3).startswith("「<3」は1〜2（世帯・人・件）のため非公表") and note(5).startswith("「<5」は1〜4")


def test_a_withheld_counts_rate_is_shown_in_the_bands_of_the_komae_rating() -> None:
    assert [rate_band(r) for r in ("133.3", "100.0", "92.9", "70.0", "66.7", "40.0", "33.3", "20.0", "0.0")] == [
        "100%以上",
        "100%以上",
        "70%以上100%未満",
        "70%以上100%未満",
        "40%以上70%未満",
        "40%以上70%未満",
        "20%以上40%未満",
        "20%以上40%未満",
        "20%未満",
    ]
    assert rate_band(None) is None
