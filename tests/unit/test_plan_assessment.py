"""A year of a plan assessed: the content of the 進捗管理シート and the 評価総括表."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from domain.plan_assessment import assess
from domain.plan_file import parse_plan
from domain.rating import Outcome, Rating

EXAMPLES = Path(__file__).parents[2] / "examples"
KOMAE = parse_plan((EXAMPLES / "komae_layered_support_plan.toml").read_text(encoding="utf-8"))
ASAKA = parse_plan((EXAMPLES / "asaka_indicators.toml").read_text(encoding="utf-8"))


def test_summary_table_lists_measures_by_rating_and_unrated_ones_apart() -> None:
    counted = {"K6-1a": Decimal(3), "K6-1b": Decimal(1), "K6-2": Decimal(6), "K6-3a": Decimal(0), "K6-3b": Decimal(0)}
    assessment = assess(KOMAE, 2025, counted=counted, judgements={"7-1": True, "7-2": False})
    summary = assessment.summary()
    assert summary[Rating.B] == ["6", "7"]  # 2/3 and 1/2
    assert summary[None] == ["1", "2", "3", "4", "5", "8"]


def test_manual_indicators_take_entered_values_and_counted_ones_ignore_them() -> None:
    assessment = assess(KOMAE, 2025, counted={"K5-6": Decimal(99)}, entered={"K5-6": Decimal(15), "K6-2": Decimal(9)})
    college = assessment.measures[4].programmes[5]
    assert (college.code, college.indicators[0].actual, college.outcome.outcome) == ("5-6", 15, Outcome.ACHIEVED)
    meetings = assessment.measures[5].programmes[1]
    assert meetings.indicators[0].actual is None
    assert meetings.outcome.outcome == Outcome.NOT_EVALUATED


def test_target_to_be_decided_leaves_the_programme_not_evaluated() -> None:
    assessment = assess(KOMAE, 2025, counted={}, entered={"K5-3": Decimal(40)})
    assert assessment.measures[4].programmes[2].outcome.outcome == Outcome.NOT_EVALUATED


def test_a_relisted_indicator_judges_both_programmes() -> None:
    """Asaka A27 is printed under 3-(1) and re-listed under 3-(3)."""
    assessment = assess(ASAKA, 2026, counted={"A27": Decimal(50)}, entered={"A33": Decimal(300)})
    measure = next(m for m in assessment.measures if m.code == "3-3")
    assert [p.outcome.outcome for p in measure.programmes] == [Outcome.NOT_ACHIEVED, Outcome.ACHIEVED]
    assert measure.rating.rating == Rating.B  # 1 of 2


def test_milestone_reached_early_achieves_the_asaka_programme() -> None:
    assessment = assess(ASAKA, 2026, counted={}, entered={"A01": "整備"})
    assert assessment.measures[0].programmes[0].outcome.outcome == Outcome.ACHIEVED
    assert assessment.measures[0].rating.rating == Rating.A  # the 社協 programme has no actual yet
