"""Server processes that each listen on a socket of their own on one port, so that the kernel spreads the connections.

uvicorn's workers share one listening socket, and the first worker to wake accepts every connection waiting
(asyncio's accept loop takes up to the backlog at each wake-up) and keeps it, since browsers and proxies keep
their connections alive: twenty clients connecting together were all served by one worker at 88–93 % of a core
while the other idled at 15 % (``bench.floor`` at 1M, docs/benchmarks.md). Here each worker has its own socket in
one ``SO_REUSEPORT`` group, and Linux hands each new connection to one of the sockets by a hash of its addresses:
every worker gets its share, whenever the connections come.

The supervisor is small on purpose: it starts the workers, passes SIGINT and SIGTERM on to them, and when one
ends it stops the others and ends with that worker's exit code, so the service manager (systemd, Docker's restart
policy) restarts the whole server as it restarts a server of one process. A worker that died alone would leave its
socket's share of new connections waiting in a queue that nobody reads.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from multiprocessing.connection import wait
from types import FrameType
from typing import Any

import uvicorn

from web.http.heap import Server
from web.http.no_delay import NoDelayHTTPProtocol

BACKLOG = 2048
"""Connections the kernel queues for each worker (uvicorn's default)."""
ORPHAN_CHECK = 1.0
"""Seconds between a worker's checks that its supervisor is still there."""


class PortInUse(Exception):
    """Something already listens on the port: ``SO_REUSEPORT`` alone would have let this server join it."""


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets listening on ``host:port`` in one ``SO_REUSEPORT`` group.

    Raised first when the port is taken: a socket of another server started with ``SO_REUSEPORT`` by the same user
    (a second ``kasane serve``, perhaps on another store) would accept these into its group without a word, and the
    two would share the connections. A plain bind of the port, as any single server makes, is refused instead.
    """
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            raise PortInUse(f"{host}:{port} is already in use ({error.strerror})") from None
    return [_listening(family, kind, proto, address) for _ in range(count)]


def _listening(family: int, kind: int, proto: int, address: tuple[object, ...]) -> socket.socket:
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(BACKLOG)
    return sock


def serve_in_workers(sockets: list[socket.socket]) -> int:
    """Run a server process on each socket (``listening_sockets``) until one ends or a signal comes; its exit code."""
    spawn = multiprocessing.get_context("spawn")
    here = os.getpid()
    processes = [spawn.Process(target=_work, args=(s, here), name=f"kasane-worker-{n}") for n, s in enumerate(sockets)]
    for process in processes:
        process.start()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        for process in processes:
            process.terminate()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        wait([process.sentinel for process in processes])
        stop(signal.SIGTERM, None)
        for process in processes:
            process.join()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sock in sockets:
            sock.close()
    return next((code for code in (_exit_status(process.exitcode) for process in processes) if code), 0)


def _exit_status(code: int | None) -> int:
    """A worker's exit code as the server's: 0 for a worker stopped by SIGINT or SIGTERM (uvicorn ends by raising
    the signal again once it has shut down, so a stop is not a failure: ``systemctl stop`` would have marked the
    unit failed); 128 + N for one killed by another signal N, as a shell reports it."""
    if code is None or code in (0, -signal.SIGINT, -signal.SIGTERM):
        return 0
    return code if code > 0 else 128 - code


def _stop_when_orphaned(supervisor: int) -> None:
    """A worker whose supervisor has died (killed outright, out of memory) stops as SIGTERM stops it, instead of
    serving on alone with no one to stop it or to restart the server."""

    def watch() -> None:
        while os.getppid() == supervisor:
            time.sleep(ORPHAN_CHECK)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="kasane-supervisor-watch", daemon=True).start()


def _work(sock: socket.socket, supervisor: int) -> None:
    """One worker: the server on its own socket (the app's lifespan opens its stores)."""
    _stop_when_orphaned(supervisor)
    Server(server_config()).run(sockets=[sock])


def server_config(**options: Any) -> uvicorn.Config:
    """How Kasane is served, by one process (``kasane serve``) or by each worker: the app's factory, uvicorn's
    httptools protocol with ``TCP_NODELAY`` (``web.http.no_delay``), on uvloop's event loop.

    uvloop and httptools are what ``uvicorn[standard]`` would add; named here rather than left to "auto", so a
    server never falls back silently. Measured on the case page (``bench.floor``, city, SQLite, interleaved pairs,
    2026-12-08): 0.6–2.8 ms less server CPU a page; ``/api/session`` 0.5–0.7 ms less (docs/benchmarks.md)."""
    return uvicorn.Config("web.app:create_app", factory=True, http=NoDelayHTTPProtocol, loop="uvloop", **options)
