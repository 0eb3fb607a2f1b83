"""On PostgreSQL nobody with a database login can edit or delete a stored event, audit entries included."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from domain.audit import AccessMade
from tests.builders import ADMIN, TODAY, given_open_case, given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING, POSTGRES_URL, empty_postgres
from web.app import create_app
from web.settings import Settings

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("table", ["kasane_events", "kasaneaudit_events"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET state = state", "DELETE FROM {table}"])
def test_a_stored_event_cannot_be_updated_or_deleted(table: str, statement: str) -> None:
    empty_postgres(POSTGRES_URL)
    api = create_app(Settings(database_url=POSTGRES_URL, **FAST_PASSWORD_HASHING), today=lambda: TODAY)
    with TestClient(api):
        given_standard_setup(api.state.kasane)
        given_open_case(api.state.kasane)
        api.state.audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path="/"))
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with pytest.raises(sa.exc.DBAPIError, match="stored events are immutable"), engine.begin() as connection:
            connection.execute(sa.text(statement.format(table=table)))
        with engine.connect() as connection:
            assert connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() > 0
    finally:
        engine.dispose()
    empty_postgres(POSTGRES_URL)  # TRUNCATE, the test suite's way to start afresh, is a different privilege
