"""A pooled PostgreSQL connection is checked before use without a round trip when it was used a moment ago.

``web.storage.live_connections``: a connection whose backend PostgreSQL ended is noticed by its socket and
replaced; one used within ``RECENT_SECONDS`` and quiet is handed out without ``SELECT 1``; an older one is
pinged as before. The whole app after a restart is ``web/test_stale_connections.py``. PostgreSQL only: on
SQLite there is no server to lose and the pool keeps ``pool_pre_ping``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from tests.conftest import POSTGRES_URL
from web.storage import live_connections
from web.storage.event_store import engine_for

pytestmark = pytest.mark.postgres


@pytest.fixture
def engine() -> Iterator[sa.Engine]:
    engine = engine_for(POSTGRES_URL)
    yield engine
    engine.dispose()


def pings_of(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every ``SELECT 1`` the pool sends to check a connection, from now on."""
    pings: list[Any] = []
    dialect = engine.dialect
    ping = dialect.do_ping

    def counted(dbapi_connection: Any) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return pings


def backend_of(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        pid: int = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def end_backend(pid: int) -> None:
    """What a restart does to one backend: ended, with the client told (waits until it has gone)."""
    admin = sa.create_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            assert connection.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}).scalar()
    finally:
        admin.dispose()


def test_a_connection_used_a_moment_ago_is_handed_out_without_a_round_trip(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = backend_of(engine)
    pings = pings_of(engine, monkeypatch)

    assert [backend_of(engine) for _ in range(3)] == [first] * 3
    assert pings == []


def test_a_connection_idle_for_a_while_is_pinged_as_before(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    first = backend_of(engine)
    pings = pings_of(engine, monkeypatch)
    monkeypatch.setattr(live_connections, "RECENT_SECONDS", 0.0)

    assert backend_of(engine) == first
    assert len(pings) == 1


def test_a_connection_whose_backend_was_ended_a_moment_ago_is_replaced(engine: sa.Engine) -> None:
    first = backend_of(engine)
    end_backend(first)

    second = backend_of(engine)  # no error: the pool noticed and connected again

    assert second != first
    assert backend_of(engine) == second
