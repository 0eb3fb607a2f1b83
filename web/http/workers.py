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
import signal
import socket
from multiprocessing.connection import wait
from types import FrameType

BACKLOG = 2048
"""Connections the kernel queues for each worker (uvicorn's default)."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` that other sockets may bind as well (``SO_REUSEPORT``)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(BACKLOG)
    return sock


def serve_in_workers(host: str, port: int, workers: int) -> int:
    """Run ``workers`` server processes on ``host:port`` until one ends or a signal comes; the exit code."""
    sockets = [listening_socket(host, port) for _ in range(workers)]
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_work, args=(sock,), name=f"kasane-worker-{n}") for n, sock in enumerate(sockets)]
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
    return next((code for code in (process.exitcode for process in processes) if code), 0)


def _work(sock: socket.socket) -> None:
    """One worker: uvicorn serving the app on its own socket (the app's lifespan opens its stores)."""
    import uvicorn

    from web.http.no_delay import NoDelayHTTPProtocol

    config = uvicorn.Config("web.app:create_app", factory=True, http=NoDelayHTTPProtocol)
    uvicorn.Server(config).run(sockets=[sock])
