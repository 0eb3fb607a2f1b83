"""Achievement rates and Komae's A–D rule (domain brief §4.1, §4.6; product decision 5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.indicator import Baseline, Indicator, Target
from domain.rating import (
    Achievement,
    Basis,
    Outcome,
    ProgrammeOutcome,
    Rating,
    Unmeasured,
    achievement,
    komae_rating,
    measure_rating,
    programme_outcome,
)

ACHIEVED = ProgrammeOutcome(Outcome.ACHIEVED)
NOT_ACHIEVED = ProgrammeOutcome(Outcome.NOT_ACHIEVED)
NOT_EVALUATED = ProgrammeOutcome(Outcome.NOT_EVALUATED)


def an_indicator(
    direction: str = "increase",
    *,
    targets: dict[int, object] | None = None,
    final: object = None,
    baseline: object = None,
    unit: str = "件",
    statuses: tuple[str, ...] = (),
) -> Indicator:
    return Indicator(
        code="X01",
        name_ja="テスト指標",
        unit=unit,
        direction=direction,
        targets=tuple(Target(y, v) for y, v in (targets or {}).items()),  # type: ignore[arg-type]
        final_target=None if final is None else Target(2030, final),  # type: ignore[arg-type]
        baseline=None if baseline is None else Baseline(2024, baseline),  # type: ignore[arg-type]
        statuses=statuses,
    )


def rated(achieved: int, programmes: int) -> str | None:
    outcomes = [ACHIEVED] * achieved + [NOT_ACHIEVED] * (programmes - achieved)
    return measure_rating(outcomes).rating


# ---- Komae's rule: §4.6 examples 1 and 2 -------------------------------------------------


def test_komae_worked_example_jigyo_a_and_d_achieved_b_and_c_not_gives_2_of_4_which_is_50_percent_and_b() -> None:
    outcomes = [ACHIEVED, NOT_ACHIEVED, NOT_ACHIEVED, ACHIEVED]
    rating = measure_rating(outcomes)
    assert (rating.achieved, rating.evaluated, rating.rating) == (2, 4, Rating.B)


@pytest.mark.parametrize(
    ("achieved", "programmes", "expected"),
    [
        pytest.param(7, 10, Rating.A, id="7/10 = 70% is 70%以上 so A"),
        pytest.param(2, 3, Rating.B, id="2/3 = 66.7% is 70%未満 so B"),
        pytest.param(2, 5, Rating.B, id="2/5 = 40% is 40%以上 so B"),
        pytest.param(1, 3, Rating.C, id="1/3 = 33.3% is 40%未満 so C"),
        pytest.param(1, 5, Rating.C, id="1/5 = 20% is 20%以上 so C"),
        pytest.param(1, 6, Rating.D, id="1/6 = 16.7% is 20%未満 so D"),
        pytest.param(0, 4, Rating.D, id="0/4 = 0% is D"),
        pytest.param(3, 3, Rating.A, id="3/3 all achieved is A"),
        pytest.param(2, 4, Rating.B, id="2/4 = 50% is B"),
    ],
)
def test_komae_boundaries_以上_is_inclusive_and_未満_exclusive(
    achieved: int, programmes: int, expected: Rating
) -> None:
    assert rated(achieved, programmes) == expected


def test_seventy_percent_is_not_lost_to_float_error_at_scale() -> None:
    assert komae_rating(70, 100) == Rating.A
    assert komae_rating(69, 100) == Rating.B
    assert komae_rating(7, 10) == Rating.A  # 0.7 as a float would be 0.6999…


def test_programme_not_evaluated_is_left_out_of_the_measure_share() -> None:
    rating = measure_rating([ACHIEVED, ACHIEVED, NOT_ACHIEVED, NOT_EVALUATED])
    assert (rating.achieved, rating.evaluated, rating.rating) == (2, 3, Rating.B)


def test_measure_without_any_evaluated_programme_gets_no_rating() -> None:
    rating = measure_rating([NOT_EVALUATED, NOT_EVALUATED])
    assert rating.rating is None
    assert rating.share is None


def test_manual_kiyose_style_rating_wins_over_the_computed_one_and_is_marked_manual() -> None:
    rating = measure_rating([ACHIEVED, ACHIEVED, NOT_ACHIEVED], manual="A")
    assert rating.rating == Rating.A
    assert rating.computed == Rating.B
    assert rating.manual


# ---- programmes: 達成 / 未達成 ------------------------------------------------------------


def test_programme_is_achieved_when_every_indicator_reaches_100_percent() -> None:
    outcome = programme_outcome([Achievement(True, Decimal("100.0")), Achievement(True, Decimal("125.0"))])
    assert outcome == ProgrammeOutcome(Outcome.ACHIEVED)


def test_one_indicator_below_target_makes_the_programme_not_achieved() -> None:
    outcome = programme_outcome([Achievement(True, Decimal("150.0")), Achievement(False, Decimal("99.9"))])
    assert outcome.outcome == Outcome.NOT_ACHIEVED


def test_manual_judgement_wins_over_the_indicators_and_is_marked_manual() -> None:
    """§4.6 example 3: Komae rated measure 6 A although 重層的支援会議 was held 0 times."""
    outcome = programme_outcome([Achievement(False, Decimal("0.0"))], judgement=True)
    assert outcome == ProgrammeOutcome(Outcome.ACHIEVED, manual=True)
    assert programme_outcome([Achievement(True)], judgement=False) == ProgrammeOutcome(Outcome.NOT_ACHIEVED, True)


def test_programme_with_no_measurable_indicator_and_no_judgement_is_not_evaluated() -> None:
    assert programme_outcome([Achievement(None, unmeasured=Unmeasured.TARGET_TBD)]).outcome == Outcome.NOT_EVALUATED
    assert programme_outcome([]).outcome == Outcome.NOT_EVALUATED


def test_komae_measure_6_from_log_counts_is_b_and_a_manual_judgement_makes_it_a() -> None:
    """§4.6 example 3: plans 2 ≥ 1, support meetings 3 ≥ 3, layered meetings 0 < 1."""
    plans = achievement(an_indicator(targets={2025: Decimal(1)}), Decimal(2), 2025)
    meetings = achievement(an_indicator(targets={2025: Decimal(3)}), Decimal(3), 2025)
    layered = achievement(an_indicator(targets={2025: Decimal(1)}), Decimal(0), 2025)
    counted = [programme_outcome([a]) for a in (plans, meetings, layered)]
    assert measure_rating(counted).rating == Rating.B
    judged = [*counted[:2], programme_outcome([layered], judgement=True)]
    assert measure_rating(judged).rating == Rating.A


# ---- indicators: rates by direction -------------------------------------------------------


def test_increase_rate_is_actual_over_target() -> None:
    """§4.6 example 4: A02 連携会議への参加回数, 92 against 100 → 92 %."""
    result = achievement(an_indicator(final=Decimal(100), baseline=Decimal(87)), Decimal(92), 2027)
    assert result == Achievement(False, Decimal("92.0"), Decimal(100), Basis.FINAL_TARGET)


def test_rate_is_rounded_half_up_as_the_plans_print_it_but_100_percent_always_means_achieved() -> None:
    result = achievement(an_indicator(targets={2025: Decimal(3)}), Decimal(2), 2025)
    assert result.rate == Decimal("66.7")
    assert achievement(an_indicator(targets={2025: Decimal(14)}), Decimal(13), 2025).rate == Decimal("92.9")
    almost = achievement(an_indicator(targets={2025: Decimal(10000)}), Decimal(9999), 2025)
    assert (almost.rate, almost.achieved) == (Decimal("99.9"), False)


def test_annual_target_is_used_before_the_final_target() -> None:
    indicator = an_indicator(targets={2025: Decimal(10)}, final=Decimal(20))
    assert achievement(indicator, Decimal(10), 2025).basis == Basis.ANNUAL_TARGET
    assert achievement(indicator, Decimal(10), 2026) == Achievement(
        False, Decimal("50.0"), Decimal(20), Basis.FINAL_TARGET
    )


def test_decrease_rate_is_target_over_actual() -> None:
    """A23 障害に関する啓発・広報活動件数: 82 → 80."""
    indicator = an_indicator("decrease", final=Decimal(80), baseline=Decimal(82))
    assert achievement(indicator, Decimal(82), 2030) == Achievement(
        False, Decimal("97.6"), Decimal(80), Basis.FINAL_TARGET
    )
    assert achievement(indicator, Decimal(64), 2030).rate == Decimal("125.0")


def test_decrease_with_an_actual_of_zero_is_achieved_without_a_rate() -> None:
    result = achievement(an_indicator("decrease", targets={2025: Decimal(5)}), Decimal(0), 2025)
    assert (result.achieved, result.rate) == (True, None)


def test_maintain_is_achieved_when_the_actual_is_at_least_the_baseline() -> None:
    """A03 地域アセスメントの実施: 6地区 → 6地区."""
    indicator = an_indicator("maintain", final=Decimal(6), baseline=Decimal(6), unit="地区")
    assert achievement(indicator, Decimal(6), 2026) == Achievement(True, Decimal("100.0"), Decimal(6), Basis.BASELINE)
    assert achievement(indicator, Decimal(5), 2026).achieved is False


def test_maintain_without_baseline_compares_with_the_target() -> None:
    indicator = an_indicator("maintain", targets={2025: Decimal(8)})
    assert achievement(indicator, Decimal(8), 2025).achieved is True
    assert achievement(an_indicator("maintain"), Decimal(8), 2025).unmeasured == Unmeasured.NO_BASELINE


def test_milestone_is_achieved_when_the_status_reached_is_at_least_the_target_status() -> None:
    """A01 重層的支援体制整備事業の構築: 検討 → 整備."""
    indicator = an_indicator(unit="status", statuses=("検討", "準備", "整備"), final="整備")
    assert achievement(indicator, "準備", 2027) == Achievement(False, None, "整備", Basis.FINAL_TARGET)
    assert achievement(indicator, "整備", 2027).achieved is True


def test_target_to_be_decided_cannot_be_judged() -> None:
    result = achievement(an_indicator(targets={2025: None}), Decimal(4), 2025)
    assert (result.achieved, result.unmeasured) == (None, Unmeasured.TARGET_TBD)


def test_no_actual_or_no_target_cannot_be_judged() -> None:
    assert achievement(an_indicator(targets={2025: Decimal(4)}), None, 2025).unmeasured == Unmeasured.NO_ACTUAL
    assert achievement(an_indicator(targets={2025: Decimal(4)}), Decimal(4), 2026).unmeasured == Unmeasured.NO_TARGET


def test_percent_indicators_keep_their_decimals() -> None:
    """A30 生活保護受給率 1.34 % → 1.36 %."""
    indicator = an_indicator(final=Decimal("1.36"), baseline=Decimal("1.34"), unit="%")
    assert achievement(indicator, Decimal("1.35"), 2030).rate == Decimal("99.3")


def test_a_value_that_no_longer_fits_a_revised_indicator_is_not_judged() -> None:
    milestone = an_indicator(unit="status", statuses=("検討", "整備"), final="整備")
    assert achievement(milestone, "準備", 2027).unmeasured == Unmeasured.NO_ACTUAL
    assert achievement(an_indicator(targets={2025: Decimal(3)}), "整備", 2025).unmeasured == Unmeasured.NO_ACTUAL
