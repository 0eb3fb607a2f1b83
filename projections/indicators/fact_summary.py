"""Monthly counts of the current indicator facts: what a report "now" reads for its 延べ figures.

``indicator_facts`` keeps every version of every countable occurrence, so a
figure counted from it reads an index range that grows with the log. This
summary keeps, per event kind, month and combination of filter values, how
many facts are current (not superseded) and the sum of their amounts:

- a fact version recorded adds 1 (and its amounts) to its row; a version
  superseded by a void or correction takes them away again; a row that falls
  to 0 is deleted, so the table is the GROUP BY of the current facts;
- the rows have the fact table's filter columns (``agency`` …, ``issue_tag``
  as ``|tag|tag|``, the flags), so ``projections.indicators.counting.matching``
  selects them unchanged (its columns are swapped for these);
- its tables belong to the ``indicator_facts`` read model and are written in
  the same transaction as the facts (``IndicatorFacts`` calls ``add`` and
  ``remove``): incremental equals rebuilt because they change together.

What it answers: 延べ (TOTAL) figures, counts or ``total_of`` sums, over whole
months (fiscal and calendar years are), for the current facts. 実 and 新規
need the units, and an as-of report the versions: those keep the exact path
over the fact table (``counting.counts``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.sql import visitors

from domain.rule import AMOUNTS, CountingMode, Rule

KEY = ("kind", "month", "bucket")


def define(metadata: sa.MetaData, scalar: Sequence[str], tags: str, flags: Sequence[str]) -> sa.Table:
    """The summary table, in the fact table's ``metadata`` (so it is rebuilt and swapped with it)."""
    return sa.Table(
        "indicator_fact_months",
        metadata,
        sa.Column("kind", sa.String(60), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True, comment="the first day of the month the facts occurred in"),
        sa.Column("bucket", sa.String(1000), primary_key=True, comment="the filter values below, as one key"),
        *(sa.Column(name, sa.String(64)) for name in scalar),
        sa.Column(tags, sa.Text),
        *(sa.Column(name, sa.Boolean) for name in flags),
        sa.Column("n", sa.Integer, nullable=False, comment="current facts"),
        *(sa.Column(name, sa.BigInteger, nullable=False, comment=f"sum of their {name}") for name in AMOUNTS),
    )


def dimension_names(table: sa.Table) -> tuple[str, ...]:
    return tuple(c.name for c in table.columns if c.name not in (*KEY, "n", *AMOUNTS))


def _deltas(table: sa.Table, rows: Iterable[Any], sign: int) -> list[dict[str, Any]]:
    """Rows (mappings with the fact columns) folded into one change per summary row."""
    names = dimension_names(table)
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        values = [row[name] for name in names]
        occurred = row["occurred_on"]
        key = (row["kind"], date(occurred.year, occurred.month, 1), json.dumps(values, separators=(",", ":")))
        change = found.get(key)
        if change is None:
            change = found[key] = {
                **dict(zip(KEY, key, strict=True)),
                **dict(zip(names, values, strict=True)),
                "n": 0,
                **dict.fromkeys(AMOUNTS, 0),
            }
        change["n"] += sign
        for name in AMOUNTS:
            change[name] += sign * (row[name] or 0)
    return list(found.values())


def _upsert(connection: Connection, table: sa.Table, changes: list[dict[str, Any]]) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(table)
    added = {name: table.c[name] + insert.excluded[name] for name in ("n", *AMOUNTS)}
    connection.execute(insert.on_conflict_do_update(index_elements=list(KEY), set_=added), changes)


def add(connection: Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Count the fact versions ``rows`` (as inserted into the fact table) as current."""
    if rows:
        _upsert(connection, table, _deltas(table, rows, 1))


def remove(connection: Connection, table: sa.Table, rows: Sequence[Any]) -> None:
    """Stop counting the fact versions ``rows`` (being superseded); rows of the summary left at 0 go."""
    changes = _deltas(table, (row._mapping for row in rows), -1)
    if not changes:
        return
    _upsert(connection, table, changes)
    t = table.c
    gone = sa.delete(table).where(
        t.kind == sa.bindparam("k"), t.month == sa.bindparam("m"), t.bucket == sa.bindparam("b"), t.n == 0
    )
    connection.execute(gone, [{"k": c["kind"], "m": c["month"], "b": c["bucket"]} for c in changes])


def summed_columns(fact_table: sa.Table, table: sa.Table) -> list[Any]:
    """The fact table's columns that ``remove`` needs of the versions it ends."""
    return [fact_table.c[name] for name in ("kind", "occurred_on", *dimension_names(table), *AMOUNTS)]


# ---- counting -------------------------------------------------------------------------------

Counting = tuple[Rule, CountingMode, date, date]


def answers(key: Counting) -> bool:
    """Whether the summary holds this figure of the current facts: 延べ over whole months."""
    _, mode, start, end = key
    return mode == CountingMode.TOTAL and start.day == 1 and (end + timedelta(days=1)).day == 1


def totals(
    connection: Connection, table: sa.Table, fact_table: sa.Table, conditions: dict[Counting, list[Any]]
) -> dict[Counting, int]:
    """The 延べ figures of ``conditions`` (each counting's SQL conditions on the fact table), in one statement.

    Each figure is a conditional sum over the summary rows of its period; the
    conditions written for the fact table are applied to the summary's columns
    of the same names.
    """
    if not conditions:
        return {}

    def on_summary(element: Any) -> Any:
        if isinstance(element, sa.Column) and element.table is fact_table:
            return table.c[element.name]
        return None

    t = table.c
    scans: dict[tuple[date, date], list[tuple[Counting, Any]]] = {}
    kinds: dict[tuple[date, date], set[str]] = {}
    for key, where in conditions.items():
        rule, _, start, end = key
        matches = visitors.replacement_traverse(sa.and_(*where), {}, on_summary)
        summed = t.n if rule.total_of is None else t[rule.total_of]
        scans.setdefault((start, end), []).append((key, sa.func.sum(sa.case((matches, summed), else_=0))))
        kinds.setdefault((start, end), set()).update(rule.events)
    found: dict[Counting, int] = {}
    for (start, end), aggregates in scans.items():
        query = sa.select(*(aggregate for _, aggregate in aggregates)).where(
            t.kind.in_(sorted(kinds[(start, end)])), t.month >= start, t.month <= end
        )
        row = connection.execute(query).one()
        found.update({key: int(value or 0) for (key, _), value in zip(aggregates, row, strict=True)})
    return found
