"""CPU time per report, dashboard and command on a full store: the figure a loaded, shared machine disturbs least.

On 2 cores at load 15 a process runs about an eighth of the time, so a wall-clock latency is mostly waiting for
a core. This times the same work as ``bench.report``, ``bench.caseload`` and ``bench.command`` by the CPU it
costs: this process's (``time.process_time``: on SQLite that includes the database engine) and, on PostgreSQL,
the server's, summed over every backend connected to the store (``/proc/<pid>/stat``, 10 ms ticks, hence
reported per batch as a mean, not per call). What a quiet core would take is about client + server CPU plus
the waits for the disk (fsyncs of the commits).

    .venv/bin/python -m bench.cpu --store postgres --size prefecture
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from bench import caseload, command
from bench.measure import report
from bench.plan_50 import CODE
from bench.report import FISCAL_YEAR, ensure_plan, middle_moment
from bench.stores import ensure_loaded, open_app, open_read_models, raw_dsn, store_url
from bench.web import placeholders
from projections.indicators.engine import report_of
from projections.indicators.evaluation_records import plan_at
from projections.reports.documents import indicators_document, to_json
from web.demo.data import USERS

TICK = os.sysconf("SC_CLK_TCK")


class ServerCpu:
    """CPU seconds used so far by the PostgreSQL backends connected to the store (0 on SQLite)."""

    def __init__(self, url: str) -> None:
        self.monitor = psycopg.connect(raw_dsn(url), autocommit=True) if url.startswith("postgresql") else None

    def seconds(self) -> float:
        if self.monitor is None:
            return 0.0
        pids = self.monitor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        total = 0
        for (pid,) in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the backend ended meanwhile
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / TICK

    def close(self) -> None:
        if self.monitor is not None:
            self.monitor.close()


def batch(server: ServerCpu, action: Callable[[], Any], times: int) -> dict[str, float]:
    """Mean wall, client CPU and server CPU (ms) of ``action`` over ``times`` calls, after one untimed call."""
    action()
    wall, cpu, served = time.perf_counter(), time.process_time(), server.seconds()
    for _ in range(times):
        action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    served = server.seconds() - served
    return {
        "n": times,
        "wall_ms": round(wall * 1000 / times, 1),
        "client_cpu_ms": round(cpu * 1000 / times, 1),
        "server_cpu_ms": round(served * 1000 / times, 1),
        "cpu_ms": round((cpu + served) * 1000 / times, 1),
    }


def commands(app: Any, read_models: Any, server: ServerCpu, times: int, url: str) -> dict[str, float]:
    """``bench.command``'s iteration (record a meeting taking up 3 cases, catch the page read models up), its cases
    snapshotted first as ``bench.command``'s default (``--snapshots steady``) does."""
    head = app.recorder.max_notification_id() or 0
    rng = random.Random(head + 1)
    cases = command.open_cases(read_models, 3 * (times + 1), seed=head + 1)
    meetings = [command.schedule(app, rng) for _ in range(times + 1)]
    command.snapshot_cases(url, cases)
    read_models.catch_up()
    outcomes = iter([command.outcome(m, cases[3 * i : 3 * i + 3]) for i, m in enumerate(meetings)])

    def record() -> None:
        app.execute(next(outcomes))
        read_models.catch_up_pages()

    return batch(server, record, times)


def run(store: str, size: str, iterations: int) -> dict[str, Any]:
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    app = open_app(url)
    read_models = open_read_models(url, app)
    server = ServerCpu(url)
    figures: dict[str, Any] = {"generator": generated}
    try:
        ensure_plan(app, read_models)
        head = app.recorder.max_notification_id() or 0
        figures["events"], middle, now = head, middle_moment(app, head), datetime.now(UTC)
        coordinator = placeholders(url)["coordinator"]
        scope = (next(a for username, _, _, a in USERS if username == coordinator), coordinator)
        with read_models.engine.connect() as connection:
            today = plan_at(connection, CODE, None)
            for label, moment in (("fy", None), ("as_of", now), ("as_of_middle", middle)):

                def once(moment: datetime | None = moment) -> None:
                    version = today if moment is middle else plan_at(connection, CODE, moment)
                    to_json(indicators_document(report_of(connection, version, FISCAL_YEAR, moment)))

                figures[label] = batch(server, once, iterations)
            figures["caseload_page_scoped"] = batch(
                server, lambda: caseload.whole_page(connection, scope, summary=True), iterations
            )
            figures["caseload_page_unscoped"] = batch(
                server, lambda: caseload.whole_page(connection, None, summary=True), iterations
            )
        figures["command"] = commands(app, read_models, server, 3 * iterations, url)
    finally:
        server.close()
        read_models.close()
        app.close()
    return report("cpu", store, size, **figures)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="prefecture")
    parser.add_argument("--iterations", type=int, default=10)
    args = parser.parse_args(argv)
    run(args.store, args.size, args.iterations)


if __name__ == "__main__":
    main()
