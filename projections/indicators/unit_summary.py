"""Per-rule counts of the units matched, kept per year: what a report "now" reads for its 実 and 新規 figures.

A 実 figure counts the distinct units (cases, meetings, agencies, areas) a
rule matched in a year, a 新規 figure those whose first matching fact falls
in it. Counted from the fact table they read every matching fact of the year
(新規: up to its end), which grows with the log. So for every rule a plan
counts 実 or 新規 (registered by ``fact_summary``), this summary keeps:

- per unit, the months it has current matching facts in, with how many
  (``indicator_rule_unit_months``: a multiset of months per unit, so that a
  void or correction removing a unit's only fact of a month, or its first
  month, knows what is left);
- per 12-month period (fiscal years start on 1 April, calendar years on
  1 January) two counters (``indicator_rule_years``): the units with a fact in
  the period (実), and the units whose first month falls in it (新規). A
  change to a unit's months moves them only when the unit's presence in a
  period goes 0 → 1 or 1 → 0, or its first month moves; a counter at 0 is
  deleted, so the rows are always what the current facts give.

``fact_summary`` computes, per page of the log, each matching fact version's
(rule, unit, month) change; ``apply`` reads those units' months (an indexed
lookup of a few rows each), moves the counters and writes both tables, in the
same transaction as the facts (so incremental equals rebuilt). A report then
reads one counter row per 実/新規 figure: ``figures``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from domain.rule import CountingMode, Rule

YEAR_STARTS = (1, 4)
"""The months a counted year starts in: calendar years in January, fiscal years (年度) in April."""
MODES = {CountingMode.DISTINCT: "distinct", CountingMode.NEW: "new"}


class UnitTables(NamedTuple):
    unit_months: sa.Table
    years: sa.Table


def define(metadata: sa.MetaData) -> UnitTables:
    """The summary's tables, in the fact table's ``metadata`` (so they are rebuilt and swapped with it)."""
    unit_months = sa.Table(
        "indicator_rule_unit_months",
        metadata,
        sa.Column("rule_key", sa.String(64), primary_key=True),
        sa.Column("unit", sa.String(64), primary_key=True, comment="the unit's id (case, meeting, agency, area)"),
        sa.Column("month", sa.Date, primary_key=True, comment="the first day of a month it has matching facts in"),
        sa.Column("n", sa.Integer, nullable=False, comment="its current facts the rule matches that month"),
    )
    years = sa.Table(
        "indicator_rule_years",
        metadata,
        sa.Column("rule_key", sa.String(64), primary_key=True),
        sa.Column("mode", sa.String(8), primary_key=True, comment="distinct (実) or new (新規)"),
        sa.Column("starts", sa.Date, primary_key=True, comment="the first day of the 12-month period"),
        sa.Column("n", sa.Integer, nullable=False, comment="units counted in the period"),
    )
    return UnitTables(unit_months, years)


def year_of(month: date, first_month: int) -> date:
    """The first day of the year starting in ``first_month`` that ``month`` falls in."""
    return date(month.year if month.month >= first_month else month.year - 1, first_month, 1)


def _periods(months: Iterable[date]) -> set[date]:
    return {year_of(month, first) for month in months for first in YEAR_STARTS}


def _counters(before: Mapping[date, int], after: Mapping[date, int]) -> dict[tuple[str, date], int]:
    """How one unit's change of months moves the (mode, period) counters of its rule."""
    moved: dict[tuple[str, date], int] = {}
    was, now = _periods(before), _periods(after)
    for starts in now - was:
        moved[("distinct", starts)] = 1
    for starts in was - now:
        moved[("distinct", starts)] = -1
    first_before, first_after = min(before, default=None), min(after, default=None)
    if first_before != first_after:
        for first, sign in ((first_before, -1), (first_after, 1)):
            if first is not None:
                for starts in _periods([first]):
                    moved[("new", starts)] = moved.get(("new", starts), 0) + sign
    return moved


UnitChanges = dict[tuple[str, str, date], int]
"""(rule key, unit, month) → how many matching current facts were added (or, negative, taken away)."""


def _months_of(connection: Connection, unit_months: sa.Table, pairs: list[tuple[str, str]]) -> dict[Any, Any]:
    u = unit_months.c
    found: dict[tuple[str, str], dict[date, int]] = {pair: {} for pair in pairs}
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        # Not a row-value IN: SQLite answers that by scanning the whole table (a rebuild's page then cost in
        # proportion to all the units counted so far); two plain INs use the primary key, the pairs are picked here.
        chosen = (u.rule_key.in_(sorted({key for key, _ in chunk})), u.unit.in_(sorted({unit for _, unit in chunk})))
        for row in connection.execute(sa.select(u.rule_key, u.unit, u.month, u.n).where(*chosen)):
            months = found.get((row.rule_key, row.unit))
            if months is not None:
                months[row.month] = row.n
    return found


def apply(connection: Connection, tables: UnitTables, changes: UnitChanges) -> None:
    """Write the units' changed months and move the counters their presence and first month decide."""
    changes = {key: delta for key, delta in changes.items() if delta}
    if not changes:
        return
    by_unit: dict[tuple[str, str], dict[date, int]] = {}
    for (key, unit, month), delta in changes.items():
        by_unit.setdefault((key, unit), {})[month] = delta
    before = _months_of(connection, tables.unit_months, sorted(by_unit))
    counters: dict[tuple[str, str, date], int] = {}
    for (key, unit), months in before.items():
        after = dict(months)
        for month, delta in by_unit[(key, unit)].items():
            after[month] = after.get(month, 0) + delta
        after = {month: n for month, n in after.items() if n > 0}
        for (mode, starts), delta in _counters(months, after).items():
            counters[(key, mode, starts)] = counters.get((key, mode, starts), 0) + delta
    rows = [{"rule_key": k, "unit": un, "month": m, "n": d} for (k, un, m), d in changes.items()]
    _add(connection, tables.unit_months, ["rule_key", "unit", "month"], rows)
    moved = [{"rule_key": k, "mode": mode, "starts": s, "n": d} for (k, mode, s), d in counters.items() if d]
    _add(connection, tables.years, ["rule_key", "mode", "starts"], moved)


def _add(connection: Connection, table: sa.Table, keys: list[str], rows: list[dict[str, Any]]) -> None:
    """Add each row's ``n`` to the row with its keys (a new row if none); rows left at 0 are deleted."""
    if not rows:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table)
    connection.execute(
        insert.on_conflict_do_update(index_elements=keys, set_={"n": table.c.n + insert.excluded.n}), rows
    )
    if any(row["n"] < 0 for row in rows):
        gone = sa.delete(table).where(*(table.c[k] == sa.bindparam(f"_{k}") for k in keys), table.c.n <= 0)
        connection.execute(gone, [{f"_{k}": row[k] for k in keys} for row in rows if row["n"] < 0])


# ---- counting -------------------------------------------------------------------------------

Counting = tuple[Rule, CountingMode, date, date]


def answerable(key: Counting) -> bool:
    """Whether the counters hold the figure: 実 or 新規 over a calendar or fiscal year."""
    _, mode, start, end = key
    whole_year = (
        start.day == 1
        and start.month in YEAR_STARTS
        and end == date(start.year + 1, start.month, 1) - (timedelta(days=1))
    )
    return mode in MODES and whole_year


def figures(
    connection: Connection, registry: sa.Table, tables: UnitTables, counted: Mapping[Counting, str]
) -> dict[Counting, int]:
    """The 実 and 新規 figures of the current facts for ``counted`` (counting → its registered rule's key), for the
    rules whose units are kept (``registry``'s ``unit``); the others are left out.

    One query: each such rule, with the counter row of each figure (none: 0 units).
    """
    wanted = {key: hashed for key, hashed in counted.items() if answerable(key)}
    if not wanted:
        return {}
    chosen = tuple(sorted({(hashed, MODES[key[1]], key[2]) for key, hashed in wanted.items()}))
    kept: set[str] = set()
    found: dict[tuple[str, str, date], int] = {}
    for row in connection.execute(_counter_rows(registry, tables, chosen)):
        kept.add(row.rule_key)
        if row.mode is not None:
            found[row.rule_key, row.mode, row.starts] = row.n
    return {key: found.get((hashed, MODES[key[1]], key[2]), 0) for key, hashed in wanted.items() if hashed in kept}


@lru_cache(maxsize=64)
def _counter_rows(registry: sa.Table, tables: UnitTables, chosen: tuple[tuple[str, str, date], ...]) -> Any:
    """The registered rules of ``chosen`` whose units are kept, each joined to its chosen counter rows (built once)."""
    r, y = registry.c, tables.years.c
    counters = sa.and_(y.rule_key == r.rule_key, sa.tuple_(y.rule_key, y.mode, y.starts).in_(chosen))
    return (
        sa.select(r.rule_key, y.mode, y.starts, y.n)
        .select_from(registry.outerjoin(tables.years, counters))
        .where(r.rule_key.in_(sorted({hashed for hashed, _, _ in chosen})), r.unit.is_not(None))
    )
