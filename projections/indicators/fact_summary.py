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

Every counted rule of a plan is registered (whatever its mode); a rule the
plan counts 実 or 新規 also has its units kept (``unit_summary``: per unit its
months, per year the units counted), from the same per-page statement.

A report of a plan's year then reads a few rows per rule (one per month;
one counter per 実/新規 figure) instead of the facts. What it answers: 延べ
figures (counts, ``total_of`` sums) of registered rules over whole months,
and 実/新規 figures of fiscal and calendar years, for the current facts. An
as-of report needs the versions, and an ad-hoc rule was never registered:
those keep the exact path over the fact table
(``projections.indicators.counting``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from domain.plan import Plan
from domain.rule import AMOUNTS, CountingMode, Rule
from projections.indicators import unit_summary
from projections.indicators.rule_sql import matching


class SummaryTables(NamedTuple):
    registry: sa.Table
    months: sa.Table
    units: unit_summary.UnitTables


def define(metadata: sa.MetaData) -> SummaryTables:
    """The summary's tables, in the fact table's ``metadata`` (so they are rebuilt and swapped with it)."""
    rules = sa.Table(
        "indicator_summary_rules",
        metadata,
        sa.Column("rule_key", sa.String(64), primary_key=True, comment="sha256 of the rule"),
        sa.Column("rule", sa.JSON, nullable=False, comment="the rule's fields"),
        sa.Column("unit", sa.String(16), comment="the unit whose 実/新規 are kept (unit_summary); NULL: none"),
    )
    months = sa.Table(
        "indicator_rule_months",
        metadata,
        sa.Column("rule_key", sa.String(64), primary_key=True),
        sa.Column("month", sa.Date, primary_key=True, comment="the first day of the month the facts occurred in"),
        sa.Column("n", sa.Integer, nullable=False, comment="current facts the rule matches"),
        *(sa.Column(name, sa.BigInteger, nullable=False, comment=f"sum of their {name}") for name in AMOUNTS),
    )
    return SummaryTables(rules, months, unit_summary.define(metadata))


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


def summarised(plan: Plan) -> dict[Rule, str | None]:
    """The rules ``plan`` counts, each with the unit whose 実/新規 it counts (None: 延べ only)."""
    found: dict[Rule, str | None] = {}
    for i in plan.indicators():
        if i.is_manual or i.rule is None:
            continue
        unit = i.rule.unit() if i.counting_mode in unit_summary.MODES else None
        found[i.rule] = found.get(i.rule) or unit
    return found


class Rules:
    """Registered rules, by event kind (``load``: all of them, read once per page of the log)."""

    def __init__(self, registered: Iterable[tuple[str, Rule, str | None]] = ()) -> None:
        self.by_kind: dict[str, list[tuple[str, Rule]]] = {}
        self.keys: set[str] = set()
        self.registered: list[tuple[str, Rule]] = []
        self.units: dict[str, str] = {}
        """Rule key → the unit column whose 実/新規 are kept, for the rules that have one."""
        for key, rule, unit in registered:
            self.known(key, rule, unit)

    @classmethod
    def load(cls, connection: Connection, registry: sa.Table) -> Rules:
        r = registry.c
        found = connection.execute(sa.select(r.rule_key, r.rule, r.unit))
        return cls((row.rule_key, _rule(row.rule), row.unit) for row in found)

    def columns(self, facts: sa.Table) -> tuple[Any, ...]:
        """What ``_deltas`` selects: the date, amounts, kept unit columns and a 0/1 flag per rule."""
        return _columns(facts, tuple(rule for _, rule in self.registered), tuple(sorted(set(self.units.values()))))

    def known(self, key: str, rule: Rule, unit: str | None) -> None:
        if key not in self.keys:
            self.keys.add(key)
            self.registered.append((key, rule))
            for kind in rule.events:
                self.by_kind.setdefault(kind, []).append((key, rule))
        if unit is not None:
            self.units[key] = f"unit_{unit}"


class Changes:
    """What fact versions change in the summary: per (rule, month) the counts, per (rule, unit, month) the units."""

    def __init__(self) -> None:
        self.months: dict[tuple[str, date], dict[str, Any]] = {}
        self.units: unit_summary.UnitChanges = {}

    def count(self, key: str, month: date, sign: int, amounts: Sequence[Any], unit: str | None) -> None:
        change = self.months.get((key, month))
        if change is None:
            change = self.months[(key, month)] = {"rule_key": key, "month": month, "n": 0, **dict.fromkeys(AMOUNTS, 0)}
        change["n"] += sign
        for name, amount in zip(AMOUNTS, amounts, strict=True):
            change[name] += sign * (amount or 0)
        if unit is not None:
            self.units[(key, unit, month)] = self.units.get((key, unit, month), 0) + sign

    def write(self, connection: Connection, tables: SummaryTables) -> None:
        """Add the changes to the tables (a change that came to nothing, e.g. a version added and superseded in the
        same page, writes nothing: no row at 0 is ever left), and start again from none."""
        moved = [change for change in self.months.values() if any(change[name] for name in ("n", *AMOUNTS))]
        if moved:
            _upsert(connection, tables.months, moved)
        unit_summary.apply(connection, tables.units, self.units)
        self.months, self.units = {}, {}


@lru_cache(maxsize=8)
def _columns(facts: sa.Table, rules: tuple[Rule, ...], units: tuple[str, ...]) -> tuple[Any, ...]:
    """Built once per set of registered rules, not for every page: building a CASE per rule for each flush and
    supersede was a third of the read model's rebuild (profile at town, 2026-12-07)."""
    f = facts.c
    flags = [sa.case((sa.and_(*matching(rule, facts)), 1), else_=0) for rule in rules]
    return (f.occurred_on, *(f[name] for name in AMOUNTS), *(f[name] for name in units), *flags)


def _deltas(
    connection: Connection,
    facts: sa.Table,
    rules: Rules,
    where: Sequence[Any],
    sign: int,
    only: set[tuple[str, int]] | None = None,
    into: Changes | None = None,
) -> Changes:
    """The fact versions meeting ``where``, folded into one change per matching registered rule and month (unit).

    One statement: the versions' dates, amounts and units, with a 0/1 column
    per registered rule saying whether the rule's SQL conditions hold for it.
    With ``only`` (fact key, notification id), the versions are those: ``where`` then only narrows the lookup
    and no condition on ``kind`` is added, which SQLite would otherwise answer from the counting index by
    scanning every fact of those kinds (a rebuild's page then cost in proportion to the whole table).
    With ``into``, the changes are added to those.
    """
    found = Changes() if into is None else into
    if not rules.registered:
        return found
    unit_columns = sorted(set(rules.units.values()))
    f = facts.c
    if only is None:
        query = sa.select(*rules.columns(facts)).where(*where, f.kind.in_(sorted(rules.by_kind)))
    else:
        query = sa.select(*rules.columns(facts), f.fact_key, f.notification_id).where(*where)
    for occurred, *values in connection.execute(query):
        if only is not None:
            *values, fact_key, notification_id = values
            if (fact_key, notification_id) not in only:
                continue
        amounts, units = values[: len(AMOUNTS)], dict(zip(unit_columns, values[len(AMOUNTS) :], strict=False))
        matched = values[len(AMOUNTS) + len(unit_columns) :]
        month = date(occurred.year, occurred.month, 1)
        for (key, _), hit in zip(rules.registered, matched, strict=True):
            if hit:
                column = rules.units.get(key)
                found.count(key, month, sign, amounts, None if column is None else units[column])
    return found


def _upsert(connection: Connection, months: sa.Table, changes: list[dict[str, Any]]) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(months)
    added = {name: months.c[name] + insert.excluded[name] for name in ("n", *AMOUNTS)}
    connection.execute(insert.on_conflict_do_update(index_elements=["rule_key", "month"], set_=added), changes)
    if any(change["n"] < 0 for change in changes):
        m = months.c
        gone = sa.delete(months).where(m.rule_key == sa.bindparam("k"), m.month == sa.bindparam("m"), m.n == 0)
        connection.execute(gone, [{"k": c["rule_key"], "m": c["month"]} for c in changes if c["n"] < 0])


def add(
    connection: Connection, facts: sa.Table, rules: Rules, rows: Sequence[Mapping[str, Any]], into: Changes
) -> None:
    """Count the fact versions ``rows`` (just inserted into ``facts``) for every registered rule they match, ``into``
    the changes a page writes (``Changes.write``) before anything reads the summary."""
    keys = {(row["fact_key"], row["notification_id"]) for row in rows if row["kind"] in rules.by_kind}
    if not keys:
        return
    f = facts.c
    # The notification ids as a range, not a second IN: SQLite answers two INs on the key's columns by probing
    # every pair (a page's 1,600 keys × 1,600 ids: 2.5 million probes a flush); a range is one seek per key.
    ids = [n for _, n in keys]
    where = [f.fact_key.in_(sorted({key for key, _ in keys})), f.notification_id.between(min(ids), max(ids))]
    _deltas(connection, facts, rules, where, 1, only=keys, into=into)


def remove_versions(
    connection: Connection, facts: sa.Table, rules: Rules, versions: set[tuple[str, int]], into: Changes
) -> None:
    """Stop counting the fact ``versions`` (fact key, notification id: counted when written, superseded since),
    ``into`` the changes a page writes: one statement per page, however many voids and corrections it has (the
    rules' conditions read the versions' own columns, which a supersede leaves as they were)."""
    if not versions:
        return
    f = facts.c
    ids = [n for _, n in versions]
    where = [f.fact_key.in_(sorted({key for key, _ in versions})), f.notification_id.between(min(ids), max(ids))]
    _deltas(connection, facts, rules, where, -1, only=versions, into=into)


def register(connection: Connection, tables: SummaryTables, fact_table: sa.Table, rules: Rules, plan: Plan) -> None:
    """Register the rules of ``plan`` not registered yet (or their units, not kept yet), counting the current facts.

    A rule first registered for 延べ and later counted 実 or 新規 by another
    plan gets its units counted then; its monthly counts stay as they are.
    """
    f = fact_table.c
    for rule, unit in summarised(plan).items():
        key = rule_key(rule)
        if key in rules.keys and (unit is None or key in rules.units):
            continue
        current = [f.superseded_at.is_(None)]
        if key not in rules.keys:
            connection.execute(sa.insert(tables.registry).values(rule_key=key, rule=_fields(rule), unit=unit))
            _deltas(connection, fact_table, Rules([(key, rule, unit)]), current, 1).write(connection, tables)
        else:
            connection.execute(sa.update(tables.registry).where(tables.registry.c.rule_key == key).values(unit=unit))
            changes = _deltas(connection, fact_table, Rules([(key, rule, unit)]), current, 1)
            unit_summary.apply(connection, tables.units, changes.units)
        rules.known(key, rule, unit)


# ---- counting -------------------------------------------------------------------------------

Counting = tuple[Rule, CountingMode, date, date]


def answerable(key: Counting) -> bool:
    """Whether a summary of this rule would hold the figure: 延べ over whole months."""
    _, mode, start, end = key
    return mode == CountingMode.TOTAL and start.day == 1 and (end + timedelta(days=1)).day == 1


def figures(connection: Connection, tables: SummaryTables, wanted: Iterable[Counting]) -> dict[Counting, int]:
    """The figures of the current facts the summary holds for the ``wanted`` countings; the others are left out.

    延べ: one query for all the periods (a report of a year and the previous one has two to four): the
    registered rules among them, each with the sums of its months in each period, a few rows each. 実 and 新規
    of a year: one query, a counter row each (``unit_summary``), for the rules whose units are kept.
    """
    wanted = list(wanted)
    found = _totals(connection, tables, wanted)
    counted = {key: rule_key(key[0]) for key in wanted if unit_summary.answerable(key)}
    if counted:
        found.update(unit_summary.figures(connection, tables.registry, tables.units, counted))
    return found


def _totals(connection: Connection, tables: SummaryTables, wanted: Iterable[Counting]) -> dict[Counting, int]:
    periods: dict[tuple[date, date], dict[Counting, str]] = {}
    for key in wanted:
        if answerable(key):
            periods.setdefault((key[2], key[3]), {})[key] = rule_key(key[0])
    if not periods:
        return {}
    asked = tuple((start, end, tuple(sorted(set(chosen.values())))) for (start, end), chosen in periods.items())
    sums = {(period, hashed): summed for period, hashed, *summed in connection.execute(_sums(tables, asked))}
    found: dict[Counting, int] = {}
    for period, chosen in enumerate(periods.values()):
        for key, hashed in chosen.items():
            if (period, hashed) in sums:
                total_of = key[0].total_of
                found[key] = int(sums[period, hashed][0 if total_of is None else 1 + AMOUNTS.index(total_of)])
    return found


@lru_cache(maxsize=64)
def _sums(tables: SummaryTables, periods: tuple[tuple[date, date, tuple[str, ...]], ...]) -> Any:
    """Per period (numbered in order) and registered rule: the sums of its months in the period, in ONE statement.

    Built once per plan's years and reused: building it (and SQLAlchemy's key for its compiled form) cost more
    than running it."""
    r, m = tables.registry.c, tables.months.c
    selects = [
        sa.select(
            sa.literal(number).label("period"),
            r.rule_key,
            *(sa.func.coalesce(sa.func.sum(m[name]), 0) for name in ("n", *AMOUNTS)),
        )
        .select_from(
            tables.registry.outerjoin(
                tables.months, sa.and_(m.rule_key == r.rule_key, m.month >= start, m.month <= end)
            )
        )
        .where(r.rule_key.in_(keys))
        .group_by(r.rule_key)
        for number, (start, end, keys) in enumerate(periods)
    ]
    return selects[0] if len(selects) == 1 else sa.union_all(*selects)
