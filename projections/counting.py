"""Counting indicators in the database: each rule as one SQL aggregate over the fact table's plain columns.

``domain.rule.contributions`` defines what a figure is; it needs every
candidate fact decoded in Python, which grows with the log. Here the same
definition is a query over the columns ``projections.indicator_facts`` keeps
beside its JSON documents:

- the rule's event kinds, the period and the versions valid at the moment
  (the current ones, or as of T) are indexed columns;
- a list filter is ``column IN (…)`` (issue tags: ``|tag|`` inside the
  ``|tag|tag|`` text), a flag is ``column = true/false`` — NULL (a fact
  without that value) matches neither, as in ``Rule.matches``;
- 延べ is ``COUNT(*)``, 実 ``COUNT(DISTINCT unit)``, 新規 the units whose
  earliest matching fact up to the period's end is on or after its start.

All counted indicators of a year go to the database as ONE statement (one
scalar subquery per indicator), so a report is one round trip however long
the plan. The Python path stays the reference: ``projections.indicators``
still lists the facts behind a figure with it (provenance, diff), and the
tests compare both on every example plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.errors import InvalidInput
from domain.indicator import Indicator
from domain.rule import FLAG_FILTERS, CountingMode, Rule
from projections.indicator_facts import TAGS, indicator_facts, utc


def valid_at(as_of: datetime | None) -> Any:
    """Fact versions in force at ``as_of``; the current ones when None."""
    f = indicator_facts.c
    if as_of is None:
        return f.superseded_at.is_(None)
    moment = utc(as_of)
    return sa.and_(f.recorded_at <= moment, sa.or_(f.superseded_at.is_(None), f.superseded_at > moment))


def matching(rule: Rule) -> list[Any]:
    """SQL conditions equal to ``rule.matches``: the kinds, then every filter in force."""
    f = indicator_facts.c
    conditions: list[Any] = [f.kind.in_(rule.events)]
    for name, wanted in rule.filters().items():
        if name in FLAG_FILTERS:
            assert isinstance(wanted, bool)
            conditions.append(f[name].is_(sa.true()) if wanted else f[name].is_(sa.false()))
        elif name == TAGS:
            conditions.append(sa.or_(*(f[TAGS].contains(f"|{tag}|", autoescape=True) for tag in wanted)))
        else:
            conditions.append(f[name].in_(wanted))
    return conditions


def count_of(indicator: Indicator, year: int, as_of: datetime | None) -> sa.ScalarSelect[Any]:
    """The figure of ``indicator`` for ``year`` as a scalar subquery."""
    rule, mode = indicator.rule, indicator.counting_mode
    if rule is None or mode is None:
        raise InvalidInput(f"indicator {indicator.code} is entered by hand, not counted", field="indicator")
    start, end = indicator.period_of(year)
    f = indicator_facts.c
    where = [*matching(rule), valid_at(as_of), f.occurred_on <= end]
    if mode == CountingMode.TOTAL:
        return sa.select(sa.func.count()).select_from(indicator_facts).where(*where, f.occurred_on >= start)\
            .scalar_subquery()
    unit = _unit_column(rule)
    if mode == CountingMode.DISTINCT:
        return sa.select(sa.func.count(sa.distinct(unit))).where(*where, f.occurred_on >= start).scalar_subquery()
    first = sa.select(unit).where(*where, unit.is_not(None)).group_by(unit)\
        .having(sa.func.min(f.occurred_on) >= start).subquery()
    return sa.select(sa.func.count()).select_from(first).scalar_subquery()


def _unit_column(rule: Rule) -> Any:
    unit = rule.unit()
    if unit is None:
        raise InvalidInput("the rule mixes event kinds with different units; set distinct_by", field="distinct_by")
    return indicator_facts.c[f"unit_{unit}"]


def counts(connection: Connection, indicators: Iterable[Indicator], year: int,
           as_of: datetime | None) -> dict[str, int]:
    """The figures of the counted ``indicators`` for ``year`` as known at ``as_of``, in one statement."""
    chosen = list(indicators)
    if not chosen:
        return {}
    columns = [count_of(indicator, year, as_of).label(f"c{number}") for number, indicator in enumerate(chosen)]
    row = connection.execute(sa.select(*columns)).one()
    return {indicator.code: int(value or 0) for indicator, value in zip(chosen, row, strict=True)}
