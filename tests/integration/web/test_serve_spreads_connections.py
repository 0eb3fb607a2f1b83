"""``kasane serve --workers 2`` spreads the connections over its workers, even when they all come at once.

With one listening socket shared by uvicorn's workers, the first worker to wake took every waiting connection
and kept it (clients keep their connections alive): the other worker idled while the first served everyone
(``web.http.workers``). The test opens many kept-alive connections at the same moment, then asks Linux which
worker process holds each one (``/proc``: the sockets each process has open, and the established TCP connections
of the server's port).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx

from tests.integration.web.test_serve_workers import free_port, serve
from web.storage.settings import Settings

CONNECTIONS = 60
AT_LEAST = 15
"""Of 60 connections hashed over 2 workers, each gets at least 15 but for odds of about 1 in 24,000 (binomial);
one worker taking them all, as the shared socket did, is far below it."""


def test_connections_opened_together_are_served_by_both_workers(settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    server = serve(settings, port, workers=2, log=tmp_path / "server.log")
    try:
        workers = listening_sockets_of_workers(server.pid, port)
        held = asyncio.run(holding_connections(f"http://127.0.0.1:{port}", server.pid, port))
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert len(workers) == 2
    assert workers[0] != workers[1], "the workers share one listening socket"
    assert sum(held) == CONNECTIONS
    assert min(held) >= AT_LEAST, held


async def holding_connections(base: str, server_pid: int, port: int) -> list[int]:
    """Open ``CONNECTIONS`` kept-alive connections at once (one request each); how many each worker holds."""
    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(CONNECTIONS)]
    try:
        answers = await asyncio.gather(*(client.get("/health") for client in clients))
        assert {answer.status_code for answer in answers} == {200}
        return connections_per_worker(server_pid, port)
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def listening_sockets_of_workers(server_pid: int, port: int) -> list[set[str]]:
    """For each process under the server that listens on ``port``: the inodes of its listening sockets there."""
    listening, _ = sockets_on(port)
    return [held & listening for held in map(open_sockets, descendants(server_pid)) if held & listening]


def connections_per_worker(server_pid: int, port: int) -> list[int]:
    """For each process under the server that listens on ``port``: the established connections it holds there."""
    listening, established = sockets_on(port)
    counts = []
    for pid in descendants(server_pid):
        held = open_sockets(pid)
        if held & listening:
            counts.append(len(held & established))
    return counts


def sockets_on(port: int) -> tuple[set[str], set[str]]:
    """The inodes of the listening sockets and of the established connections whose local port is ``port``."""
    listening: set[str] = set()
    established: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
            if local_port == port:
                {"0A": listening, "01": established}.get(state, set()).add(inode)
    return listening, established


def descendants(pid: int) -> list[int]:
    children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    return [found for child in children for found in (child, *descendants(child))]


def open_sockets(pid: int) -> set[str]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        target = os.readlink(f"/proc/{pid}/fd/{fd}")
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    return inodes
