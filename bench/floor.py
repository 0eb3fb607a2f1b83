"""The floor these cores give: requests/s of pages that cost (almost) nothing, beside the case page, in one run.

Issue 13 asks ≥ 150 case pages/s and p95 ≤ 50 ms at 20 clients. Whether any authenticated, audited page can
reach that here is a question about the machine, the server stack and the load generator sharing its cores, so
this measures, with ``bench.web``'s load generator and servers started as ``kasane serve`` is:

- the static file (``/static/app.css``) and ``/api/session`` (the guard and a session, no audit entry) from
  Kasane's server;
- ``bench.floor_app``'s trivial page: alone, after a session lookup, and after a session lookup and an audit
  entry (Kasane's own ``Sessions`` and ``ChainedAuditLog``), from a server of the same FastAPI and uvicorn;
- the case page (``/cases/{case_id}``).

For each, two loads: one client back to back (the page's own latency, unqueued) and ``--clients`` back to back
(saturation), and for each the server's CPU per request (its processes' user+system time from ``/proc``, workers
included), the load generator's (this process's), on PostgreSQL the database backends' serving the store, and how
busy the machine's cores were (``/proc/stat``):

    .venv/bin/python -m bench.floor --store sqlite --size town [--workers 2] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from bench.measure import report
from bench.stores import bench_dir, ensure_loaded, store_url
from bench.web import BASELINE, free_port, give_password, in_own_loop, load, placeholders, session, start
from web.access.guard import SESSION_COOKIE
from web.access.sessions import Sessions

TICKS = os.sysconf("SC_CLK_TCK")
CASE_PAGE = "/cases/{case_id}"


def tree_cpu_seconds(root: int) -> float:
    """User+system CPU of process ``root`` and its living descendants (uvicorn's workers), from ``/proc``."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(pid, 0.0) for pid in tree)


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores since boot (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Backends(threading.Thread):
    """The CPU the PostgreSQL backends connected to one database used while it ran: each one's ``/proc`` times,
    sampled every 0.2 s (a backend started meanwhile counts from zero; one that ended, to its last sample). The
    server is shared with other databases, so its processes' CPU as a whole would not do."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self._finished = threading.Event()
        self._sample(initial=True)

    def _sample(self, initial: bool = False) -> None:
        with self.engine.connect() as connection:
            pids = list(connection.execute(BACKENDS).scalars())
        for pid in pids:
            cpu = process_cpu_seconds(pid)
            if cpu is None:
                continue
            self.first.setdefault(pid, cpu if initial else 0.0)
            self.last[pid] = cpu

    def run(self) -> None:
        while not self._finished.wait(0.2):
            self._sample()

    def stop(self) -> float:
        """Stop sampling; the backends' CPU seconds while it ran."""
        self._finished.set()
        self.join()
        self._sample()
        self.engine.dispose()
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


BACKENDS = sa.text("select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")


def process_cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


def measured(
    server: subprocess.Popen[bytes], base: str, path: str, clients: int, database: str | None = None, **how: Any
) -> dict[str, Any]:
    """``bench.web.load`` of ``path`` with the CPU per request of the server, of this process and (``database``: a
    PostgreSQL store's URL) of the database server's backends for it, and the cores' use (``how``: its seconds,
    think time and user or cookies)."""
    backends = Backends(database) if database and database.startswith("postgresql") else None
    if backends is not None:
        backends.start()
    server_cpu, own_cpu, (busy, total) = tree_cpu_seconds(server.pid), time.process_time(), machine_busy()
    result = in_own_loop(load(base, path, clients, **how))
    server_cpu, own_cpu = tree_cpu_seconds(server.pid) - server_cpu, time.process_time() - own_cpu
    busy_after, total_after = machine_busy()
    requests = max(result["n"], 1)
    database_cpu = backends.stop() if backends is not None else None
    return {
        **result,
        "server_cpu_ms_per_request": round(server_cpu * 1000 / requests, 2),
        "database_cpu_ms_per_request": None if database_cpu is None else round(database_cpu * 1000 / requests, 2),
        "load_generator_cpu_ms_per_request": round(own_cpu * 1000 / requests, 2),
        "cores_busy": round((busy_after - busy) / max(total_after - total, 1) * (os.cpu_count() or 1), 2),
    }


def floor_sessions(url: str, username: str, clients: int) -> list[httpx.Cookies]:
    """A session per client for the floor app (which has no login page), made as a login makes them."""
    engine = sa.create_engine(url)
    try:
        sessions = Sessions(engine, idle=timedelta(hours=1), absolute=timedelta(hours=12))
        return [httpx.Cookies({SESSION_COOKIE: sessions.start(username)[0]}) for _ in range(clients)]
    finally:
        engine.dispose()


async def logged_in(base: str, user: str, clients: int) -> list[httpx.Cookies]:
    return list(await asyncio.gather(*(session(base, user) for _ in range(clients))))


def run(
    store: str, size: str, clients: int, seconds: float, workers: int, think: float, only: list[str] | None = None
) -> dict[str, Any]:
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    values = placeholders(url)
    user = values["coordinator"]
    give_password(url, user)
    cookies = floor_sessions(url, user, clients)
    env = {**os.environ, "KASANE_DATABASE_URL": url}
    bin_dir = Path(sys.executable).parent
    kasane_port, floor_port = free_port(), free_port()
    scale = ["--workers", str(workers)] if workers > 1 else []
    results: dict[str, Any] = {}
    with (bench_dir() / f"floor-{store}-{size}.log").open("wb") as log:
        kasane = start(
            [str(bin_dir / "kasane"), "serve", "--port", str(kasane_port), *scale], kasane_port, "/health", log, env
        )
        floor_command = [sys.executable, "-m", "bench.floor_app", "--port", str(floor_port), "--workers", str(workers)]
        floor = start(floor_command, floor_port, "/floor/plain", log, env)
        targets: list[tuple[str, subprocess.Popen[bytes], int, str, dict[str, Any]]] = [
            ("static file", kasane, kasane_port, BASELINE, {}),
            ("floor: trivial template", floor, floor_port, "/floor/plain", {}),
            ("floor: session + template", floor, floor_port, "/floor/session", {"cookies": cookies}),
            ("floor: session + audit entry + template", floor, floor_port, "/floor/audited", {"cookies": cookies}),
            ("/api/session (Kasane's guard, no audit)", kasane, kasane_port, "/api/session", {"user": user}),
            ("case page", kasane, kasane_port, CASE_PAGE.format(**values), {"user": user}),
        ]
        try:
            for name, server, port, path, auth in targets:
                if only and not any(word in name for word in only):
                    continue
                base = f"http://127.0.0.1:{port}"
                if "user" in auth:  # logged in before the clock starts: 20 password hashes are not the page's cost
                    auth = {"cookies": in_own_loop(logged_in(base, auth["user"], clients))}
                in_own_loop(load(base, path, 2, min(seconds, 3), **auth))  # warm up
                db = url if server is kasane else None  # the backends of Kasane's pages, not the floor app's
                results[name] = {
                    "path": path if name != "case page" else CASE_PAGE,
                    "one_client": measured(server, base, path, 1, db, seconds=seconds, **auth),
                    f"{clients}_clients": measured(
                        server, base, path, clients, db, seconds=seconds, think=think, **auth
                    ),
                }
        finally:
            for server in (kasane, floor):
                server.terminate()
                server.wait(timeout=60)
    return report(
        "floor",
        store,
        size,
        generator=generated,
        clients=clients,
        seconds_per_load=seconds,
        think_s=think,
        workers=workers,
        pages=results,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="town")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--think", type=float, default=0, help="pause after each answer for the many clients")
    parser.add_argument("--workers", type=int, default=1, help="server processes, for both servers")
    parser.add_argument("--only", action="append", help="measure only the pages whose name holds this (repeatable)")
    args = parser.parse_args(argv)
    run(args.store, args.size, args.clients, args.seconds, args.workers, args.think, args.only)


if __name__ == "__main__":
    main()
