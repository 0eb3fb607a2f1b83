"""A served process sets its start-up heap aside from the garbage collector (``web.http.heap``).

A real uvicorn server in this process, started as ``kasane serve`` starts one (``web.http.workers.server_config``'s
protocol, our ``Server``): once it has started, what the process held is frozen and the youngest generation's
threshold raised. The collector's state is the process's, so the test gives it back as it found it.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from web.http.heap import YOUNG_THRESHOLD, Server
from web.http.no_delay import NoDelayHTTPProtocol


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def collector_once_started() -> tuple[int, int]:
    """(frozen objects, youngest generation's threshold) while the server serves."""
    config = uvicorn.Config(hello, host="127.0.0.1", port=0, http=NoDelayHTTPProtocol, lifespan="off")
    server = Server(config)
    serving = asyncio.create_task(server.serve(sockets=[config.bind_socket()]))
    try:
        while not server.started:
            await asyncio.sleep(0.01)
        return gc.get_freeze_count(), gc.get_threshold()[0]
    finally:
        server.should_exit = True
        await serving


@pytest.fixture
def collector_given_back() -> Iterator[None]:
    threshold = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


@pytest.mark.usefixtures("collector_given_back")
def test_a_started_server_has_frozen_its_heap_and_collects_young_objects_less_often() -> None:
    assert gc.get_freeze_count() == 0
    frozen, young = asyncio.run(collector_once_started())
    assert frozen > 10_000
    assert young == YOUNG_THRESHOLD
