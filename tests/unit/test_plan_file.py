"""The plan file format: the shipped examples parse, and mistakes are pinned to their key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import InvalidInput
from domain.plan import Plan
from domain.plan_file import parse_plan
from domain.rule import Rule

EXAMPLES = Path(__file__).parents[2] / "examples"

MINIMAL = """
code = "mini"
name = "ミニ計画"
period = { from = 2025, to = 2027 }

[[measures]]
code = "1"
name = "多機関協働事業の実施"

[[measures.programmes]]
code = "1-1"
name = "支援会議"
department = "福祉政策課"

[[measures.programmes.indicators]]
code = "M01"
name_ja = "支援会議の開催回数"
unit = "回"
direction = "increase"
counting = "total"
targets = { 2025 = 6 }
rule = { events = ["meeting.held"], meeting_type = "support" }

[[measures.programmes]]
code = "1-2"
name = "重層的支援会議"

[[measures.programmes.indicators]]
code = "M02"
name_ja = "体制の整備状況"
unit = "status"
statuses = ["検討", "整備"]
final_target = "整備"
manual = true
"""

FIRST = "measures[0].programmes[0].indicators[0]"
SECOND = "measures[0].programmes[1].indicators[0]"


def refused(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as error:
        parse_plan(text)
    return error.value


def with_first_indicator(old: str, new: str) -> str:
    assert old in MINIMAL
    return MINIMAL.replace(old, new, 1)


# ---- the shipped examples ------------------------------------------------------------------


def test_komae_layered_support_plan_has_the_eight_measures_of_the_fy_r5_report() -> None:
    plan = parse_plan((EXAMPLES / "komae_layered_support_plan.toml").read_text(encoding="utf-8"))
    assert [m.name for m in plan.measures][5:7] == ["多機関協働事業の実施", "アウトリーチ等事業の実施"]
    assert len(plan.measures) == 8
    assert [p.name for p in plan.measure("6").programmes] == ["プランの作成等", "支援会議", "重層的支援会議"]
    assert [p.name for p in plan.measure("7").programmes] == ["CSWによる支援", "パーソナルサポート事業"]
    assert plan.indicator("K6-2").rule == Rule(events=("meeting.held",), meeting_type=("support",))
    assert (plan.first_year, plan.last_year) == (2022, 2026)


def test_asaka_indicators_have_38_with_baseline_fy2024_and_final_target_fy2030() -> None:
    plan = parse_plan((EXAMPLES / "asaka_indicators.toml").read_text(encoding="utf-8"))
    indicators = plan.indicators()
    assert sorted(i.code for i in indicators) == [f"A{n:02}" for n in range(1, 39)]
    assert {i.final_target.year for i in indicators if i.final_target} == {2030}
    assert all(i.baseline is None or i.baseline.year == 2024 for i in indicators)
    assert {i.code for i in indicators if not i.is_manual} == {"A02", "A03", "A04", "A26", "A27", "A28", "A31", "A32"}
    assert [i.code for i in indicators if i.is_milestone] == ["A01", "A19"]
    baseline, rule = plan.indicator("A30").baseline, plan.indicator("A02").rule
    assert baseline is not None and baseline.value == Decimal("1.34")
    assert rule is not None and rule.agency == ("shakyo",)
    assert plan.indicator("A03").counting == "distinct"


def test_a_relisted_indicator_counts_in_both_programmes() -> None:
    plan = parse_plan((EXAMPLES / "asaka_indicators.toml").read_text(encoding="utf-8"))
    assert [i.code for i in plan.programme_indicators(plan.programme("3-3-shakyo"))] == ["A27"]


def test_minimal_plan_parses_into_measures_programmes_and_indicators() -> None:
    plan = parse_plan(MINIMAL)
    assert isinstance(plan, Plan)
    milestone = plan.indicator("M02")
    assert milestone.is_milestone and milestone.direction == "increase"
    assert milestone.final_target is not None and milestone.final_target.year == 2027


# ---- mistakes and where they are reported --------------------------------------------------


def test_unknown_unit_is_reported_at_its_key() -> None:
    error = refused(with_first_indicator('unit = "回"', 'unit = "ken"'))
    assert error.field == f"{FIRST}.unit"
    assert "件" in error.message


def test_rule_and_manual_both_set_is_refused() -> None:
    error = refused(with_first_indicator("targets = { 2025 = 6 }", "targets = { 2025 = 6 }\nmanual = true"))
    assert error.field == f"{FIRST}.manual"


def test_indicator_with_neither_rule_nor_manual_is_refused() -> None:
    error = refused(with_first_indicator('rule = { events = ["meeting.held"], meeting_type = "support" }', ""))
    assert error.field == f"{FIRST}.rule"


def test_unknown_event_kind_is_refused() -> None:
    error = refused(with_first_indicator('events = ["meeting.held"]', 'events = ["meeting.happened"]'))
    assert error.field == f"{FIRST}.rule.events"
    assert "meeting.happened" in error.message


def test_unknown_filter_is_refused() -> None:
    error = refused(with_first_indicator('meeting_type = "support"', 'meeting_kind = "support"'))
    assert error.field == f"{FIRST}.rule.meeting_kind"


def test_filter_that_the_event_kind_does_not_have_is_refused() -> None:
    error = refused(with_first_indicator('meeting_type = "support"', 'handler_role = "csw"'))
    assert error.field == f"{FIRST}.rule.handler_role"
    assert "meeting.held" in error.message


def test_unknown_enumeration_value_in_a_filter_is_refused() -> None:
    text = with_first_indicator(
        'events = ["meeting.held"], meeting_type = "support"',
        'events = ["case.consultation"], issue_tag = ["poverty", "tax"]',
    )
    assert refused(text).field == f"{FIRST}.rule.issue_tag"


def test_flag_filter_must_be_true_or_false() -> None:
    error = refused(with_first_indicator('meeting_type = "support"', 'is_trial = "yes"'))
    assert error.field == f"{FIRST}.rule.is_trial"


def test_target_for_a_year_outside_the_plan_period_is_refused() -> None:
    error = refused(with_first_indicator("targets = { 2025 = 6 }", "targets = { 2025 = 6, 2031 = 8 }"))
    assert error.field == f"{FIRST}.targets.2031"
    assert "2025–2027" in error.message


def test_final_target_outside_the_plan_period_is_refused() -> None:
    error = refused(with_first_indicator('final_target = "整備"', 'final_target = { year = 2024, value = "整備" }'))
    assert error.field == f"{SECOND}.final_target.year"


def test_target_written_with_a_unit_is_refused() -> None:
    error = refused(with_first_indicator("targets = { 2025 = 6 }", 'targets = { 2025 = "6回" }'))
    assert error.field == f"{FIRST}.targets.2025"


def test_target_to_be_decided_is_accepted() -> None:
    plan = parse_plan(with_first_indicator("targets = { 2025 = 6 }", 'targets = { 2025 = "TBD", 2026 = 7 }'))
    assert [t.value for t in plan.indicator("M01").targets] == [None, Decimal(7)]


def test_counts_are_whole_numbers() -> None:
    error = refused(with_first_indicator("targets = { 2025 = 6 }", "targets = { 2025 = 6.5 }"))
    assert error.field == f"{FIRST}.targets.2025"


def test_rule_needs_a_counting_mode() -> None:
    assert refused(with_first_indicator('counting = "total"\n', "")).field == f"{FIRST}.counting"


def test_distinct_by_must_be_a_unit_of_the_event_kind() -> None:
    text = with_first_indicator('counting = "total"', 'counting = "distinct"').replace(
        'meeting_type = "support" }', 'meeting_type = "support", distinct_by = "case" }', 1
    )
    assert refused(text).field == f"{FIRST}.rule.distinct_by"


def test_mixed_event_kinds_counted_distinct_must_say_what_is_distinct() -> None:
    text = with_first_indicator('counting = "total"', 'counting = "distinct"').replace(
        'events = ["meeting.held"], meeting_type = "support"', 'events = ["meeting.held", "case.consultation"]', 1
    )
    assert refused(text).field == f"{FIRST}.rule.distinct_by"


def test_milestone_target_must_be_one_of_its_statuses() -> None:
    error = refused(with_first_indicator('final_target = "整備"', 'final_target = "完了"'))
    assert error.field == f"{SECOND}.final_target.value"


def test_milestone_cannot_be_counted_by_a_rule() -> None:
    error = refused(
        with_first_indicator(
            'final_target = "整備"\nmanual = true', 'final_target = "整備"\nrule = { events = ["meeting.held"] }'
        )
    )
    assert error.field == f"{SECOND}.rule"


def test_duplicate_indicator_code_names_both_places() -> None:
    error = refused(with_first_indicator('code = "M02"', 'code = "M01"'))
    assert error.field == f"{SECOND}.code"
    assert f"{FIRST}.code" in error.message


def test_relisting_an_unknown_indicator_is_refused() -> None:
    error = refused(with_first_indicator('name = "重層的支援会議"', 'name = "重層的支援会議"\nrelists = ["M99"]'))
    assert error.field == "measures[0].programmes[1].relists[0]"


def test_unknown_key_is_refused_so_typos_are_not_silently_ignored() -> None:
    error = refused(with_first_indicator('direction = "increase"', 'direction = "increase"\ntarget = 5'))
    assert error.field == f"{FIRST}.target"


def test_missing_direction_is_refused() -> None:
    assert refused(with_first_indicator('direction = "increase"\n', "")).field == f"{FIRST}.direction"


def test_plan_period_must_not_end_before_it_starts() -> None:
    assert refused(MINIMAL.replace("to = 2027", "to = 2020")).field == "period.to"


def test_broken_toml_is_refused_with_its_line() -> None:
    error = refused(MINIMAL.replace('name = "ミニ計画"', 'name = "ミニ計画'))
    assert error.field == "file"
    assert "line 3" in error.message


def test_a_roadmap_takes_the_plans_words_or_codes_within_the_period_and_refuses_other_stages() -> None:
    scheduled = 'department = "福祉政策課"\nroadmap = { 2025 = "検討", 2026 = "trial", 2027 = "実施" }'
    plan = parse_plan(MINIMAL.replace('department = "福祉政策課"', scheduled, 1))
    assert [(s.year, s.stage) for s in plan.programme("1-1").roadmap] == [
        (2025, "study"),
        (2026, "trial"),
        (2027, "implement"),
    ]
    where = "measures[0].programmes[0].roadmap"
    unknown = refused(MINIMAL.replace('department = "福祉政策課"', scheduled.replace("検討", "完了"), 1))
    assert unknown.field == f"{where}.2025"
    outside = refused(MINIMAL.replace('department = "福祉政策課"', scheduled.replace("2027", "2031"), 1))
    assert outside.field == f"{where}.2031"
