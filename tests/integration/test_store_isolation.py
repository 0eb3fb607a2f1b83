"""Every test owns its store: what one test wrote, the next test's fresh store does not hold.

On SQLite each test has files of its own. On PostgreSQL the tests of a worker share one database, put back between
tests to a baseline recorded once (``tests.postgres_baseline``: the tables an app start makes, the read models at
position 0; for the web tests, the small city too). These tests write, ask for a fresh store as the next test's
fixture would, and look in every table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from projections.engine.catalogue import ReadModels
from tests.builders import given_open_case, given_standard_setup
from tests.conftest import POSTGRES_URL, fresh_postgres, sqlite_settings, started
from tests.integration.store_rows import rows_per_table
from tests.postgres_baseline import WATCH, commands
from web.storage.settings import Settings

BASELINE_TABLES = {"projection_positions", "kasane_audit_chain_turn"}
"""Rows an app start writes into an empty store: every read model's position, and the audit chain's turn."""


def next_tests_store(settings: Settings, tmp_path: Path) -> Settings:
    """The store the ``database_url`` fixture gives the next test: a new file, or this worker's database put back."""
    if settings.is_sqlite:
        return sqlite_settings(tmp_path / "next")
    fresh_postgres(POSTGRES_URL)
    return settings


def test_a_fresh_store_holds_no_row_that_an_earlier_test_wrote(
    app: Kasane, read_models: ReadModels, settings: Settings, tmp_path: Path
) -> None:
    given_standard_setup(app)
    given_open_case(app)
    read_models.catch_up()
    written = rows_per_table(settings.database_url)
    assert written["kasane_events"] > 0 and written["case_list"] == 1

    fresh = next_tests_store(settings, tmp_path)
    started(fresh.database_url)  # as the next test's app would

    rows = rows_per_table(fresh.database_url)
    assert {table for table, count in rows.items() if count} <= BASELINE_TABLES
    assert set(rows) >= set(written)


@pytest.mark.postgres
def test_a_schema_a_test_changed_is_made_again_for_the_next_test() -> None:
    """A test that changed the schema (a table of its own, a trigger dropped) makes the next store built afresh."""
    fresh_postgres(POSTGRES_URL)
    engine = sa.create_engine(POSTGRES_URL, poolclass=sa.pool.NullPool)
    trigger = (
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'kasane_immutable' AND tgrelid = 'kasane_events'::regclass"
    )
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE left_behind (note text)"))
            connection.execute(sa.text("INSERT INTO left_behind VALUES ('mine')"))
            connection.execute(sa.text("DROP TRIGGER kasane_immutable ON kasane_events"))
        fresh_postgres(POSTGRES_URL)
        with engine.connect() as connection:
            assert not sa.inspect(connection).has_table("left_behind")
            assert connection.execute(sa.text(trigger)).scalar_one() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_the_test_databases_commits_do_not_wait_for_the_disk(app: Kasane, settings: Settings) -> None:
    """Set once per run on the worker's database (``commits_without_waiting_for_the_disk``): the app's own sessions
    commit without waiting for the WAL's flush, which only the tests may give up."""
    engine = sa.create_engine(settings.database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SHOW synchronous_commit")).scalar_one() == "off"
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "unseen",
    [
        pytest.param("SET LOCAL session_replication_role = replica", id="as-a-replica"),
        pytest.param(f"DROP EVENT TRIGGER {WATCH}", id="uncounted"),
    ],
)
def test_a_schema_changed_where_ddl_could_go_uncounted_is_made_again_for_the_next_test(unseen: str) -> None:
    """The signature is read again only when DDL was counted (``tests.postgres_baseline.WATCH``): DDL run as a
    replica (where triggers and ordinary event triggers sleep), or once the counting trigger is gone, is still seen,
    and the count is back for the tests after."""
    fresh_postgres(POSTGRES_URL)
    engine = sa.create_engine(POSTGRES_URL, poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(unseen))
            connection.execute(sa.text("CREATE TABLE left_behind (note text)"))
            connection.execute(sa.text("ALTER TABLE kasane_events DISABLE TRIGGER kasane_immutable"))
        fresh_postgres(POSTGRES_URL)
        with engine.connect() as connection:
            assert not sa.inspect(connection).has_table("left_behind")
            enabled = "SELECT tgenabled FROM pg_trigger WHERE tgname = 'kasane_immutable' AND tgrelid = 'kasane_events'"
            assert connection.execute(sa.text(f"{enabled}::regclass")).scalar_one() == "O"
            assert commands(connection) is not None
    finally:
        engine.dispose()
