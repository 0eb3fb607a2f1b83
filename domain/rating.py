"""Achievement and ratings, as pure functions (domain brief §4, product decision 5).

1. Indicator: achievement rate for a year. ``increase``: actual ÷ target;
   ``decrease``: target ÷ actual; ``maintain``: achieved when actual ≥
   baseline; milestone: reached status ≥ target status. Rates are percentages
   rounded half up (四捨五入) to 0.1 as the plans print them (13/14 → 92.9 %),
   except that a rate under 100 % never shows 100.0 %: it shows 99.9 %, so a
   shown 100.0 % is always achieved. ``percent`` is the one place of that rule
   (screens, JSON, CSV, workbook and rating all use it).
2. Programme (事業): achieved when every measurable indicator is achieved,
   unless a user's 達成/未達成 judgement exists, which wins and is marked
   manual. With no measurable indicator and no judgement it is *not
   evaluated* and left out of its measure's share.
3. Measure (施策): Komae's rule (§4.1) on the share of evaluated programmes
   achieved: A ≥ 70 %, B ≥ 40 %, C ≥ 20 %, D below ("以上" inclusive,
   "未満" exclusive), compared as exact fractions. A measure with no
   evaluated programme has no rating. A Kiyose-style manual rating wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from domain.indicator import Direction, Indicator, Value
from domain.rating_scale import RatingScale


class Rating(StrEnum):
    A = "A"
    """進捗している (Komae) / 目標を達成している (Kiyose)."""
    B = "B"
    """現状維持 / 一定の成果が出ている."""
    C = "C"
    """あまり進捗していない / 十分な成果が出ていない."""
    D = "D"
    """全く進捗していない / 未実施."""


KOMAE_THRESHOLDS: tuple[tuple[Rating, Fraction], ...] = (
    (Rating.A, Fraction(7, 10)),
    (Rating.B, Fraction(2, 5)),
    (Rating.C, Fraction(1, 5)),
)
"""Lowest share of achieved programmes for each rating; below the last one is D."""


class Basis(StrEnum):
    """What an actual was compared with."""

    ANNUAL_TARGET = "annual_target"
    FINAL_TARGET = "final_target"
    BASELINE = "baseline"


class Unmeasured(StrEnum):
    """Why an indicator could not be judged for a year."""

    NO_ACTUAL = "no_actual"
    NO_TARGET = "no_target"
    TARGET_TBD = "target_tbd"
    NO_BASELINE = "no_baseline"


class Outcome(StrEnum):
    ACHIEVED = "achieved"
    """達成."""
    NOT_ACHIEVED = "not_achieved"
    """未達成."""
    NOT_EVALUATED = "not_evaluated"


@dataclass(frozen=True)
class Achievement:
    """One indicator in one year: achieved or not (None = cannot tell), and the rate in %."""

    achieved: bool | None
    rate: Decimal | None = None
    compared_with: Value | None = None
    basis: str | None = None
    unmeasured: str | None = None


@dataclass(frozen=True)
class ProgrammeOutcome:
    outcome: Outcome
    manual: bool = False


@dataclass(frozen=True)
class MeasureRating:
    rating: str | None
    """The rating shown: the manual one if set, else the computed one (a Rating, or a word of the plan's scale)."""
    computed: Rating | None
    achieved: int
    evaluated: int
    manual: bool = False

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.achieved, self.evaluated) if self.evaluated else None


RATE_STEP = Decimal("0.1")
HUNDRED = Decimal(100)


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator ÷ denominator in percent, rounded half up to 0.1; None when the denominator is 0.

    The plans print their percentages to one decimal, rounded (74.8 %, 45.5 %, 2/4 as 50 %), so 13/14 is
    92.9 %, never 92.8 %. Achievement itself compares the exact values, never this figure; so that a shown
    100.0 % still always means achieved, a rate under 100 % that would round up to 100.0 % is 99.9 %.
    """
    if denominator == 0:
        return None
    exact = numerator * HUNDRED / denominator
    rounded = exact.quantize(RATE_STEP, rounding=ROUND_HALF_UP)
    return HUNDRED - RATE_STEP if exact < HUNDRED <= rounded else rounded


def achievement(indicator: Indicator, actual: Value | None, year: int) -> Achievement:
    """How ``actual`` compares with the indicator's target (or baseline) for ``year``."""
    found = indicator.target_for(year)
    if found is None:
        target, basis = None, None
    else:
        target, basis = found[0], Basis.FINAL_TARGET if found[1] else Basis.ANNUAL_TARGET
    if actual is None or not _fits(indicator, actual):
        return Achievement(None, unmeasured=Unmeasured.NO_ACTUAL)
    if indicator.direction == Direction.MAINTAIN:
        return _maintained(indicator, actual, target.value if target else None, basis)
    if target is None:
        return Achievement(None, unmeasured=Unmeasured.NO_TARGET)
    if target.value is None:
        return Achievement(None, basis=basis, unmeasured=Unmeasured.TARGET_TBD)
    if indicator.is_milestone:
        reached = indicator.status_rank(str(actual)) >= indicator.status_rank(str(target.value))
        return Achievement(reached, compared_with=target.value, basis=basis)
    wanted, got = Decimal(target.value), Decimal(actual)
    if indicator.direction == Direction.DECREASE:
        return Achievement(got <= wanted, percent(wanted, got), wanted, basis)
    return Achievement(got >= wanted, percent(got, wanted), wanted, basis)


def _fits(indicator: Indicator, value: Value) -> bool:
    """False for a value entered under an earlier version of a revised indicator (e.g. a renamed status)."""
    if indicator.is_milestone:
        return value in indicator.statuses
    return isinstance(value, Decimal | int)


def _maintained(indicator: Indicator, actual: Value, target: Value | None, basis: str | None) -> Achievement:
    """Maintain: compared with the baseline; with none, with the target."""
    if indicator.baseline is not None:
        reference, basis = Decimal(indicator.baseline.value), Basis.BASELINE
    elif target is not None:
        reference = Decimal(target)
    else:
        return Achievement(None, unmeasured=Unmeasured.NO_BASELINE)
    got = Decimal(actual)
    return Achievement(got >= reference, percent(got, reference), reference, basis)


def programme_outcome(achievements: Iterable[Achievement], judgement: bool | None = None) -> ProgrammeOutcome:
    """達成 when every measurable indicator is achieved; a manual judgement wins."""
    if judgement is not None:
        return ProgrammeOutcome(Outcome.ACHIEVED if judgement else Outcome.NOT_ACHIEVED, manual=True)
    judged = [a.achieved for a in achievements if a.achieved is not None]
    if not judged:
        return ProgrammeOutcome(Outcome.NOT_EVALUATED)
    return ProgrammeOutcome(Outcome.ACHIEVED if all(judged) else Outcome.NOT_ACHIEVED)


def komae_rating(achieved: int, evaluated: int) -> Rating | None:
    """Komae's four levels for ``achieved`` of ``evaluated`` programmes; None when none was evaluated."""
    if evaluated == 0:
        return None
    share = Fraction(achieved, evaluated)
    for rating, lowest in KOMAE_THRESHOLDS:
        if share >= lowest:
            return rating
    return Rating.D


def measure_rating(
    outcomes: Iterable[ProgrammeOutcome], manual: str | None = None, scale: RatingScale | None = None
) -> MeasureRating:
    """The measure's rating from its programmes' outcomes; a manual rating wins.

    Only a ``share`` scale (Komae's, the default) computes one; on a scale of
    hand-given grades or status words a measure nobody rated has no rating.
    """
    evaluated = [o for o in outcomes if o.outcome != Outcome.NOT_EVALUATED]
    achieved = sum(1 for o in evaluated if o.outcome == Outcome.ACHIEVED)
    computed = komae_rating(achieved, len(evaluated)) if scale is None or scale.computed else None
    if manual is not None:
        shown = Rating(manual) if manual in Rating.__members__ else manual
        return MeasureRating(shown, computed, achieved, len(evaluated), manual=True)
    return MeasureRating(computed, computed, achieved, len(evaluated))
