"""The per-rule monthly counts of the indicator facts: caught up, registered late, or rebuilt, the same rows.

``projections.indicators.fact_summary`` registers the 延べ rules of every plan
loaded and keeps, per rule and month, the current facts each matches; a
report "now" reads its 延べ figures from it. On the demo data (the example
plans are loaded first, then the districts' records with corrections and
voids), caught up in pages of 7 events, the rows must be exactly the current
facts grouped per rule and month (none at 0); registering the rules after
the facts (a plan loaded late) must count the same; a rebuild must give the
same rows. ``test_counting_in_sql`` holds the figures read from it to the
counting rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.plan_file import parse_plan
from domain.rule import AMOUNTS
from projections.engine.catalogue import ReadModels
from projections.indicators import fact_summary
from projections.indicators.fact_tables import indicator_facts, summary_tables
from projections.indicators.facts import IndicatorFacts
from tests.builders import TODAY
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


Summary = dict[tuple[str, date], tuple[int, ...]]


def summary(connection: sa.Connection) -> Summary:
    months = summary_tables[1]
    return {
        (r.rule_key, r.month): (r.n, *(getattr(r, a) for a in AMOUNTS)) for r in connection.execute(sa.select(months))
    }


def grouped_current_facts(connection: sa.Connection) -> Summary:
    """The current facts, each counted for every 延べ rule of the example plans it matches, per month."""
    f = indicator_facts.c
    rows = connection.execute(sa.select(indicator_facts).where(f.superseded_at.is_(None))).mappings().all()
    found: dict[tuple[str, date], list[int]] = {}
    for rule in {rule for plan in PLANS for rule in fact_summary.summarised(plan)}:
        for r in rows:
            occurrence = Occurrence(kind=r["kind"], occurred_on=r["occurred_on"], units={}, facts=r["facts"])
            if matches(rule, occurrence):
                key = (fact_summary.rule_key(rule), date(r["occurred_on"].year, r["occurred_on"].month, 1))
                sums = found.setdefault(key, [0] * (1 + len(AMOUNTS)))
                sums[0] += 1
                for i, name in enumerate(AMOUNTS, start=1):
                    sums[i] += r[name] or 0
    return {key: tuple(sums) for key, sums in found.items()}


def registered_late(connection: sa.Connection) -> Summary:
    """The summary as registering every plan's rules now, after all the facts, makes it (rolled back after)."""
    registry, months = summary_tables
    connection.rollback()  # end the reads' transaction: the one below is rolled back
    connection.execute(sa.delete(months))
    connection.execute(sa.delete(registry))
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
        assert len({rule for rule, _ in caught_up}) > 10
        assert registered_late(connection) == caught_up
    demo.rebuild()
    with demo.engine.connect() as connection:
        assert summary(connection) == caught_up
