"""Nobody with access to the database can edit or delete a stored event, audit entries included.

On PostgreSQL a trigger function refuses UPDATE and DELETE for every login; on
SQLite a BEFORE UPDATE and a BEFORE DELETE trigger per table abort the statement,
so an edit through a SQL shell on the file fails too.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from domain.audit import AccessMade
from tests.builders import ADMIN, TODAY, given_open_case, given_standard_setup
from tests.conftest import POSTGRES_URL, empty_postgres
from web.app import create_app
from web.storage.bootstrap import build_application
from web.storage.settings import Settings


@pytest.mark.parametrize("table", ["kasane_events", "kasaneaudit_events"])
@pytest.mark.parametrize(
    "statement",
    ["UPDATE {table} SET state = state", "DELETE FROM {table}", "DELETE FROM {table} WHERE originator_version = 1"],
)
def test_a_stored_event_cannot_be_updated_or_deleted(settings: Settings, table: str, statement: str) -> None:
    api = create_app(settings, today=lambda: TODAY)
    with TestClient(api):
        given_standard_setup(api.state.kasane)
        given_open_case(api.state.kasane)
        api.state.audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path="/"))
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            before = connection.execute(sa.text(f"SELECT count(*), sum(length(state)) FROM {table}")).one()
        with pytest.raises(sa.exc.DBAPIError, match="stored events are immutable"), engine.begin() as connection:
            connection.execute(sa.text(statement.format(table=table)))
        with engine.connect() as connection:
            assert connection.execute(sa.text(f"SELECT count(*), sum(length(state)) FROM {table}")).one() == before
            assert before[0] > 0
    finally:
        engine.dispose()
    if settings.database_url == POSTGRES_URL:
        empty_postgres(POSTGRES_URL)  # TRUNCATE, the test suite's way to start afresh, is a different privilege


def test_the_command_line_guards_the_case_log_too_and_installing_twice_is_harmless(settings: Settings) -> None:
    app = build_application(settings, today=lambda: TODAY)
    given_standard_setup(app)
    app.close()
    build_application(settings, today=lambda: TODAY).close()
    engine = sa.create_engine(settings.database_url)
    try:
        with pytest.raises(sa.exc.DBAPIError, match="stored events are immutable"), engine.begin() as connection:
            connection.execute(sa.text("UPDATE kasane_events SET topic = topic"))
    finally:
        engine.dispose()
    if settings.database_url == POSTGRES_URL:
        empty_postgres(POSTGRES_URL)


LOOSENED = {
    "sqlite": ['DROP TRIGGER "kasane_immutable_update_kasane_events"'],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION kasane_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RETURN NEW; END; $$"
    ],
}
"""What someone with the database owner's rights might do between two starts: drop a trigger, or make the
function let changes through."""


def test_a_trigger_dropped_or_a_function_loosened_between_two_starts_is_put_back_by_the_next(
    settings: Settings,
) -> None:
    app = build_application(settings, today=lambda: TODAY)
    given_standard_setup(app)
    app.close()
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.begin() as connection:
            for statement in LOOSENED[engine.dialect.name]:
                connection.execute(sa.text(statement))
            connection.execute(sa.text("UPDATE kasane_events SET topic = topic"))  # let through, for now

        build_application(settings, today=lambda: TODAY).close()

        with pytest.raises(sa.exc.DBAPIError, match="stored events are immutable"), engine.begin() as connection:
            connection.execute(sa.text("UPDATE kasane_events SET topic = topic"))
    finally:
        engine.dispose()
    if settings.database_url == POSTGRES_URL:
        empty_postgres(POSTGRES_URL)
