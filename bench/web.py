"""Web pages under load: requests/s and latency with 20 concurrent clients on loopback, time-bounded.

Two ways to load: back to back (``--think 0``, the default: each client sends
its next request as soon as the last one is answered, so the server is
saturated and latency is queueing, about clients ÷ throughput), and paced
(``--think 1``: each client waits a second between requests, like people
clicking, so latency is the page's own cost under moderate concurrency).

How the pauses are drawn (``--pacing``): ``fixed`` (the default) waits exactly ``--think`` seconds and starts
every client at once, so the clients stay in step and the server meets bursts of ``--clients`` requests at
the same instant every second; ``exponential`` draws each pause from an exponential distribution of the same
mean and starts each client at a random moment of the first pause, the usual model of independent people
(their requests arrive as a Poisson stream; TPC-W's think times are drawn the same way). The mean rate is the
same either way; only the bursts differ.

Starts ``kasane serve`` (one uvicorn process, as deployed by default; ``--workers N`` for more) on the
benchmark store, then for each URL runs ``--clients`` asyncio clients
(``bench.keepalive``, one kept-alive connection each) that request it back to back for
``--seconds``. The raw baseline, in the same run and through the same
server and load generator, is a static file (``/static/app.css``): the
ceiling of HTTP + uvicorn + this load generator on this machine.

URLs are paths; ``{case_id}`` is replaced by a case that has a long history
(the most timeline entries) and ``{coordinator}`` by the busiest coordinator.
The defaults are the case page, the planner's page of the 50-indicator plan
(loaded as ``bench.report`` loads it) and the lists; choose others with ``--url``:

    .venv/bin/python -m bench.web --store sqlite --size prefecture
    .venv/bin/python -m bench.web --store sqlite --size prefecture --url /cases/{case_id} --url /plans/bench-50?fy=2025
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, TypeVar

import httpx
import sqlalchemy as sa

from bench.keepalive import KeptAlive
from bench.measure import peak_memory_mb, percentiles, report
from bench.plan_50 import CODE as PLAN
from bench.report import FISCAL_YEAR, ensure_plan
from bench.stores import bench_dir, ensure_loaded, open_app, open_read_models, store_url
from projections.cases.tables import case_entries, case_list
from web.storage.bootstrap import credentials
from web.storage.settings import Settings

T = TypeVar("T")
PASSWORD = "benchmark-password"  # noqa: S105 (set on the benchmark store only, for its load clients)

DEFAULT_URLS = (
    "/cases/{case_id}",
    f"/plans/{PLAN}?fy={FISCAL_YEAR}",
    "/cases?coordinator={coordinator}&include_closed=false",
    "/caseload",
    "/cases",
)
"""The case page and the planner's page of the 50-indicator plan (``bench.report``'s), then the lists."""
BASELINE = "/static/app.css"


def placeholders(url: str) -> dict[str, str]:
    """The coordinator with the most cases, and among their cases the one with the longest history."""
    app = open_app(url)
    read_models = open_read_models(url, app)
    try:
        ensure_plan(app, read_models)
        with read_models.engine.connect() as connection:
            coordinator = connection.execute(
                sa.select(case_list.c.coordinator)
                .group_by(case_list.c.coordinator)
                .order_by(sa.func.count().desc(), case_list.c.coordinator)
                .limit(1)
            ).scalar_one()
            theirs = sa.select(case_list.c.case_id).where(case_list.c.coordinator == coordinator)
            case_id = connection.execute(
                sa.select(case_entries.c.case_id)
                .where(case_entries.c.case_id.in_(theirs))
                .group_by(case_entries.c.case_id)
                .order_by(sa.func.count().desc(), case_entries.c.case_id)
                .limit(1)
            ).scalar_one()
    finally:
        read_models.close()
        app.close()
    return {"case_id": str(case_id), "coordinator": coordinator}


def give_password(url: str, username: str) -> None:
    """The clients log in as ``username`` (pages need a session, as in production)."""
    engine = sa.create_engine(url)
    try:
        credentials(Settings(database_url=url), engine).set_password(username, PASSWORD)
    finally:
        engine.dispose()


def in_own_loop(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` on a fresh event loop in a thread (the caller may already be inside one, e.g. under pytest)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, work).result()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, port: int, log: IO[bytes], workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KASANE_DATABASE_URL": url}
    kasane = Path(sys.executable).with_name("kasane")
    command = [str(kasane), "serve", "--port", str(port)] + (["--workers", str(workers)] if workers > 1 else [])
    return start(command, port, "/health", log, env)


def start(command: list[str], port: int, probe: str, log: IO[bytes], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start a server and wait until ``probe`` answers 200."""
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped; see {log.name}")
    server.terminate()
    raise RuntimeError(f"{command[0]} did not answer {probe} within 300 s")


async def load(
    base: str,
    path: str,
    clients: int,
    seconds: float,
    think: float = 0,
    user: str | None = None,
    cookies: list[httpx.Cookies] | None = None,
    pacing: str = "fixed",
) -> dict[str, Any]:
    """``clients`` loops requesting ``path`` until ``seconds`` have passed, pausing ``think`` s after each answer.

    Each client logs in as ``user`` first, or carries ``cookies[i]`` (sessions made beforehand) instead."""
    latencies: list[float] = []
    failures: dict[int, int] = {}
    size = 0
    # Every client logs in first (password hashing must not eat into the measured time), on a connection of
    # its own that is then closed: an idle keep-alive connection would be dropped by the server meanwhile.
    sessions = cookies[:clients] if cookies else await asyncio.gather(*(session(base, user) for _ in range(clients)))
    connections = [KeptAlive(base, path, cookies) for cookies in sessions]
    stop = time.perf_counter() + seconds

    draw = random.Random(clients)

    def pause() -> float:
        return draw.expovariate(1 / think) if pacing == "exponential" else think

    async def client(connection: KeptAlive) -> None:
        nonlocal size
        if think and pacing == "exponential":
            await asyncio.sleep(draw.uniform(0, think))
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status, size = await connection.get()
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                failures[status] = failures.get(status, 0) + 1
            if think:
                await asyncio.sleep(pause())

    started = time.perf_counter()
    try:
        await asyncio.gather(*(client(connection) for connection in connections))
    finally:
        await asyncio.gather(*(connection.close() for connection in connections))
    elapsed = time.perf_counter() - started
    return {
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "response_bytes": size,
        "failures": failures,
        **percentiles(latencies),
    }


async def session(base: str, user: str | None) -> httpx.Cookies:
    """The cookies of a logged-in session of ``user`` (none without a user)."""
    async with httpx.AsyncClient(base_url=base, timeout=300) as http:
        while user is not None:  # 20 password hashes at once: the server may ask some to come back (503)
            answer = await http.post("/login", data={"username": user, "password": PASSWORD})
            if answer.status_code != 503:
                break
            await asyncio.sleep(float(answer.headers.get("Retry-After", "1")))
        return http.cookies


def run(
    store: str,
    size: str,
    urls: list[str],
    clients: int,
    seconds: float,
    think: float,
    workers: int = 1,
    pacing: str = "fixed",
) -> dict[str, Any]:
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    values = placeholders(url)
    give_password(url, values["coordinator"])
    port = free_port()
    results: dict[str, Any] = {}
    with (bench_dir() / f"server-{store}-{size}.log").open("wb") as log:
        server = start_server(url, port, log, workers)
        base = f"http://127.0.0.1:{port}"
        try:
            for path in [BASELINE, *urls]:
                concrete = path.format(**values)
                in_own_loop(load(base, concrete, 2, min(seconds, 3), user=values["coordinator"]))  # warm up
                results[path] = in_own_loop(
                    load(base, concrete, clients, seconds, think, user=values["coordinator"], pacing=pacing)
                )
        finally:
            server.terminate()
            server.wait(timeout=60)
    server_peak = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    return report(
        "web",
        store,
        size,
        generator=generated,
        clients=clients,
        seconds_per_url=seconds,
        think_s=think,
        pacing=pacing,
        workers=workers,
        placeholders=values,
        baseline=BASELINE,
        pages=results,
        server_peak_rss_mb=server_peak,
        load_generator_peak_rss_mb=peak_memory_mb(),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="prefecture")
    parser.add_argument("--url", action="append", help="a path to load (repeatable); default: the case pages")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="pause after each answer, per client (0: back to back, the saturation test)",
    )
    parser.add_argument(
        "--pacing",
        choices=("fixed", "exponential"),
        default="fixed",
        help="fixed pauses, every client in step (default), or exponential pauses of the same mean, each client "
        "starting at a random moment",
    )
    parser.add_argument("--workers", type=int, default=1, help="server processes (kasane serve --workers)")
    args = parser.parse_args(argv)
    urls = args.url or list(DEFAULT_URLS)
    run(args.store, args.size, urls, args.clients, args.seconds, args.think, args.workers, args.pacing)


if __name__ == "__main__":
    main()
