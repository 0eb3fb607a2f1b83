"""The summaries of the indicator facts: caught up, registered late, or rebuilt, the same rows.

``projections.indicators.fact_summary`` registers the counted rules of every
plan loaded and keeps, per rule and month, the current facts each matches;
for the rules counted 実 or 新規, ``unit_summary`` keeps per unit its months
and per year the units present and the units first seen. A report "now"
reads its figures from them. On the demo data (the example plans are loaded
first, then the districts' records with corrections and voids), caught up in
pages of 7 events, the rows must be exactly the current facts grouped per
rule and month, and per rule, unit and month (none at 0), and the counters
what those units' months give; registering the rules after the facts (a
plan loaded late) must count the same; a rebuild must give the same rows.
``test_counting_in_sql`` holds the figures read from them to the counting
rules; the last test follows one household whose first consultation is
voided and corrected away.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.plan_file import parse_plan
from domain.rule import AMOUNTS, Rule
from projections.engine.catalogue import ReadModels
from projections.indicators import fact_summary
from projections.indicators.counting import counts
from projections.indicators.fact_tables import indicator_facts, summary_tables
from projections.indicators.facts import IndicatorFacts
from tests.builders import TODAY
from tests.plan_scenarios import PLAN, consult, correct, given_city_with_plan, household, reading, void
from tests.rule_reference import Occurrence, matches
from web.demo.scale import BatchingKasane, load_scaled
from web.storage.bootstrap import build_read_models
from web.storage.settings import Settings, eventsourcing_env

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PLANS = [parse_plan(path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.toml"))]


@pytest.fixture
def demo(app: Kasane, settings: Settings) -> Iterator[ReadModels]:
    """One demo district (40 households) in the store, the indicator facts caught up in pages of 7 events."""
    batching = BatchingKasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        load_scaled(batching, seed=5, districts=1, households=40)
    finally:
        batching.close()
    models = build_read_models(settings, app, projections=[IndicatorFacts()], page_size=7)
    models.catch_up()
    yield models
    models.close()


Summary = dict[tuple[Any, ...], tuple[int, ...]]


def summary(connection: sa.Connection) -> Summary:
    """Every summary row, keyed by table and key columns."""
    months, units = summary_tables.months, summary_tables.units
    found: Summary = {
        ("month", r.rule_key, r.month): (r.n, *(getattr(r, a) for a in AMOUNTS))
        for r in connection.execute(sa.select(months))
    }
    for r in connection.execute(sa.select(units.unit_months)):
        found[("unit", r.rule_key, r.unit, r.month)] = (r.n,)
    for r in connection.execute(sa.select(units.years)):
        found[("year", r.rule_key, r.mode, r.starts)] = (r.n,)
    return found


def grouped_current_facts(connection: sa.Connection) -> Summary:
    """The current facts, each counted for every rule of the example plans it matches, per month (and unit)."""
    f = indicator_facts.c
    rows = connection.execute(sa.select(indicator_facts).where(f.superseded_at.is_(None))).mappings().all()
    found: dict[tuple[Any, ...], list[int]] = {}
    rules: dict[Rule, str | None] = {}
    for plan in PLANS:  # a rule counted 延べ in one plan and 実 in another keeps its units
        for rule, unit in fact_summary.summarised(plan).items():
            rules[rule] = rules.get(rule) or unit
    for rule, unit in rules.items():
        key = fact_summary.rule_key(rule)
        for r in rows:
            occurrence = Occurrence(kind=r["kind"], occurred_on=r["occurred_on"], units={}, facts=r["facts"])
            if matches(rule, occurrence):
                month = date(r["occurred_on"].year, r["occurred_on"].month, 1)
                sums = found.setdefault(("month", key, month), [0] * (1 + len(AMOUNTS)))
                sums[0] += 1
                for i, name in enumerate(AMOUNTS, start=1):
                    sums[i] += r[name] or 0
                if unit is not None and r["units"].get(unit) is not None:
                    found.setdefault(("unit", key, r["units"][unit], month), [0])[0] += 1
    return {**{key: tuple(sums) for key, sums in found.items()}, **years_of(found)}


def years_of(units: dict[tuple[Any, ...], list[int]]) -> Summary:
    """Per rule and year (calendar, from January; fiscal, from April): the units with a fact in it, the new ones."""
    months: dict[tuple[str, str], list[date]] = {}
    for key in units:
        if key[0] == "unit":
            months.setdefault((key[1], key[2]), []).append(key[3])
    counters: Counter[tuple[Any, ...]] = Counter()
    for (rule, _), seen in months.items():
        for first_month in (1, 4):
            for start in {year_starting(first_month, m) for m in seen}:
                counters["year", rule, "distinct", start] += 1
            counters["year", rule, "new", year_starting(first_month, min(seen))] += 1
    return {key: (n,) for key, n in counters.items()}


def year_starting(first_month: int, month: date) -> date:
    return date(month.year if month.month >= first_month else month.year - 1, first_month, 1)


def registered_late(connection: sa.Connection) -> Summary:
    """The summary as registering every plan's rules now, after all the facts, makes it (rolled back after)."""
    connection.rollback()  # end the reads' transaction: the one below is rolled back
    for table in (*summary_tables.units, summary_tables.months, summary_tables.registry):
        connection.execute(sa.delete(table))
    rules = fact_summary.Rules()
    for plan in PLANS:
        fact_summary.register(connection, summary_tables, indicator_facts, rules, plan)
    late = summary(connection)
    connection.rollback()
    return late


def test_the_summary_counts_the_current_facts_per_rule_and_month_however_it_was_built(demo: ReadModels) -> None:
    with demo.engine.connect() as connection:
        superseded: Any = connection.execute(
            sa.select(sa.func.count()).where(indicator_facts.c.superseded_at.is_not(None))
        ).scalar_one()
        assert superseded > 0, "the demo voids and corrects entries"
        caught_up = summary(connection)
        assert caught_up == grouped_current_facts(connection)
        assert all(n > 0 for n, *_ in caught_up.values())
        assert len({key[1] for key in caught_up if key[0] == "month"}) > 10
        assert len({key[1] for key in caught_up if key[0] == "year"}) > 3, "the plans count 実 and 新規"
        assert registered_late(connection) == caught_up
    demo.rebuild()
    with demo.engine.connect() as connection:
        assert summary(connection) == caught_up


def figures_now_and_exact(connection: sa.Connection, year: int) -> tuple[dict[str, int], dict[str, int]]:
    """The checking plan's 実 and 新規 figures now (from the summary) and by the exact path (as of a later moment)."""
    indicators = [i for i in parse_plan(PLAN).indicators() if i.code in ("C-DISTINCT", "C-NEW")]
    later = datetime.now(UTC) + timedelta(days=1)
    return counts(connection, indicators, year, None), counts(connection, indicators, year, later)


def test_a_households_first_consultation_voided_or_corrected_away_moves_its_new_and_distinct_years(
    app: Kasane, read_models: ReadModels
) -> None:
    given_city_with_plan(app)
    family = household(app, "first-month", date(2023, 1, 10))
    consult(app, family, date(2023, 2, 6), "a1")  # FY2022: the household's first consultation
    consult(app, family, date(2023, 5, 8), "a2")  # FY2023
    consult(app, family, date(2023, 6, 5), "a3")
    story = [
        (lambda: None, {2022: (1, 1), 2023: (1, 0)}),
        (lambda: void(app, family, "a1", date(2023, 7, 3)), {2022: (0, 0), 2023: (1, 1)}),
        (
            lambda: correct(app, family, "a2", date(2023, 7, 4), occurred_on=date(2023, 3, 1)),
            {2022: (1, 1), 2023: (1, 0)},
        ),
        (lambda: correct(app, family, "a2", date(2023, 7, 5), agency="shakyo"), {2022: (0, 0), 2023: (1, 1)}),
        (lambda: void(app, family, "a3", date(2023, 7, 6)), {2022: (0, 0), 2023: (0, 0)}),
    ]
    for step, expected in story:
        step()
        with reading(read_models) as connection:
            for year, (distinct, new) in expected.items():
                now, exact = figures_now_and_exact(connection, year)
                assert now == exact == {"C-DISTINCT": distinct, "C-NEW": new}, (year, expected)
    with reading(read_models) as connection:
        assert not connection.execute(sa.select(summary_tables.units.years)).all(), "counters at 0 are deleted"
