"""Any sequence of commands gives the same read models page by page as rebuilt, and counts as the rules say.

Hypothesis draws command sequences — case work (intake, entries, voids and
corrections, referrals, plans and their voids, consents, reassignment),
meetings (scheduled, held on some cases with some agencies, cancelled,
voided), community activities (recorded, corrected, voided) and anonymous
consultations — interleaved with catch-ups of random page sizes; refused
commands are simply skipped, as a user would see an error. Then, on SQLite
and on PostgreSQL:

- the read models caught up page by page equal a rebuild from the log;
- the case list agrees with the cases;
- every indicator of the example plans, and one per event kind, filter and
  mode found in the data, counts in SQL exactly what the plain-Python
  reference of the rules (``tests.rule_reference``) counts, now and as of a
  moment in the middle of the story.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from domain.application import Kasane
from domain.plan_commands import LoadPlan
from projections.engine.catalogue import ReadModels
from tests.builders import (
    ADMIN,
    TODAY,
    given_standard_setup,
)
from tests.command_steps import START, Story, city_steps, later, steps
from tests.conftest import POSTGRES_URL, fresh_postgres, prepared, started
from tests.plan_scenarios import PLAN
from tests.read_model_checks import (
    assert_case_list_agrees_with_cases,
    assert_caseload_summary_counts_what_the_case_rows_count,
    assert_counts_follow_the_rules,
    rebuilt_as_released,
)
from tests.read_models import table_contents
from tests.rule_reference import EXAMPLES
from web.storage.bootstrap import build_application, build_read_models
from web.storage.settings import Settings

PLANS = ((EXAMPLES / "asaka_indicators.toml").read_text(encoding="utf-8"), PLAN)
"""Plans the small city's master data allows, counting 延べ, 実 and 新規 of consultations, meetings and more."""


def the_stories_city(settings: Settings) -> None:
    """The store every story starts from: a small city's master data and the plans, no read model caught up."""
    app = build_application(settings, today=lambda: TODAY)
    try:
        given_standard_setup(app)
        for text in PLANS:  # their rules are registered: the summaries are kept and compared too
            app.execute(LoadPlan(actor=ADMIN, source=text, occurred_on=START))
    finally:
        app.close()


def the_stories_city_on_postgres(url: str) -> None:
    started(url)
    the_stories_city(Settings(database_url=url))


@contextmanager
def fresh_city(store: str, factory: pytest.TempPathFactory) -> Iterator[tuple[Kasane, ReadModels]]:
    """The stories' city, made once per run and copied for each example (SQLite: its files into a new folder;
    PostgreSQL: its rows put back, ``tests.postgres_baseline``): seeding it for each example cost more than most
    stories."""
    with tempfile.TemporaryDirectory() as folder:
        if store == "postgres":
            fresh_postgres(POSTGRES_URL, "property-city", the_stories_city_on_postgres)
            city_settings = Settings(database_url=POSTGRES_URL)
        else:
            city_settings = prepared(factory, "property-city", the_stories_city).copy(Path(folder))
        app = build_application(city_settings, today=lambda: TODAY)
        read_models = build_read_models(city_settings, app)
        try:
            yield app, read_models
        finally:
            read_models.close()
            app.close()


STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("store", STORES)
def test_any_command_sequence_projects_the_same_incrementally_and_rebuilt(
    store: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """One Hypothesis search per store (the store is not drawn: each example starts from an empty one)."""

    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(later, min_size=1, max_size=3),
        st.lists(st.one_of(steps, city_steps), min_size=10, max_size=30),
    )
    @example([0, 1], SEEN_BY_MEETINGS_AND_TRANSFERS)
    def story(openings: list[int], drawn: list[tuple[Any, ...]]) -> None:
        with fresh_city(store, tmp_path_factory) as (app, read_models):
            run = Story(app, read_models)
            for step in [("open", days) for days in openings] + drawn:
                run.run(step)
            read_models.catch_up()
            assert_case_list_agrees_with_cases(app, read_models)
            assert_counts_follow_the_rules(read_models)
            assert_caseload_summary_counts_what_the_case_rows_count(read_models)
            incremental = table_contents(read_models)
            rebuilt_as_released(read_models)
            assert table_contents(read_models) == incremental

    story()


MAX_EXAMPLES = 15
"""Examples per store: the file stays well under a minute per store on a shared two-core machine."""
SEEN_BY_MEETINGS_AND_TRANSFERS: list[tuple[Any, ...]] = [
    ("schedule", "support", 0),
    ("schedule", "support", 0),
    ("hold", 0, [0, 1], ["jiritsu"], 1),
    ("hold", 1, [0], ["kodomo-katei"], 1),
    ("catch_up", 2),
    ("void_meeting", 1, 1),
    ("plan", 0, 5, 1),
    ("transfer", 1, "kodomo-katei", False, 1),
    ("assign", 0, "suzuki", "shakyo", 1),
    ("tags", 0, ["dv"], 1),
    ("consent", 1, "given", 0),
    ("schedule", "layered", 0),
    ("hold", 2, [1], ["jiritsu"], 1),
    ("catch_up", 1),
    ("schedule", "support", 0),
    ("hold_bare", 3, [1], ["shakyo"], 1),
    ("schedule", "support", 0),
    ("hold_bare", 4, [1], ["shakyo"], 1),
]
"""Always run: cases seen through a meeting attended (one voided), a pending transfer, a coordinator elsewhere;
then, page by page, meetings held without action items: the first lets a new agency see a case with an open item
any agency may read (its counts move although that meeting owes nothing), the second changes no one's view."""
