"""The counting rules evaluated in plain Python: the reference the SQL is held to, and nothing else.

The application counts only in the database (``projections.indicators.counting``
turns each ``domain.rule.Rule`` into SQL). This module states the same
definition the slow, obvious way, over ``Occurrence`` values, so that tests
can check the generated SQL on any data:

- 延べ ``total``: every matching occurrence in the period (or the sum of its ``total_of`` amount);
- 実 ``distinct``: distinct units with at least one matching occurrence in the period;
- 新規 ``new``: units whose first matching occurrence, ever, falls in the period.

A matching occurrence is of one of the rule's kinds and meets every filter in
force: a list filter matches when the occurrence offers any wanted value, a
flag only the same flag (a missing value matches neither true nor false).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa

from bench.plan_50 import plan_text
from domain.errors import InvalidInput
from domain.indicator import Indicator
from domain.plan_file import parse_plan
from domain.rule import EVENT_KINDS, FLAG_FILTERS, CountingMode, Rule
from projections.indicators.fact_tables import indicator_facts, utc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@dataclass(frozen=True)
class Occurrence:
    """One countable event: ``units`` maps unit names (case, meeting, agency, area) to ids; ``facts`` maps
    filter names to the event's value: text, a flag, or a tuple of texts where it has several (issue tags)."""

    kind: str
    occurred_on: date
    units: Mapping[str, str]
    facts: Mapping[str, object]


def matches(rule: Rule, occurrence: Occurrence) -> bool:
    if occurrence.kind not in rule.events:
        return False
    for name, wanted in rule.filters().items():
        have = occurrence.facts.get(name)
        if isinstance(wanted, bool):
            if have is not wanted:
                return False
        else:
            offered = have if isinstance(have, tuple | list | set | frozenset) else (have,)
            if not set(offered) & set(wanted):
                return False
    return True


def count(rule: Rule, mode: str, occurrences: Iterable[Occurrence], start: date, end: date) -> int:
    """The indicator's actual for the period ``start``–``end`` (inclusive).

    For 新規, pass every occurrence from the beginning of the log: a unit is
    new in the period only if it matched nothing before ``start``.
    """
    counted = contributions(rule, mode, occurrences, start, end)
    if CountingMode(mode) == CountingMode.TOTAL:
        if rule.total_of is not None:
            return sum(amount_of(o, rule.total_of) for _, o in counted)
        return len(counted)
    return len({unit for unit, _ in counted})


Occ = TypeVar("Occ", bound=Occurrence)


def contributions(
    rule: Rule, mode: str, occurrences: Iterable[Occ], start: date, end: date
) -> Sequence[tuple[str | None, Occ]]:
    """The occurrences behind ``count``, each with the unit id it counts for (None for 延べ)."""
    matching = [o for o in occurrences if matches(rule, o)]
    in_period = [o for o in matching if start <= o.occurred_on <= end]
    counting = CountingMode(mode)
    if counting == CountingMode.TOTAL:
        return [(None, o) for o in in_period]
    unit = rule.unit()
    if unit is None:
        raise InvalidInput("the rule mixes event kinds with different units; set distinct_by", field="distinct_by")
    found = [(o.units[unit], o) for o in in_period if unit in o.units]
    if counting == CountingMode.DISTINCT:
        return found
    first: dict[str, date] = {}
    for o in matching:
        if unit in o.units:
            key = o.units[unit]
            first[key] = min(first.get(key, o.occurred_on), o.occurred_on)
    return [(key, o) for key, o in found if start <= first[key]]


def amount_of(occurrence: Any, name: str) -> int:
    """The number ``name`` (participants, contacts) an occurrence carries; 0 when it has none."""
    value = occurrence.facts.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# ---- the reference applied to the fact table ------------------------------------------------


def versions(connection: sa.Connection) -> list[dict[str, Any]]:
    """Every fact version, as plain values: the reference decides validity and matching in Python."""
    rows = connection.execute(sa.select(indicator_facts)).mappings().all()
    return [
        {
            **row,
            "recorded_at": utc(row["recorded_at"]),
            "superseded_at": None if row["superseded_at"] is None else utc(row["superseded_at"]),
        }
        for row in rows
    ]


def valid(rows: list[dict[str, Any]], moment: datetime | None) -> list[Occurrence]:
    """The occurrences in force at ``moment`` (now when None), from ``versions``."""
    return [
        Occurrence(
            kind=r["kind"],
            occurred_on=r["occurred_on"],
            units=dict(r["units"]),
            facts={k: tuple(v) if isinstance(v, list) else v for k, v in r["facts"].items()},
        )
        for r in rows
        if (
            r["superseded_at"] is None
            if moment is None
            else r["recorded_at"] <= moment and (r["superseded_at"] is None or r["superseded_at"] > moment)
        )
    ]


def by_the_rule(indicator: Indicator, occurrences: list[Occurrence], year: int) -> int:
    """The figure of a counted indicator for ``year``, by the reference."""
    assert indicator.rule is not None and indicator.counting is not None
    return count(indicator.rule, indicator.counting, occurrences, *indicator.period_of(year))


def reference_figure(connection: sa.Connection, indicator: Indicator, year: int, as_of: datetime | None) -> int:
    """The figure of a counted indicator read from every fact version and counted in Python."""
    return by_the_rule(indicator, valid(versions(connection), as_of and utc(as_of)), year)


def value_of_listed(indicator: Indicator, counted: Iterable[tuple[str | None, Any]]) -> int:
    """The figure the facts listed behind it make: 延べ counts them (or adds up ``total_of``), 実 and 新規 their
    distinct units."""
    listed = list(counted)
    if indicator.counting_mode == CountingMode.TOTAL:
        if indicator.rule is not None and indicator.rule.total_of is not None:
            return sum(amount_of(fact, indicator.rule.total_of) for _, fact in listed)
        return len(listed)
    return len({unit for unit, _ in listed if unit is not None})


# ---- indicators to hold the SQL to ----------------------------------------------------------


def plan_indicators() -> list[Indicator]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.toml"))] + [plan_text()]
    return [i for text in texts for i in parse_plan(text).indicators() if not i.is_manual]


def every_filter(rows: list[dict[str, Any]]) -> list[Indicator]:
    """Per event kind in the data: each filter alone (the commonest value, then two values), each mode and unit."""
    made = []
    for kind, offered in EVENT_KINDS.items():
        facts = [r["facts"] for r in rows if r["kind"] == kind]
        if not facts:
            continue
        rules = [Rule(events=(kind,))]
        for name in sorted(offered.filters):
            if name in FLAG_FILTERS:
                rules += [Rule.checked({"events": [kind], name: flag}, "rule") for flag in (True, False)]
                continue
            seen = Counter(
                v
                for f in facts
                for v in (f.get(name) if isinstance(f.get(name), list) else [f.get(name)])
                if v is not None
            )
            common = [value for value, _ in seen.most_common(2)]
            rules += [Rule.checked({"events": [kind], name: common[:n]}, "rule") for n in (1, 2) if len(common) >= n]
        for number, rule in enumerate(rules):
            for mode in CountingMode:
                for unit in offered.units if mode != CountingMode.TOTAL else (None,):
                    chosen = replace(rule, distinct_by=unit)
                    made.append(
                        Indicator(
                            code=f"{kind}-{number}-{mode}-{unit}",
                            name_ja=kind,
                            unit="件",
                            direction="increase",
                            counting=mode.value,
                            rule=chosen,
                        )
                    )
    return made
