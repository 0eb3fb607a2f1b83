"""Counting rules: 延べ counts events, 実 distinct units, 新規 units first seen in the period."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.fiscal_year import FiscalYear
from domain.rule import EVENT_KINDS, Rule
from tests.rule_reference import Occurrence, count

FY2025 = FiscalYear(2025)


def consultation(
    case: str, day: date, *, agency: str = "shakyo", role: str = "csw", tags: tuple[str, ...] = ()
) -> Occurrence:
    return Occurrence(
        "case.consultation",
        day,
        {"case": case},
        {"agency": agency, "handler_role": role, "issue_tag": tags, "is_new": False},
    )


def counted(rule: Rule, mode: str, occurrences: list[Occurrence]) -> int:
    return count(rule, mode, occurrences, FY2025.start, FY2025.end)


CSW = Rule.checked({"events": ["case.consultation"], "handler_role": "csw"}, "rule")
LOG = [
    consultation("c1", date(2025, 3, 20)),  # FY2024: before the period
    consultation("c1", date(2025, 4, 1)),
    consultation("c1", date(2025, 6, 1)),
    consultation("c2", date(2025, 7, 1)),
    consultation("c3", date(2026, 3, 31)),  # last day of FY2025
    consultation("c4", date(2026, 4, 1)),  # FY2026
    consultation("c5", date(2025, 8, 1), role="consultation_staff"),
]


def test_total_延べ_counts_every_matching_event_in_the_fiscal_year() -> None:
    assert counted(CSW, "total", LOG) == 4


def test_distinct_実_counts_each_case_once() -> None:
    assert counted(CSW, "distinct", LOG) == 3


def test_new_新規_counts_cases_first_seen_in_the_period() -> None:
    assert counted(CSW, "new", LOG) == 2  # c2 and c3; c1 was first seen in FY2024


def test_a_list_filter_matches_any_of_its_values_and_tags_match_any_tag() -> None:
    rule = Rule.checked({"events": "case.consultation", "issue_tag": ["poverty", "hikikomori"]}, "rule")
    log = [
        consultation("c1", date(2025, 5, 1), tags=("elderly", "poverty")),
        consultation("c2", date(2025, 5, 1), tags=("elderly",)),
    ]
    assert counted(rule, "total", log) == 1


def test_a_rule_can_count_several_event_kinds_together() -> None:
    """Asaka A02: 社協 attendances at meetings and at liaison meetings outside the tracker."""
    rule = Rule.checked(
        {"events": ["meeting.attendance", "community.liaison_meeting_attendance"], "agency": "shakyo"}, "rule"
    )
    log = [
        Occurrence(
            "meeting.attendance",
            date(2025, 5, 1),
            {"meeting": "m1", "agency": "shakyo"},
            {"agency": "shakyo", "meeting_type": "liaison", "is_trial": False},
        ),
        Occurrence(
            "meeting.attendance",
            date(2025, 5, 1),
            {"meeting": "m1", "agency": "jiritsu"},
            {"agency": "jiritsu", "meeting_type": "liaison", "is_trial": False},
        ),
        Occurrence(
            "community.liaison_meeting_attendance", date(2025, 6, 1), {"agency": "shakyo"}, {"agency": "shakyo"}
        ),
    ]
    assert counted(rule, "total", log) == 2


def test_area_assessments_count_distinct_areas() -> None:
    """Asaka A03 地域アセスメントの実施: 6地区, however often each district is assessed."""
    rule = Rule.checked({"events": ["community.area_assessment"]}, "rule")
    log = [
        Occurrence(
            "community.area_assessment",
            date(2025, 9, d),
            {"area": a, "agency": "shakyo"},
            {"area": a, "agency": "shakyo"},
        )
        for d, a in ((1, "d-ichi"), (2, "d-ni"), (3, "d-ichi"))
    ]
    assert rule.unit() == "area"
    assert (counted(rule, "total", log), counted(rule, "distinct", log)) == (3, 2)


def test_flag_filters_need_the_exact_flag() -> None:
    rule = Rule.checked({"events": ["meeting.held"], "meeting_type": "support", "is_trial": False}, "rule")
    log = [
        Occurrence("meeting.held", date(2025, 5, 1), {"meeting": m}, {"meeting_type": "support", "is_trial": t})
        for m, t in (("m1", True), ("m2", False))
    ]
    assert counted(rule, "total", log) == 1


def test_every_event_kind_offers_its_first_unit_as_default() -> None:
    assert {k.units[0] for k in EVENT_KINDS.values()} == {"case", "meeting", "agency", "area"}
    assert Rule(events=("meeting.attendance",)).unit() == "agency"
    assert Rule(events=("meeting.attendance",), distinct_by="meeting").unit() == "meeting"


def test_mixed_units_without_distinct_by_cannot_be_counted_distinct() -> None:
    rule = Rule(events=("meeting.held", "case.consultation"))
    with pytest.raises(InvalidInput):
        counted(rule, "distinct", [])


def test_employed_placement_ends_count_the_people_who_found_work_就労者数() -> None:
    rule = Rule.checked({"events": ["case.placement_ended"], "placement_outcome": "employed"}, "rule")
    log = [
        Occurrence("case.placement_ended", date(2025, 6, 1), {"case": c}, {"placement_outcome": o})
        for c, o in (("c1", "employed"), ("c1", "employed"), ("c2", "dropped_out"), ("c3", "employed"))
    ]
    assert (counted(rule, "total", log), counted(rule, "distinct", log)) == (3, 2)


def test_closures_count_by_reason_and_only_case_closings_take_a_reason_終結件数() -> None:
    rule = Rule.checked({"events": "case.closed", "closure_reason": ["resolved", "transferred"]}, "rule")
    log = [
        Occurrence("case.closed", date(2025, 10, 1), {"case": c}, {"closure_reason": r})
        for c, r in (("c1", "resolved"), ("c2", "moved_away"), ("c3", "transferred"))
    ]
    assert counted(rule, "total", log) == 2
    with pytest.raises(InvalidInput, match="rule.closure_reason"):
        Rule.checked({"events": "case.consultation", "closure_reason": "resolved"}, "rule")
    with pytest.raises(InvalidInput, match="placement_outcome"):
        Rule.checked({"events": "case.placement_ended", "placement_outcome": "hired"}, "rule")
