"""The plan-indicator engine: a plan's year, counted now or as it was known at a past moment.

A figure is counted from the facts valid at moment T (``recorded_at <= T``
and not superseded by T; T = now for the current, restated view) by the
declarative rule of its indicator (``domain.rule``), compiled to SQL by
``projections.indicators.counting``: one statement counts all of a year's
figures, and the facts behind a figure are listed, by the same compiled
conditions, only when asked for (provenance, diff). The plan and the
people's entries are those recorded by T too (``evaluation_records``), and
``domain.plan_assessment.assess`` judges the year. So a report as of T is
the same however many late entries, voids and corrections came after T,
and ``changes`` tells which events moved a figure between T and now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property, partial
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from domain.errors import InvalidInput
from domain.indicator import Indicator
from domain.plan_assessment import IndicatorResult, PlanAssessment, assess
from domain.rule import CountingMode, Rule
from projections.indicators.counting import counts_of_years, listing, matching
from projections.indicators.evaluation_records import (
    Entered,
    PlanVersion,
    entered_in_years,
    evaluation_records,
    plan_at,
)
from projections.indicators.fact_tables import indicator_facts, utc


@dataclass(frozen=True)
class Fact:
    """One version of a countable occurrence, and where it came from.

    ``units`` maps unit names (case, meeting, agency, area) to ids; ``facts``
    maps filter names to the occurrence's value: text, a flag, a tuple of texts
    (issue tags), or an amount (participants, contacts).
    """

    kind: str
    occurred_on: date
    units: Mapping[str, str]
    facts: Mapping[str, object]
    key: str
    notification_id: int
    source_id: UUID
    source_version: int
    recorded_at: datetime
    superseded_at: datetime | None
    superseded_by: int | None


def _fact(row: Row[Any]) -> Fact:
    facts = {k: tuple(v) if isinstance(v, list) else v for k, v in row.facts.items()}
    return Fact(
        kind=row.kind,
        occurred_on=row.occurred_on,
        units=dict(row.units),
        facts=facts,
        key=row.fact_key,
        notification_id=row.notification_id,
        source_id=row.source_id,
        source_version=row.source_version,
        recorded_at=utc(row.recorded_at),
        superseded_at=None if row.superseded_at is None else utc(row.superseded_at),
        superseded_by=row.superseded_by,
    )


def _versions(connection: Connection, rule: Rule, *where: Any) -> list[tuple[Fact, bool]]:
    """The fact versions of the rule's kinds meeting ``where``, each with whether the rule matches it."""
    f = indicator_facts.c
    matched = sa.case((sa.and_(*matching(rule)), 1), else_=0).label("matched")
    query = (
        sa.select(indicator_facts, matched)
        .where(f.kind.in_(rule.events), *where)
        .order_by(f.occurred_on, f.notification_id, f.fact_key)
    )
    return [(_fact(row), bool(row.matched)) for row in connection.execute(query)]


Counted = tuple[tuple[str | None, Fact], ...]


@dataclass(frozen=True)
class Figure:
    """A counted indicator's actual in one period, with the facts that make it up."""

    indicator: Indicator
    start: date
    end: date
    value: int
    listed: Callable[[], Counted] = field(repr=False, compare=False)
    """Lists the counted facts; read on first use of ``counted`` (provenance, diff), not for every report."""

    @cached_property
    def counted(self) -> Counted:
        """Each counted fact with the unit it counts for (None for 延べ)."""
        return self.listed()

    @property
    def units(self) -> list[str]:
        return sorted({unit for unit, _ in self.counted if unit is not None})

    @property
    def cases(self) -> list[str]:
        return sorted({fact.units["case"] for _, fact in self.counted if "case" in fact.units})


def contributing(connection: Connection, indicator: Indicator, year: int, as_of: datetime | None) -> Counted:
    """The facts a rule indicator counts for ``year``, each with its unit, listed by the database."""
    return tuple((row.counted_unit, _fact(row)) for row in connection.execute(listing(indicator, year, as_of)))


def figure(connection: Connection, indicator: Indicator, year: int, as_of: datetime | None) -> Figure:
    """Count one rule indicator for ``year`` (its fiscal or calendar year) from the facts valid at ``as_of``."""
    return figures(connection, [indicator], year, as_of)[indicator.code]


def figures(
    connection: Connection, indicators: list[Indicator], year: int, as_of: datetime | None
) -> dict[str, Figure]:
    """The counted ``indicators``' figures for ``year``, counted by the database in one statement."""
    return figures_of_years(connection, indicators, (year,), as_of)[year]


def figures_of_years(
    connection: Connection, indicators: list[Indicator], years: tuple[int, ...], as_of: datetime | None
) -> dict[int, dict[str, Figure]]:
    """The counted ``indicators``' figures for each of ``years``, counted together (``counts_of_years``)."""
    values = counts_of_years(connection, indicators, years, as_of)
    return {
        year: {
            i.code: Figure(i, *i.period_of(year), values[year][i.code], partial(_listed, connection, i, year, as_of))
            for i in indicators
        }
        for year in years
    }


def _listed(connection: Connection, indicator: Indicator, year: int, as_of: datetime | None) -> Counted:
    """The facts behind a figure, on the report's connection, or a new one of its engine once that is closed."""
    if not connection.closed:
        return contributing(connection, indicator, year, as_of)
    with connection.engine.connect() as again:
        return contributing(again, indicator, year, as_of)


@dataclass(frozen=True)
class YearReport:
    """Everything a year's progress report shows, as known at ``as_of`` (now when None)."""

    version: PlanVersion
    fiscal_year: int
    as_of: datetime | None
    figures: dict[str, Figure]
    entered: Entered
    assessment: PlanAssessment

    def results(self) -> dict[str, IndicatorResult]:
        return {r.indicator.code: r for m in self.assessment.measures for p in m.programmes for r in p.indicators}


def year_report(connection: Connection, plan_code: str, fiscal_year: int, as_of: datetime | None) -> YearReport:
    return report_of(connection, plan_at(connection, plan_code, as_of), fiscal_year, as_of)


def report_of(connection: Connection, version: PlanVersion, fiscal_year: int, as_of: datetime | None) -> YearReport:
    """A year counted and judged under ``version``: the recorded one, or a revision not loaded (what-if)."""
    return reports_of(connection, version, (fiscal_year,), as_of)[fiscal_year]


def reports_of(
    connection: Connection, version: PlanVersion, fiscal_years: tuple[int, ...], as_of: datetime | None
) -> dict[int, YearReport]:
    """Several years under ``version`` (a year and the previous one: 前年度比), counted and read together.

    Each is exactly the report of that year alone: the same countings, the same entries, the same judgement;
    only the statements are shared (one set of counting queries, one read of the years' entries).
    """
    plan = version.plan
    if not fiscal_years:
        return {}
    for fiscal_year in fiscal_years:
        if not plan.covers(fiscal_year):
            raise InvalidInput(
                f"FY{fiscal_year} is outside the plan period FY{plan.first_year}–FY{plan.last_year}",
                field="fiscal_year",
            )
    counted = figures_of_years(connection, [i for i in plan.indicators() if not i.is_manual], fiscal_years, as_of)
    entered = entered_in_years(connection, plan.code, fiscal_years, as_of)
    return {year: _judged(version, year, as_of, counted[year], entered[year]) for year in fiscal_years}


def _judged(
    version: PlanVersion, fiscal_year: int, as_of: datetime | None, counted: dict[str, Figure], entered: Entered
) -> YearReport:
    assessment = assess(
        version.plan,
        fiscal_year,
        counted={code: Decimal(f.value) for code, f in counted.items()},
        entered=entered.values,
        judgements=entered.judgements,
        manual_ratings=entered.manual_ratings,
    )
    return YearReport(version, fiscal_year, as_of, counted, entered, assessment)


# ---- what changed between a moment and now --------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One occurrence whose counted version differs between moment T and now."""

    key: str
    before: Fact | None
    """The version in force at T and no longer (None: recorded after T)."""
    after: Fact | None
    """The version in force now and not at T (None: voided after T)."""

    @property
    def what(self) -> str:
        return "recorded" if self.before is None else "voided" if self.after is None else "corrected"

    @property
    def notification_id(self) -> int:
        """The event that made it what it is now: the late entry, the correction or the void."""
        if self.after is not None:
            return self.after.notification_id
        assert self.before is not None and self.before.superseded_by is not None
        return self.before.superseded_by

    @property
    def sides(self) -> list[Fact]:
        return [side for side in (self.before, self.after) if side is not None]


def changes(connection: Connection, before: Figure, after: Figure, as_of: datetime) -> list[Change]:
    """The occurrences recorded, voided or corrected after ``as_of`` that bear on the figure.

    One bears on it when a version of it matches the rule within the period,
    or (新規) concerns a unit counted at ``as_of`` or now.
    """
    indicator = after.indicator
    assert indicator.rule is not None
    f, moment = indicator_facts.c, utc(as_of)
    added = sa.and_(f.recorded_at > moment, f.superseded_at.is_(None))
    removed = sa.and_(f.recorded_at <= moment, f.superseded_at > moment)
    versions: dict[str, dict[str, Fact]] = {}
    bearing: set[str] = set()
    new = indicator.counting_mode == CountingMode.NEW
    units = {*before.units, *after.units} if new else set()  # only 新規 asks which units were counted
    for fact, matched in _versions(connection, indicator.rule, sa.or_(added, removed)):
        versions.setdefault(fact.key, {})["after" if fact.superseded_at is None else "before"] = fact
        if matched and _bears_on(indicator, after, units, fact):
            bearing.add(fact.key)
    found = [Change(key, sides.get("before"), sides.get("after")) for key, sides in versions.items()]
    return sorted((c for c in found if c.key in bearing), key=lambda c: (c.notification_id, c.key))


def _bears_on(indicator: Indicator, figure: Figure, units: set[str], fact: Fact) -> bool:
    """Whether a version the rule matches changes the figure: it is in the period, or (新規) its unit's first."""
    assert indicator.rule is not None
    if figure.start <= fact.occurred_on <= figure.end:
        return True
    unit = indicator.rule.unit()
    counted_unit = unit is not None and fact.units.get(unit) in units
    return indicator.counting_mode == CountingMode.NEW and fact.occurred_on < figure.start and counted_unit


@dataclass(frozen=True)
class YearDiff:
    """A year's report as of T and now, and what was recorded in between."""

    before: YearReport
    after: YearReport
    changes: dict[str, list[Change]]
    """Per counted indicator (of the current plan), the occurrences that changed."""
    entries: list[Row[Any]]
    """Evaluation entries and plan revisions recorded after T, oldest first."""


def year_diff(connection: Connection, plan_code: str, fiscal_year: int, as_of: datetime) -> YearDiff:
    before = year_report(connection, plan_code, fiscal_year, as_of)
    after = year_report(connection, plan_code, fiscal_year, None)
    found = {}
    for code, now in after.figures.items():
        then = before.figures.get(code) or figures(connection, [now.indicator], fiscal_year, as_of)[code]
        found[code] = changes(connection, then, now, as_of)
    r = evaluation_records.c
    later = (
        sa.select(evaluation_records)
        .where(
            r.plan_code == after.version.plan.code,
            r.recorded_at > utc(as_of),
            sa.or_(r.fiscal_year == fiscal_year, r.fiscal_year.is_(None)),
        )
        .order_by(r.notification_id)
    )
    return YearDiff(before, after, found, list(connection.execute(later)))
