"""The web tests' small city is each test's own: what one test wrote, the next test's city does not hold.

SQLite tests copy the city's files; PostgreSQL tests put the city's rows back into the worker's database
(``tests.postgres_baseline``). The next test's store here is made as its ``web`` fixture would make it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.builders import given_open_case
from tests.conftest import POSTGRES_URL, Prepared, fresh_postgres, started
from tests.integration.store_rows import rows_per_table
from tests.integration.web.conftest import Login, Web, a_small_city_on_postgres
from web.access.sessions import sessions
from web.storage.settings import Settings


def next_tests_city(settings: Settings, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if settings.is_sqlite:
        city: Prepared[Login] = request.getfixturevalue("small_city_store")
        return city.copy(tmp_path / "next").database_url
    fresh_postgres(POSTGRES_URL, "web-small-city", a_small_city_on_postgres)
    return POSTGRES_URL


def sessions_of(url: str) -> list[str]:
    """Whose sessions the store at ``url`` holds."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.select(sessions.c.username).order_by(sessions.c.username)).scalars())
    finally:
        engine.dispose()


def test_the_next_test_finds_the_small_city_without_this_tests_case(
    web: Web, settings: Settings, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    city_events = web.events()
    web.seeded(given_open_case)
    web.login("suzuki")  # ends the city's session of sato, starts suzuki's
    assert rows_per_table(settings.database_url)["case_list"] == 1

    url = next_tests_city(settings, tmp_path, request)
    started(url)

    rows = rows_per_table(url)
    assert rows["case_list"] == 0 and rows["case_members"] == 0
    assert sessions_of(url) == ["sato"], "only the city's own session, started when it was seeded"
    assert rows["kasane_events"] == city_events
