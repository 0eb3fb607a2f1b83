"""After PostgreSQL drops every connection (a restart, a failover, an idle timeout), the next requests still work.

The app keeps pooled connections in several engines (events, read models,
audit, sessions and passwords, case keys); a pooled connection whose server
backend is gone must be noticed and replaced before use, not handed to a
request as a 500. Terminating the backends is PostgreSQL's; on SQLite there is
no server to lose, so these tests run on PostgreSQL only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.builders import given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING, POSTGRES_URL, empty_postgres
from tests.integration.web.conftest import PASSWORD, Web, app_on, given_staff_of_every_role
from tests.integration.web.test_api import OPEN_CASE
from web.storage.settings import Settings

pytestmark = pytest.mark.postgres


def terminate_every_other_backend() -> int:
    """What a server restart does to the app's pooled connections."""
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.begin() as connection:
            return len(
                connection.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).all()
            )
    finally:
        engine.dispose()


@pytest.fixture
def web() -> Iterator[Web]:
    empty_postgres(POSTGRES_URL)
    api = app_on(Settings(database_url=POSTGRES_URL, **FAST_PASSWORD_HASHING))  # one app per test cost ~0.5 s
    with TestClient(api) as client:
        web = Web(client, api.state.kasane, api.state.read_models, api)
        web.seeded(given_standard_setup)
        web.seeded(given_staff_of_every_role)
        web.login("sato")
        yield web


REQUESTS: dict[str, tuple[Callable[[Web], int], int]] = {
    "a page": (lambda web: web.client.get("/").status_code, 200),
    "an API read": (lambda web: web.client.get("/api/cases").status_code, 200),
    "an API write": (lambda web: web.client.post("/api/cases", json=OPEN_CASE).status_code, 201),
    "a refused write": (lambda web: web.client.post("/api/cases", json={}).status_code, 422),
    "a plan report": (lambda web: web.client.get("/plans").status_code, 200),
    "a failed login": (
        lambda web: (
            web.client.post(
                "/login", data={"username": "sato", "password": "x" * 12}, follow_redirects=False
            ).status_code
        ),
        401,
    ),
    "a login": (
        lambda web: (
            web.client.post(
                "/login", data={"username": "sato", "password": PASSWORD}, follow_redirects=False
            ).status_code
        ),
        303,
    ),
}


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_the_first_request_after_the_server_dropped_every_connection_succeeds(web: Web, kind: str) -> None:
    request, expected = REQUESTS[kind]
    for name, (warm_up, _) in REQUESTS.items():  # fill every engine's pool
        if name not in ("a failed login", "a login"):
            warm_up(web)
    assert terminate_every_other_backend() > 0
    assert request(web) == expected


def test_every_kind_of_request_succeeds_after_the_server_dropped_every_connection(web: Web) -> None:
    assert terminate_every_other_backend() > 0
    answers = {name: request(web) for name, (request, _) in REQUESTS.items()}
    assert answers == {name: expected for name, (_, expected) in REQUESTS.items()}
