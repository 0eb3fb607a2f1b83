"""Per-rule monthly counts of the current indicator facts: what a report "now" reads for its 延べ figures.

``indicator_facts`` keeps every version of every countable occurrence, so a
figure counted from it reads an index range that grows with the log. The
rules that reports count are known: they are in the plans. So when a plan is
loaded or revised, each 延べ (TOTAL) rule of its counted indicators is
registered here, and from then on this summary keeps, per rule and month,
how many current facts it matches and the sum of their amounts:

- registering a rule counts the current facts it matches (one scan, once);
- a fact version recorded adds 1 (and its amounts) to the month of every
  registered rule it matches; a version superseded by a void or correction
  takes them away again; a month that falls to 0 is deleted, so the rows are
  always the GROUP BY of the current facts per rule and month;
- matching is the rule's own SQL conditions (``rule_sql.matching``), the
  same ones counting and provenance use, evaluated by the database over the
  rows just written (one statement per page, a CASE column per rule);
- its tables belong to the ``indicator_facts`` read model and are written in
  the same transaction as the facts (``IndicatorFacts`` calls ``register``,
  ``add`` and ``remove``), so incremental equals rebuilt.

A report of a plan's year then reads a few rows per rule (one per month)
instead of the facts. What it answers: 延べ figures (counts, ``total_of`` sums)
of registered rules over whole months (fiscal and calendar years are), for the
current facts. 実 and 新規 need the units, an as-of report the versions, and an
ad-hoc rule was never registered: those keep the exact path over the fact
table (``projections.indicators.counting``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from domain.plan import Plan
from domain.rule import AMOUNTS, CountingMode, Rule
from projections.indicators.rule_sql import matching


def define(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table]:
    """The summary's tables, in the fact table's ``metadata`` (so they are rebuilt and swapped with it)."""
    rules = sa.Table(
        "indicator_summary_rules",
        metadata,
        sa.Column("rule_key", sa.String(64), primary_key=True, comment="sha256 of the rule"),
        sa.Column("rule", sa.JSON, nullable=False, comment="the rule's fields"),
    )
    months = sa.Table(
        "indicator_rule_months",
        metadata,
        sa.Column("rule_key", sa.String(64), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True, comment="the first day of the month the facts occurred in"),
        sa.Column("n", sa.Integer, nullable=False, comment="current facts the rule matches"),
        *(sa.Column(name, sa.BigInteger, nullable=False, comment=f"sum of their {name}") for name in AMOUNTS),
    )
    return rules, months


@lru_cache(maxsize=1024)
def rule_key(rule: Rule) -> str:
    return hashlib.sha256(json.dumps(_fields(rule), sort_keys=True).encode()).hexdigest()


def _fields(rule: Rule) -> dict[str, Any]:
    return {name: list(value) if isinstance(value, tuple) else value for name, value in asdict(rule).items()}


def _rule(fields: Mapping[str, Any]) -> Rule:
    values: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value for name, value in fields.items()
    }
    return Rule(**values)


def summarised(plan: Plan) -> list[Rule]:
    """The rules of ``plan`` that the summary counts: those of its 延べ indicators."""
    found = [
        i.rule
        for i in plan.indicators()
        if not i.is_manual and i.rule is not None and i.counting_mode == CountingMode.TOTAL
    ]
    return list(dict.fromkeys(found))


class Rules:
    """Registered rules, by event kind (``load``: all of them, read once per page of the log)."""

    def __init__(self, registered: Iterable[tuple[str, Rule]] = ()) -> None:
        self.by_kind: dict[str, list[tuple[str, Rule]]] = {}
        self.keys: set[str] = set()
        self.registered: list[tuple[str, Rule]] = []
        for key, rule in registered:
            self.known(key, rule)

    @classmethod
    def load(cls, connection: Connection, registry: sa.Table) -> Rules:
        r = registry.c
        return cls((row.rule_key, _rule(row.rule)) for row in connection.execute(sa.select(r.rule_key, r.rule)))

    def known(self, key: str, rule: Rule) -> None:
        self.keys.add(key)
        self.registered.append((key, rule))
        for kind in rule.events:
            self.by_kind.setdefault(kind, []).append((key, rule))


def _deltas(
    connection: Connection, facts: sa.Table, rules: Rules, where: Sequence[Any], sign: int
) -> list[dict[str, Any]]:
    """The fact versions meeting ``where``, folded into one change per matching registered rule and month.

    One statement: the versions' dates and amounts, with a 0/1 column per
    registered rule saying whether the rule's SQL conditions hold for it.
    """
    if not rules.registered:
        return []
    f = facts.c
    flags = [sa.case((sa.and_(*matching(rule, facts)), 1), else_=0) for _, rule in rules.registered]
    query = sa.select(f.occurred_on, *(f[name] for name in AMOUNTS), *flags).where(
        *where, f.kind.in_(sorted(rules.by_kind))
    )
    found: dict[tuple[str, date], dict[str, Any]] = {}
    for occurred, *values in connection.execute(query):
        amounts, matched = values[: len(AMOUNTS)], values[len(AMOUNTS) :]
        month = date(occurred.year, occurred.month, 1)
        for (key, _), hit in zip(rules.registered, matched, strict=True):
            if not hit:
                continue
            change = found.get((key, month))
            if change is None:
                change = found[(key, month)] = {"rule_key": key, "month": month, "n": 0, **dict.fromkeys(AMOUNTS, 0)}
            change["n"] += sign
            for name, amount in zip(AMOUNTS, amounts, strict=True):
                change[name] += sign * (amount or 0)
    return list(found.values())


def _upsert(connection: Connection, months: sa.Table, changes: list[dict[str, Any]]) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(months)
    added = {name: months.c[name] + insert.excluded[name] for name in ("n", *AMOUNTS)}
    connection.execute(insert.on_conflict_do_update(index_elements=["rule_key", "month"], set_=added), changes)


def add(
    connection: Connection, months: sa.Table, facts: sa.Table, rules: Rules, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Count the fact versions ``rows`` (just inserted into ``facts``) for every registered rule they match."""
    keys = [(row["fact_key"], row["notification_id"]) for row in rows if row["kind"] in rules.by_kind]
    if not keys:
        return
    f = facts.c
    changes = _deltas(connection, facts, rules, [sa.tuple_(f.fact_key, f.notification_id).in_(keys)], 1)
    if changes:
        _upsert(connection, months, changes)


def remove(connection: Connection, months: sa.Table, facts: sa.Table, rules: Rules, where: Sequence[Any]) -> None:
    """Stop counting the current fact versions meeting ``where`` (about to be superseded); months left at 0 go."""
    changes = _deltas(connection, facts, rules, where, -1)
    if not changes:
        return
    _upsert(connection, months, changes)
    m = months.c
    gone = sa.delete(months).where(m.rule_key == sa.bindparam("k"), m.month == sa.bindparam("m"), m.n == 0)
    connection.execute(gone, [{"k": c["rule_key"], "m": c["month"]} for c in changes])


def register(
    connection: Connection, tables: tuple[sa.Table, sa.Table], fact_table: sa.Table, rules: Rules, plan: Plan
) -> None:
    """Register the 延べ rules of ``plan`` not registered yet, counting the current facts they match."""
    registry, months = tables
    f = fact_table.c
    for rule in summarised(plan):
        key = rule_key(rule)
        if key in rules.keys:
            continue
        connection.execute(sa.insert(registry).values(rule_key=key, rule=_fields(rule)))
        changes = _deltas(connection, fact_table, Rules([(key, rule)]), [f.superseded_at.is_(None)], 1)
        if changes:
            _upsert(connection, months, changes)
        rules.known(key, rule)


# ---- counting -------------------------------------------------------------------------------

Counting = tuple[Rule, CountingMode, date, date]


def answerable(key: Counting) -> bool:
    """Whether a summary of this rule would hold the figure: 延べ over whole months."""
    _, mode, start, end = key
    return mode == CountingMode.TOTAL and start.day == 1 and (end + timedelta(days=1)).day == 1


def totals(
    connection: Connection, tables: tuple[sa.Table, sa.Table], wanted: Iterable[Counting]
) -> dict[Counting, int]:
    """The 延べ figures of the current facts for the ``wanted`` countings whose rule is registered.

    One query per period (a report has one or two): the registered rules
    among them, each with the sums of its months in the period, a few rows
    each; a counting whose rule is not registered is left out.
    """
    registry, months = tables
    periods: dict[tuple[date, date], dict[Counting, str]] = {}
    for key in wanted:
        if answerable(key):
            periods.setdefault((key[2], key[3]), {})[key] = rule_key(key[0])
    r, m = registry.c, months.c
    found: dict[Counting, int] = {}
    for (start, end), chosen in periods.items():
        in_period = sa.and_(m.rule_key == r.rule_key, m.month >= start, m.month <= end)
        query = (
            sa.select(r.rule_key, *(sa.func.coalesce(sa.func.sum(m[name]), 0) for name in ("n", *AMOUNTS)))
            .select_from(registry.outerjoin(months, in_period))
            .where(r.rule_key.in_(sorted(set(chosen.values()))))
            .group_by(r.rule_key)
        )
        sums = {hashed: summed for hashed, *summed in connection.execute(query)}
        for key, hashed in chosen.items():
            if hashed in sums:
                total_of = key[0].total_of
                found[key] = int(sums[hashed][0 if total_of is None else 1 + AMOUNTS.index(total_of)])
    return found
