"""Answers leave at once on kept-alive connections: ``TCP_NODELAY`` on every connection the server accepts.

A response goes out in two writes (head, then body). Without ``TCP_NODELAY`` the kernel holds the second until
the client acknowledges the first, and the client delays that acknowledgement (40 ms on Linux): every request
after the first on a kept-alive connection waited ~44 ms. asyncio sets the option on the connections of
servers it binds itself, which is why one ``kasane serve`` process answered a static file in 4 ms; the workers
of ``kasane serve --workers 2`` (uvicorn hands each the listening socket) measured 47 ms for the same file, one
client, request after request (``bench.floor``, 2026-12-07). Setting the option ourselves makes both the same.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def send_without_delay(transport: asyncio.BaseTransport) -> None:
    """Switch Nagle's algorithm off on the transport's TCP socket (a Unix socket has none to switch)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHTTPProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol (a C parser: h11, its pure-Python one, cost more CPU a request), with
    ``send_without_delay``. Named, not left to uvicorn's "auto": a server missing the dependency fails at start."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        send_without_delay(transport)
        super().connection_made(transport)
