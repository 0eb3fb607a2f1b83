"""The database counts every indicator exactly as the counting rules say, now and as of any past moment.

``projections.indicators.counting`` compiles each rule into SQL; the tests'
plain-Python reference (``tests.rule_reference``) states the definition. On the demo data (the
scaled generator's districts: consultations, outreach, referrals, plans,
placements, meetings, community activities, with corrections and voids),
every counted indicator of the example plans and of the benchmark's
50-indicator plan — and one indicator per event kind, filter and counting
mode, with values found in the data — must get the same figure from SQL as
from the rule applied in Python to every fact version valid at the moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import pytest

from domain.application import Kasane
from projections.engine.catalogue import ReadModels
from projections.indicators.counting import counts, counts_of_years
from projections.indicators.engine import figures, report_of, reports_of
from projections.indicators.evaluation_records import EvaluationRecords, plan_at, plans
from projections.indicators.facts import IndicatorFacts
from projections.reports.documents import indicators_document, to_json
from tests.builders import TODAY
from tests.rule_reference import (
    by_the_rule,
    contributions,
    every_filter,
    plan_indicators,
    valid,
    value_of_listed,
    versions,
)
from web.demo.scale import BatchingKasane, load_scaled
from web.storage.bootstrap import build_read_models
from web.storage.settings import Settings, eventsourcing_env

YEARS = (2024, 2025, 2026)
"""The demo covers the previous and the current fiscal year of its 'today' (FY2025, FY2026)."""


@pytest.fixture
def demo(app: Kasane, settings: Settings) -> Iterator[ReadModels]:
    """One demo district (60 households) in the store, and the indicator facts caught up with it."""
    batching = BatchingKasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        load_scaled(batching, seed=3, districts=1, households=60)
    finally:
        batching.close()
    models = build_read_models(settings, app, projections=[IndicatorFacts()])
    models.catch_up()
    yield models
    models.close()


def moments(rows: list[dict[str, Any]]) -> list[datetime | None]:
    """Now, and past moments: quartiles of the write times, and the exact moment of a void or correction."""
    written = sorted({r["recorded_at"] for r in rows})
    superseded = sorted({r["superseded_at"] for r in rows if r["superseded_at"] is not None})
    assert superseded, "the demo voids and corrects entries"
    return [None, *(written[len(written) * q // 4] for q in (1, 2, 3)), superseded[len(superseded) // 2]]


def test_sql_counts_equal_the_counting_rules_for_every_plan_indicator_now_and_as_of(demo: ReadModels) -> None:
    indicators = plan_indicators()
    assert {i.counting for i in indicators} == {"total", "distinct", "new"}
    with demo.engine.connect() as connection:
        rows = versions(connection)
        assert {"case.closed", "case.placement_ended", "case.referral_answered"} <= {r["kind"] for r in rows}
        assert "employed" in {r["facts"].get("placement_outcome") for r in rows}, "就労者数 has something to count"
        every = indicators + every_filter(rows)
        for moment in moments(rows):
            occurrences = valid(rows, moment)
            for year in YEARS:
                expected = {i.code: by_the_rule(i, occurrences, year) for i in every}
                assert counts(connection, every, year, moment) == expected, (moment, year)
    assert sum(expected[i.code] for i in indicators) > 0, "the example indicators count something in the demo"


def test_years_counted_together_equal_the_counting_rules_for_each_year_now_and_as_of(demo: ReadModels) -> None:
    """A year and the previous one (前年度比) are counted in one set of statements: each exactly as the rules say."""
    with demo.engine.connect() as connection:
        rows = versions(connection)
        every = plan_indicators() + every_filter(rows)
        for moment in moments(rows):
            occurrences = valid(rows, moment)
            expected = {year: {i.code: by_the_rule(i, occurrences, year) for i in every} for year in YEARS}
            assert counts_of_years(connection, every, YEARS, moment) == expected, moment


def test_a_year_and_the_previous_one_reported_together_equal_each_reported_alone(
    demo: ReadModels, app: Kasane, settings: Settings
) -> None:
    """The example plans' self-evaluations (entries, judgements, ratings) as well as the counted figures."""
    records = build_read_models(settings, app, projections=[EvaluationRecords()])
    records.catch_up()
    records.close()
    compared: set[str] = set()
    with demo.engine.connect() as connection:
        for as_of in (None, moments_of(demo)[2]):
            for listing in plans(connection):
                version = plan_at(connection, listing.code, as_of)
                years = tuple(year for year in (2026, 2025, 2024) if version.plan.covers(year))
                compared.update([listing.code] if len(years) > 1 else [])
                together = reports_of(connection, version, years, as_of)
                for year in years:
                    alone = report_of(connection, version, year, as_of)
                    assert to_json(indicators_document(together[year])) == to_json(indicators_document(alone))
    assert len(compared) >= 2, "plans whose period holds a year and the previous one"


def test_the_facts_listed_behind_each_figure_make_its_count(demo: ReadModels) -> None:
    indicators = plan_indicators()
    moment = moments_of(demo)[2]
    with demo.engine.connect() as connection:
        for as_of in (None, moment):
            found = figures(connection, indicators, 2025, as_of)
            assert {c: f.value for c, f in found.items()} == {
                c: value_of_listed(f.indicator, f.counted) for c, f in found.items()
            }
            assert any(f.counted for f in found.values())
            occurrences = valid(versions(connection), as_of)
            for code, f in found.items():
                start, end = f.indicator.period_of(2025)
                assert f.indicator.rule is not None and f.indicator.counting is not None
                expected = contributions(f.indicator.rule, f.indicator.counting, occurrences, start, end)
                assert listed(f.counted) == listed(expected), code


def listed(counted: Iterable[tuple[str | None, Any]]) -> list[tuple[Any, ...]]:
    """What distinguishes the facts behind a figure, in a stable order: unit, kind, day and unit ids."""
    return sorted(
        (unit or "", fact.kind, fact.occurred_on, tuple(sorted(fact.units.items()))) for unit, fact in counted
    )


def moments_of(demo: ReadModels) -> list[datetime | None]:
    with demo.engine.connect() as connection:
        return moments(versions(connection))
