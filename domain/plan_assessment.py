"""One fiscal year of a plan, assessed: the content of 進捗管理シート and 評価総括表.

Pure: it takes the plan, the actuals counted from the log by the indicator
engine, and what people entered (values, judgements, manual ratings), and
applies ``domain.rating``. Projections and reports call it; it reads nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.indicator import Indicator, Value
from domain.plan import Plan
from domain.rating import (
    Achievement,
    MeasureRating,
    ProgrammeOutcome,
    achievement,
    measure_rating,
    programme_outcome,
)
from domain.rating_scale import RatingScale


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    actual: Value | None
    achievement: Achievement


@dataclass(frozen=True)
class ProgrammeResult:
    code: str
    name: str
    outcome: ProgrammeOutcome
    indicators: tuple[IndicatorResult, ...]


@dataclass(frozen=True)
class MeasureResult:
    code: str
    name: str
    rating: MeasureRating
    programmes: tuple[ProgrammeResult, ...]


@dataclass(frozen=True)
class PlanAssessment:
    plan_code: str
    fiscal_year: int
    measures: tuple[MeasureResult, ...]

    scale: RatingScale = RatingScale()

    def summary(self) -> dict[str | None, list[str]]:
        """評価総括表: measure codes by rating, in the scale's order (None: not rated)."""
        table: dict[str | None, list[str]] = {r: [] for r in self.scale.codes()}
        for measure in self.measures:
            table.setdefault(measure.rating.rating, []).append(measure.code)
        return table


def assess(
    plan: Plan,
    fiscal_year: int,
    *,
    counted: Mapping[str, Value],
    entered: Mapping[str, Value] | None = None,
    judgements: Mapping[str, bool] | None = None,
    manual_ratings: Mapping[str, str] | None = None,
) -> PlanAssessment:
    """Assess every measure of ``plan`` for ``fiscal_year``.

    ``counted`` holds the actuals of rule indicators, ``entered`` those of
    manual indicators, both by indicator code; a missing code has no actual.
    """
    entered, judgements, manual_ratings = entered or {}, judgements or {}, manual_ratings or {}

    def result(indicator: Indicator) -> IndicatorResult:
        actual = (entered if indicator.is_manual else counted).get(indicator.code)
        return IndicatorResult(indicator, actual, achievement(indicator, actual, fiscal_year))

    measures = []
    for measure in plan.measures:
        programmes = []
        for programme in measure.programmes:
            indicators = tuple(result(i) for i in plan.programme_indicators(programme))
            outcome = programme_outcome((r.achievement for r in indicators), judgements.get(programme.code))
            programmes.append(ProgrammeResult(programme.code, programme.name, outcome, indicators))
        rating = measure_rating((p.outcome for p in programmes), manual_ratings.get(measure.code), plan.scale)
        measures.append(MeasureResult(measure.code, measure.name, rating, tuple(programmes)))
    return PlanAssessment(plan.code, fiscal_year, tuple(measures), plan.scale)
