"""The load generator's kept-alive client reads each answer whole, as httpx would, on one connection.

A real uvicorn server in this process answers a page of known size, a 404, an answer that closes its connection,
and a streamed answer without ``Content-Length`` (which the client refuses rather than mis-time).
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import uvicorn

from bench.keepalive import KeptAlive, UnexpectedAnswer
from bench.web import in_own_loop

PAGE = "重ね".encode() * 20_000


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    path, cookie = scope["path"], dict(scope["headers"]).get(b"cookie", b"")
    if path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"part", "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return
    status, body = (200, PAGE + cookie) if path in ("/page", "/closing") else (404, b"not here")
    headers = [(b"content-length", str(len(body)).encode())]
    if path == "/closing":
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def answers(path: str, times: int, pause: float = 0) -> tuple[list[tuple[int, int]], int]:
    """What the client read, ``times`` over with ``pause`` s between, and how many connections the server saw (it
    closes one idle for a second)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning", timeout_keep_alive=1)
    listening = config.bind_socket()
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    opened: set[int] = set()
    try:
        while not server.started:
            await asyncio.sleep(0.01)
        base = f"http://127.0.0.1:{listening.getsockname()[1]}"
        client = KeptAlive(base, path, httpx.Cookies({"kasane_session": "abc"}))
        read = []
        try:
            for _ in range(times):
                read.append(await client.get())
                await asyncio.sleep(pause)
                opened |= {id(c) for c in server.server_state.connections}
        finally:
            await client.close()
        return read, len(opened)
    finally:
        server.should_exit = True
        await serving


def test_a_page_is_read_whole_again_and_again_on_one_connection() -> None:
    read, connections = in_own_loop(answers("/page", 5))
    assert read == [(200, len(PAGE) + len(b"kasane_session=abc"))] * 5
    assert connections == 1


def test_a_refusal_is_read_with_its_status() -> None:
    read, _ = in_own_loop(answers("/missing", 2))
    assert read == [(404, len(b"not here"))] * 2


def test_an_answer_that_closes_its_connection_is_followed_on_a_new_one() -> None:
    read, _ = in_own_loop(answers("/closing", 3))
    assert read == [(200, len(PAGE) + len(b"kasane_session=abc"))] * 3


def test_an_answer_without_a_length_stops_the_benchmark() -> None:
    with pytest.raises(UnexpectedAnswer):
        in_own_loop(answers("/stream", 1))


def test_a_connection_the_server_closed_while_idle_is_opened_again() -> None:
    read, _ = in_own_loop(answers("/page", 2, pause=1.5))
    assert read == [(200, len(PAGE) + len(b"kasane_session=abc"))] * 2
