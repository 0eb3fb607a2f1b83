"""An overloaded server answers 503 with ``Retry-After`` at once, never a 500 after a 30-second wait.

Real HTTP through uvicorn on each store: (1) a server that runs one request at a time and queues none gets
30 concurrent requests for a page: some are served, the rest are told to come back, none fails; (2) a server
whose read models' connection pool is exhausted (the test holds every connection) answers a page with 503
within the pool timeout, in Japanese, and serves again once the connections are back; (3) a server running as many
requests as it may at once, round after round, keeps its read connections: it opens none after the first round.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI

from domain.application import Kasane
from tests.builders import TODAY, given_standard_setup
from tests.integration.web.conftest import PASSWORD
from web.app import create_app
from web.storage.bootstrap import credentials
from web.storage.event_store import engine_for
from web.storage.settings import Settings, eventsourcing_env


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()


@contextmanager
def serving(settings: Settings) -> Iterator[tuple[str, FastAPI]]:
    api = create_app(settings, today=lambda: TODAY)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = _Server(uvicorn.Config(api, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    assert server.ready.wait(timeout=60), "the web server did not start"
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", api
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()


def seeded(settings: Settings) -> Settings:
    app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        given_standard_setup(app)
    finally:
        app.close()
    engine = engine_for(settings.database_url)
    try:
        credentials(settings, engine).set_password("sato", PASSWORD)
    finally:
        engine.dispose()
    return settings


def logged_in(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=60) as http:
        response = http.post("/login", data={"username": "sato", "password": PASSWORD})
        assert response.status_code in (200, 303), response.status_code
        return http.cookies


async def many(base: str, cookies: httpx.Cookies, path: str, count: int) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=60) as http:
        return list(await asyncio.gather(*(http.get(path) for _ in range(count))))


def in_own_loop(work: Any) -> Any:
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(work)))
    thread.start()
    thread.join(timeout=120)
    return result[0]


def test_requests_beyond_the_bound_are_told_to_retry(settings: Settings) -> None:
    tiny = seeded(settings.model_copy(update={"max_in_flight": 1, "queue_seconds": 0}))
    with serving(tiny) as (base, _api):
        cookies = logged_in(base)
        responses = in_own_loop(many(base, cookies, "/cases", 30))
    statuses = sorted({r.status_code for r in responses})
    assert statuses == [200, 503], statuses  # some served, the rest refused, none failed
    for refused in (r for r in responses if r.status_code == 503):
        assert refused.headers["Retry-After"] == "2"
        assert "混み合っています" in refused.text
        assert "Error" not in refused.text


def test_an_exhausted_connection_pool_answers_503_not_500(settings: Settings) -> None:
    quick = seeded(settings.model_copy(update={"pool_timeout": 0.3}))
    with serving(quick) as (base, api):
        cookies = logged_in(base)
        engine = api.state.read_models.engine
        with ExitStack() as held:  # take every connection of the read models' pool, as slow pages would
            for _ in range(engine.pool.size() + engine.pool._max_overflow):
                held.enter_context(engine.connect())
            started = time.monotonic()
            with httpx.Client(base_url=base, cookies=cookies, timeout=60) as http:
                page = http.get("/cases")
                api_answer = http.get("/api/cases")
            waited = time.monotonic() - started
        assert page.status_code == 503, page.status_code
        assert page.headers["Retry-After"] == "2"
        assert "混み合っています" in page.text
        assert api_answer.status_code == 503
        assert api_answer.json()["detail"]["code"] == "busy"
        assert waited < 10  # the pool's timeout, not SQLAlchemy's 30 s
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as http:
            assert http.get("/cases").status_code == 200  # the connections are back: served again


def test_a_server_at_its_bound_keeps_its_connections_round_after_round(settings: Settings) -> None:
    """SQLAlchemy's default pool keeps 5 connections and closes each of the 10 more it may open once it is given
    back: with 12 requests in flight, pages kept opening new ones (on PostgreSQL a server process started for each,
    and on SQLite each begins with an empty page cache). The pool keeps one for every request in flight."""
    bound = seeded(settings.model_copy(update={"max_in_flight": 12}))
    with serving(bound) as (base, api):
        cookies = logged_in(base)
        engine = api.state.read_models.engine
        opened: list[object] = []

        def connected(connection: object, _record: object) -> None:
            opened.append(connection)

        in_own_loop(many(base, cookies, "/cases", 12))  # the first round opens what the pool keeps
        sa.event.listen(engine, "connect", connected)
        try:
            for _ in range(3):
                responses = in_own_loop(many(base, cookies, "/cases", 12))
                assert {r.status_code for r in responses} == {200}
        finally:
            sa.event.remove(engine, "connect", connected)
        assert opened == []
