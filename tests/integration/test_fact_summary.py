"""The monthly summary of the indicator facts is the GROUP BY of the current facts, caught up or rebuilt.

``indicator_fact_months`` is maintained as facts are recorded, voided and
corrected (``projections.indicators.fact_summary``); a report "now" reads its
延べ figures from it. On the demo data (with corrections and voids), caught up
in small pages, it must hold exactly the current facts counted per kind, month
and filter values (no row at 0), and a rebuild must give the same rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.rule import AMOUNTS
from projections.engine.catalogue import ReadModels
from projections.indicators.fact_summary import dimension_names
from projections.indicators.facts import IndicatorFacts, fact_months, indicator_facts
from tests.builders import TODAY
from web.demo.scale import BatchingKasane, load_scaled
from web.storage.bootstrap import build_read_models
from web.storage.settings import Settings, eventsourcing_env


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


def summary(connection: sa.Connection) -> dict[tuple[object, ...], tuple[int, ...]]:
    rows = connection.execute(sa.select(fact_months)).mappings()
    return {
        (r["kind"], r["month"], *(r[n] for n in dimension_names(fact_months))): (r["n"], *(r[a] for a in AMOUNTS))
        for r in rows
    }


def grouped_current_facts(connection: sa.Connection) -> dict[tuple[object, ...], tuple[int, ...]]:
    f = indicator_facts.c
    counted: Counter[tuple[object, ...]] = Counter()
    amounts: dict[tuple[object, ...], list[int]] = {}
    for r in connection.execute(sa.select(indicator_facts).where(f.superseded_at.is_(None))).mappings():
        key = (
            r["kind"],
            date(r["occurred_on"].year, r["occurred_on"].month, 1),
            *(r[n] for n in dimension_names(fact_months)),
        )
        counted[key] += 1
        sums = amounts.setdefault(key, [0] * len(AMOUNTS))
        for i, name in enumerate(AMOUNTS):
            sums[i] += r[name] or 0
    return {key: (n, *amounts[key]) for key, n in counted.items()}


def test_the_summary_counts_exactly_the_current_facts_and_a_rebuild_gives_the_same_rows(demo: ReadModels) -> None:
    with demo.engine.connect() as connection:
        superseded = connection.execute(
            sa.select(sa.func.count()).where(indicator_facts.c.superseded_at.is_not(None))
        ).scalar_one()
        assert superseded > 0, "the demo voids and corrects entries"
        caught_up = summary(connection)
        assert caught_up == grouped_current_facts(connection)
        assert all(n > 0 for n, *_ in caught_up.values())
    demo.rebuild()
    with demo.engine.connect() as connection:
        assert summary(connection) == caught_up
