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
import subprocess
import time
from pathlib import Path

import httpx

from tests.integration.web.test_serve_workers import KASANE, free_port, serve
from web.http.workers import listening_sockets
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
        stopped = server.wait(timeout=60)
    assert stopped == 0, "a stop is not a failure (systemctl stop would mark the unit failed)"
    assert len(workers) == 2
    assert workers[0] != workers[1], "the workers share one listening socket"
    assert sum(held) == CONNECTIONS
    assert min(held) >= AT_LEAST, held


def test_a_server_on_a_port_another_server_listens_on_is_refused(settings: Settings, tmp_path: Path) -> None:
    """The other server listens with ``SO_REUSEPORT`` too (another ``kasane serve --workers``, perhaps on another
    store): without a check, the new workers would join its port and the two would share the connections."""
    port = free_port()
    with listening_sockets("127.0.0.1", port, 1)[0]:
        started = subprocess.run(
            [KASANE, "serve", "--port", str(port), "--workers", "2"],
            env={**os.environ, "KASANE_DATABASE_URL": settings.database_url},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert started.returncode == 1
    assert f"127.0.0.1:{port} is already in use" in started.stderr
    assert "Traceback" not in started.stderr


def test_workers_stop_when_their_supervisor_is_killed(settings: Settings, tmp_path: Path) -> None:
    """Killed outright (out of memory, ``kill -9``), the supervisor can pass nothing on; its workers must not serve
    on alone, holding the port, with no one to stop them."""
    port = free_port()
    server = serve(settings, port, workers=2, log=tmp_path / "server.log")
    workers = [pid for pid in descendants(server.pid) if open_sockets(pid) & sockets_on(port)[0]]
    assert len(workers) == 2
    server.kill()
    server.wait(timeout=60)
    deadline = time.monotonic() + 60  # they check every second; the deadline only ends a broken run
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers)


def alive(pid: int) -> bool:
    """Still running (a zombie waiting for its reaper has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


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
