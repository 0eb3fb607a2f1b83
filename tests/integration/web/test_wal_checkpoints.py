"""A server on SQLite copies its write-ahead log into the database beside its requests, never inside one's commit.

A commit that found the log past 1,000 pages used to do that copy and its fsyncs itself: one meeting record in
twenty waited for it (``web.storage.wal_checkpoints``). The server's connections now leave it to a thread of the
server; these tests look at what the server's own connections say and at the database file itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.builders import given_open_case, given_standard_setup
from tests.conftest import sqlite_settings
from tests.integration.web.conftest import app_on
from web.storage.event_store import engines_on, store_engine
from web.storage.wal_checkpoints import WalCheckpoints


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, Path]]:
    settings = sqlite_settings(tmp_path)
    api = app_on(settings)
    with TestClient(api):
        yield api, settings.sqlite_path()  # type: ignore[misc]


def test_no_connection_of_the_server_checkpoints_when_it_commits(served: tuple[FastAPI, Path]) -> None:
    api, _ = served
    state = api.state
    engines = {
        "events": store_engine(state.kasane),
        "read models": state.read_models.engine,
        "sessions and passwords": state.sessions.engine,
        "audit": store_engine(state.audit),
    }
    for name, engine in engines.items():
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one() == 0, name


def test_every_engine_a_server_made_on_its_store_is_found_without_being_named(served: tuple[FastAPI, Path]) -> None:
    """The server leaves the checkpoints of ``engines_on(its store)`` to its thread: none may be missing from it."""
    api, database = served
    state = api.state
    found = engines_on(state.settings.database_url)
    for engine in (
        store_engine(state.kasane),
        state.read_models.engine,
        state.sessions.engine,
        store_engine(state.audit),
    ):
        assert engine in found
    assert all(engine.url.database == str(database) for engine in found)


def test_a_checkpoint_takes_no_connection_the_requests_are_waiting_for(tmp_path: Path) -> None:
    """Slow pages holding every connection of the read models' pool: the thread's checkpoint neither waits for one
    nor fails (it took one from a pool of the server, and raised the pool's timeout: test_overload saw it)."""
    settings = sqlite_settings(tmp_path).model_copy(update={"pool_timeout": 0.3})
    api = app_on(settings)
    with TestClient(api):
        engine = api.state.read_models.engine
        checkpoints = WalCheckpoints.start([engine], interval=3600)
        assert checkpoints is not None
        try:
            with ExitStack() as held:
                for _ in range(engine.pool.size() + engine.pool._max_overflow):
                    held.enter_context(engine.connect())
                checkpoints.checkpoint()
        finally:
            checkpoints.stop()


def test_the_server_copies_the_log_into_the_database_file_beside_the_requests(served: tuple[FastAPI, Path]) -> None:
    """Far fewer pages than SQLite's own threshold (1,000) are written, so only the server's thread copies them."""
    api, database = served
    kasane = api.state.kasane
    given_standard_setup(kasane)
    before = database.stat().st_size
    for _ in range(40):
        given_open_case(kasane)
    deadline = time.monotonic() + 30  # the thread copies every 0.2 s; the deadline only stops a broken run
    while database.stat().st_size == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert database.stat().st_size > before, "the cases' pages were never copied from the log"
