"""Indicators (指標) of a plan: what is measured, against which targets.

An indicator is either counted from the event log by a ``Rule`` or entered by
hand each year. A milestone indicator (unit ``status``) has ordered status
values, e.g. 検討 → 整備, and its baseline and targets are statuses.
Numbers are ``Decimal`` so that 1.34 % stays 1.34 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidInput
from domain.fiscal_year import FiscalYear
from domain.rule import CountingMode, Rule

Value = Decimal | str
"""A number, or a status for milestone indicators."""


class Unit(StrEnum):
    CASES = "件"
    TIMES = "回"
    PERSONS = "人"
    GROUPS = "団体"
    DISTRICTS = "地区"
    PLACES = "か所"
    CORPORATIONS = "法人"
    HOUSEHOLDS = "世帯"
    YEN = "円"
    PERCENT = "%"
    STATUS = "status"
    """A milestone: the value is one of the indicator's ordered statuses."""


class Direction(StrEnum):
    INCREASE = "increase"
    MAINTAIN = "maintain"
    """Achieved when the actual is at least the baseline (e.g. 6地区 → 6地区)."""
    DECREASE = "decrease"


class PeriodType(StrEnum):
    FISCAL_YEAR = "fiscal_year"
    """年度, April–March: the default."""
    CALENDAR_YEAR = "calendar_year"
    """年中, January–December (e.g. Kiyose's disaster and crime figures)."""


class IndicatorKind(StrEnum):
    OUTCOME = "outcome"
    """成果目標・状態指標: a state of the city, often checked only at plan end."""
    ACTIVITY = "activity"
    """取組実績: what was done in the year."""


@dataclass(frozen=True)
class Baseline:
    """現状値 and the year it was measured."""

    year: int
    value: Value


@dataclass(frozen=True)
class Target:
    """目標値 for a year; ``value`` None means the target is still to be decided (TBD)."""

    year: int
    value: Value | None

    @property
    def to_be_decided(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Indicator:
    code: str
    name_ja: str
    unit: str
    direction: str
    kind: str = IndicatorKind.ACTIVITY.value
    period: str = PeriodType.FISCAL_YEAR.value
    counting: str | None = None
    """One of ``CountingMode``; required when counted by a rule."""
    name_en: str = ""
    baseline: Baseline | None = None
    targets: tuple[Target, ...] = ()
    """Annual targets (年次目標), one per year at most."""
    final_target: Target | None = None
    rule: Rule | None = None
    """None: the value is entered by hand (``RecordIndicatorValue``)."""
    statuses: tuple[str, ...] = ()
    """Ordered statuses of a milestone indicator, lowest first."""
    note: str = ""

    @property
    def is_milestone(self) -> bool:
        return self.unit == Unit.STATUS

    @property
    def is_manual(self) -> bool:
        return self.rule is None

    @property
    def counting_mode(self) -> CountingMode | None:
        return None if self.counting is None else CountingMode(self.counting)

    def target_for(self, year: int) -> tuple[Target, bool] | None:
        """The year's annual target, else the final target (flag True) up to its year.

        Falling back to the final target lets a plan with only an end-of-plan
        goal (Asaka: R6 → R12) show each year's progress towards it.
        """
        for target in self.targets:
            if target.year == year:
                return target, False
        if self.final_target is not None and year <= self.final_target.year:
            return self.final_target, True
        return None

    def period_of(self, year: int) -> tuple[date, date]:
        """First and last day counted for ``year`` (a fiscal or a calendar year)."""
        if self.period == PeriodType.CALENDAR_YEAR:
            return date(year, 1, 1), date(year, 12, 31)
        fiscal_year = FiscalYear(year)
        return fiscal_year.start, fiscal_year.end

    def status_rank(self, status: str) -> int:
        return self.statuses.index(status)


WHOLE_UNITS = frozenset(u.value for u in Unit if u not in (Unit.PERCENT, Unit.YEN, Unit.STATUS))
"""Units counted in whole numbers."""


def check_value(raw: object, field: str, *, unit: str, statuses: tuple[str, ...] = ()) -> Value:
    """Raised when a baseline, target or actual does not fit the indicator's unit."""
    if unit == Unit.STATUS:
        if raw not in statuses:
            raise InvalidInput(f"{field}: {raw!r} is not one of the statuses {', '.join(statuses)}", field=field)
        return str(raw)
    if isinstance(raw, float):
        raw = Decimal(repr(raw))
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal) or not Decimal(raw).is_finite():
        raise InvalidInput(f'{field}: {raw!r} is not a number (write 1006, not "1,006件")', field=field)
    number = Decimal(raw)
    if number < 0:
        raise InvalidInput(f"{field}: a value cannot be negative", field=field)
    if unit in WHOLE_UNITS and number != number.to_integral_value():
        raise InvalidInput(f"{field}: {unit} is counted in whole numbers", field=field)
    return number
