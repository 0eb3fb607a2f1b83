"""``kasane serve --workers N`` answers kept-alive connections at once (``web.http.no_delay``).

Each worker serves a listening socket uvicorn made itself (``Config.bind_socket``), and asyncio switches
Nagle's algorithm off only on connections of sockets it made: without ``TCP_NODELAY`` every request after the
first on a connection waited for the client's delayed acknowledgement (~44 ms). A real uvicorn server on such a
socket, a kept-alive client, and the option read on the server's side of the connection.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import httpx
import uvicorn

from web.http.no_delay import NoDelayHTTPProtocol


async def hello(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


async def delay_options(protocol: Any) -> list[int]:
    """TCP_NODELAY of each connection the server holds while a client keeps one alive (as workers serve)."""
    config = uvicorn.Config(hello, host="127.0.0.1", port=0, http=protocol, lifespan="off", log_level="warning")
    listening = config.bind_socket()
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    try:
        while not server.started:
            await asyncio.sleep(0.01)
        port = listening.getsockname()[1]
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            assert (await client.get("/")).status_code == 200
            assert (await client.get("/")).status_code == 200
            return [
                connection.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                for connection in server.server_state.connections
            ]
    finally:
        server.should_exit = True
        await serving


def test_a_workers_connections_send_without_delay() -> None:
    options = asyncio.run(delay_options(NoDelayHTTPProtocol))
    assert options and all(options)


def test_uvicorns_own_protocol_on_a_workers_socket_leaves_the_delay_on() -> None:
    """Why ``NoDelayHTTPProtocol`` exists (if this ever fails, uvicorn or asyncio sets the option themselves)."""
    options = asyncio.run(delay_options("auto"))
    assert options and not any(options)
