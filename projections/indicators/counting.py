"""Counting indicators in the database: each rule compiled to SQL over the fact table's plain columns.

This is the one place the counting rules (``domain.rule.Rule``: kinds,
filters, 延べ/実/新規, ``distinct_by``, ``total_of``, the period) become
figures. The same compiled conditions both count a figure (``counts``) and
list the fact versions behind it (``listing``: provenance, diff), so the
figure and its evidence cannot disagree. The tests hold the SQL to a plain
Python reference of the rules (``tests/rule_reference.py``); nothing in the
application evaluates a rule in Python.

- the rule's event kinds, the period and the versions valid at the moment
  (the current ones, or as of T) are indexed columns;
- a list filter is ``column IN (…)`` (issue tags: ``|tag|`` inside the
  ``|tag|tag|`` text), a flag is ``column = true/false`` — NULL (a fact
  without that value) matches neither;
- 延べ is ``COUNT(CASE WHEN matches …)`` (``total_of``: the SUM of that amount), 実 ``COUNT(DISTINCT CASE WHEN
  matches THEN unit END)``, 新規 the units whose earliest matching fact up to the period's end is on or after
  its start.

All counted indicators of a year go to the database as ONE statement, so a
report is one round trip however long the plan, and the 延べ and 実 figures
counting the same event kinds in the same period share one scan of those
facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.errors import InvalidInput
from domain.indicator import Indicator
from domain.rule import CountingMode, Rule
from projections.indicators import fact_summary, rule_sql
from projections.indicators.fact_tables import indicator_facts, summary_tables, utc


def valid_at(as_of: datetime | None | sa.BindParameter[Any]) -> Any:
    """Fact versions in force at ``as_of`` (a moment, or a bound parameter for one); the current ones when None."""
    f = indicator_facts.c
    if as_of is None:
        return f.superseded_at.is_(None)
    moment = as_of if isinstance(as_of, sa.BindParameter) else utc(as_of)
    return sa.and_(f.recorded_at <= moment, sa.or_(f.superseded_at.is_(None), f.superseded_at > moment))


def matching(rule: Rule) -> list[Any]:
    """SQL conditions a fact meets when ``rule`` counts it (``rule_sql``), over the fact table."""
    return rule_sql.matching(rule, indicator_facts)


def _counted(indicator: Indicator) -> tuple[Rule, CountingMode]:
    rule, mode = indicator.rule, indicator.counting_mode
    if rule is None or mode is None:
        raise InvalidInput(f"indicator {indicator.code} is entered by hand, not counted", field="indicator")
    if mode != CountingMode.TOTAL:
        _unit_column(rule)
    return rule, mode


def _unit_column(rule: Rule) -> Any:
    unit = rule.unit()
    if unit is None:
        raise InvalidInput("the rule mixes event kinds with different units; set distinct_by", field="distinct_by")
    return indicator_facts.c[f"unit_{unit}"]


def _in_period(rule: Rule, mode: CountingMode) -> Any:
    """延べ or 実 of one rule, as an aggregate over the facts of its period (its kinds are among those scanned)."""
    matches = sa.and_(*matching(rule))
    if mode == CountingMode.TOTAL and rule.total_of is not None:
        return sa.func.coalesce(sa.func.sum(sa.case((matches, indicator_facts.c[rule.total_of]), else_=0)), 0)
    if mode == CountingMode.TOTAL:
        return sa.func.count(sa.case((matches, 1)))
    return sa.func.count(sa.distinct(sa.case((matches, _unit_column(rule)))))


def _first_in_period(rule: Rule, start: date, end: date, as_of: Any) -> sa.Select[Any]:
    """新規: the units whose earliest matching fact up to ``end`` falls on or after ``start``."""
    f, unit = indicator_facts.c, _unit_column(rule)
    return (
        sa.select(unit)
        .where(*matching(rule), valid_at(as_of), f.occurred_on <= end, unit.is_not(None))
        .group_by(unit)
        .having(sa.func.min(f.occurred_on) >= start)
    )


def _new_units(rule: Rule, start: date, end: date, as_of: Any) -> Any:
    """新規: how many units are new in the period."""
    first = _first_in_period(rule, start, end, as_of).subquery()
    return sa.select(sa.func.count()).select_from(first).scalar_subquery()


def listing(indicator: Indicator, year: int, as_of: datetime | None) -> sa.Select[Any]:
    """The fact versions a counted indicator counts for ``year`` as known at ``as_of``, oldest first.

    Each row is a fact version with ``counted_unit``: the unit it counts for
    (NULL for 延べ). 延べ counts the rows (or adds up their ``total_of``), 実
    and 新規 their distinct units, exactly as ``counts`` does.
    """
    rule, mode = _counted(indicator)
    start, end = indicator.period_of(year)
    f = indicator_facts.c
    moment = None if as_of is None else utc(as_of)
    where = [*matching(rule), valid_at(moment), f.occurred_on >= start, f.occurred_on <= end]
    unit: Any = sa.null()
    if mode != CountingMode.TOTAL:
        unit = _unit_column(rule)
        where.append(unit.is_not(None))
    if mode == CountingMode.NEW:
        where.append(unit.in_(_first_in_period(rule, start, end, moment)))
    return (
        sa.select(indicator_facts, unit.label("counted_unit"))
        .where(*where)
        .order_by(f.occurred_on, f.notification_id, f.fact_key)
    )


Counting = tuple[Rule, CountingMode, date, date]
AS_OF = sa.bindparam("as_of", type_=indicator_facts.c.recorded_at.type)


def counts(
    connection: Connection, indicators: Iterable[Indicator], year: int, as_of: datetime | None
) -> dict[str, int]:
    """The figures of the counted ``indicators`` for ``year`` as known at ``as_of``, in one statement."""
    return counts_of_years(connection, indicators, (year,), as_of)[year]


def counts_of_years(
    connection: Connection, indicators: Iterable[Indicator], years: Iterable[int], as_of: datetime | None
) -> dict[int, dict[str, int]]:
    """The figures of the counted ``indicators`` for each of ``years`` as known at ``as_of``, counted together.

    A counting is a rule, a mode and a period, so several years are only more countings: a year and the one
    before it (前年度比) go to the database as ONE set of statements, by the same rules as each year alone.
    Indicators with the same rule, mode and period are counted once. The statement for a plan's years is
    built once and reused (the moment is a parameter), so that a report does not spend its time building SQL.
    """
    indicators, years = list(indicators), tuple(dict.fromkeys(years))
    labels: dict[tuple[int, str], Counting] = {}
    for indicator in indicators:
        rule, mode = _counted(indicator)
        for year in years:
            labels[year, indicator.code] = (rule, mode, *indicator.period_of(year))
    wanted = tuple(dict.fromkeys(labels.values()))
    found: dict[Counting, int] = {}
    if wanted and as_of is None:  # the current facts by the plans' rules: from their summary (fact_summary)
        found = fact_summary.figures(connection, summary_tables, wanted)
        wanted = tuple(key for key in wanted if key not in found)
    if wanted:
        row = connection.execute(_statement(wanted, as_of is not None), {} if as_of is None else {"as_of": utc(as_of)})
        found.update(zip(wanted, row.one(), strict=True))
    figures: dict[int, dict[str, int]] = {year: {} for year in years}
    for (year, code), key in labels.items():
        figures[year][code] = int(found[key] or 0)
    return figures


@lru_cache(maxsize=64)
def _statement(wanted: tuple[Counting, ...], dated: bool) -> sa.Select[Any]:
    """One row: a column per counting in ``wanted``, in order.

    延べ and 実 figures of the same period and event kinds share ONE scan of
    those facts (one conditional aggregate each); 新規 figures are a grouped
    subquery each.
    """
    f = indicator_facts.c
    as_of = AS_OF if dated else None
    scanned: dict[tuple[date, date, frozenset[str]], list[Any]] = {}
    columns: dict[Counting, Any] = {}
    for number, key in enumerate(wanted):
        rule, mode, start, end = key
        if mode == CountingMode.NEW:
            columns[key] = _new_units(rule, start, end, as_of).label(f"c{number}")
        else:
            scanned.setdefault((start, end, frozenset(rule.events)), []).append(
                _in_period(rule, mode).label(f"c{number}")
            )
    scans = [
        sa.select(*aggregates)
        .where(f.kind.in_(sorted(kinds)), valid_at(as_of), f.occurred_on >= start, f.occurred_on <= end)
        .subquery(f"scan{number}")
        for number, ((start, end, kinds), aggregates) in enumerate(scanned.items())
    ]
    for scan in scans:
        columns.update({wanted[int(column.name[1:])]: column for column in scan.c})
    query = sa.select(*(columns[key] for key in wanted))
    if scans:
        joined: Any = scans[0]
        for scan in scans[1:]:
            joined = joined.join(scan, sa.true())  # one row each: aggregates without GROUP BY
        query = query.select_from(joined)
    return query
