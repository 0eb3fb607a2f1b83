"""Statements and round trips of one page, and what the database server spent on it, counted in process.

The case page at saturation on PostgreSQL shares two cores with the server's backends (about 5 ms of their CPU a
page at 1M), and each round trip is also a wait and a wake-up of a backend. This serves the page through FastAPI's
TestClient (``bench.page_profile``'s set-up) and counts, per request:

- the statements SQLAlchemy executed (both stores; ``--texts`` lists them);
- on PostgreSQL, libpq's own trace of every connection of every engine of the app (``bench.round_trips``): round
  trips and statements on the wire, ``BEGIN``/``COMMIT`` and the pool's pings included;
- on PostgreSQL, the CPU the store's backends used (their ``/proc`` times, the backends being the ones connected to
  the store's database once the pages have warmed the pools) and this process's own CPU.

    .venv/bin/python -m bench.page_round_trips --store postgres --size city --url '/cases/{case_id}' --repeat 200
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from bench.page_profile import Statements
from bench.round_trips import Tracer, Trips
from bench.stores import TODAY, ensure_loaded, store_url
from bench.web import PASSWORD, give_password, placeholders
from web.app import create_app
from web.storage.settings import Settings

TICKS = os.sysconf("SC_CLK_TCK")
BACKENDS = sa.text("select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")


def backends_cpu(url: str) -> dict[int, float]:
    """CPU seconds so far of each backend connected to the database of ``url`` (not this query's own)."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            pids = connection.execute(BACKENDS).scalars()
            return {pid: _cpu(pid) for pid in pids}
    finally:
        engine.dispose()


def _cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def count(store: str, size: str, url: str, repeat: int, texts: bool) -> dict[str, Any]:
    ensure_loaded(store, size)
    database = store_url(store, size)
    values = placeholders(database)
    give_password(database, values["coordinator"])
    path = url.format(**values)
    postgres = store == "postgres"
    tracer = Tracer(())

    def trace(dbapi_connection: Any, record: object) -> None:
        if hasattr(dbapi_connection, "pgconn"):  # not the key store's SQLite file
            tracer._trace(dbapi_connection, record)

    if postgres:
        sa.event.listen(sa.pool.Pool, "connect", trace)
    statements = Statements()
    wire = Trips()
    with TestClient(create_app(Settings(database_url=database), today=lambda: TODAY)) as client:
        login = client.post("/login", data={"username": values["coordinator"], "password": PASSWORD})
        assert login.status_code == 200, login.status_code
        for _ in range(5):  # warm-up: caches, templates, the first catch-up, the pools
            assert client.get(path).status_code == 200
        statements.reset()
        before = backends_cpu(database) if postgres else {}
        cpu, started = time.process_time(), time.perf_counter()
        with tracer.counting() as wire:
            for _ in range(repeat):
                client.get(path)
        cpu, elapsed = time.process_time() - cpu, time.perf_counter() - started
        after = backends_cpu(database) if postgres else {}
    if postgres:
        sa.event.remove(sa.pool.Pool, "connect", trace)
    tracer.close()
    server = sum(after[pid] - before.get(pid, 0.0) for pid in after)
    result = {
        "path": url,
        "store": store,
        "size": size,
        "repeat": repeat,
        "statements_per_page": round(statements.count / repeat, 2),
        "round_trips_per_page": round(wire.round_trips / repeat, 2) if postgres else None,
        "wire_statements_per_page": round(wire.statements / repeat, 2) if postgres else None,
        "app_cpu_ms_per_page": round(cpu * 1000 / repeat, 2),
        "server_cpu_ms_per_page": round(server * 1000 / repeat, 2) if postgres else None,
        "backends": len(after),
        "ms_per_page": round(elapsed * 1000 / repeat, 2),
    }
    print(json.dumps(result, indent=2))
    if texts:
        print("\nstatements a page (SQLAlchemy):")
        for text, n in statements.texts.most_common():
            print(f"{n / repeat:6.2f}× {text}")
        if postgres:
            print("\nparsed or sent as text on the wire (all pages):")
            for text, n in Counter(wire.texts).most_common():
                print(f"{n:6d}  {text}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="town")
    parser.add_argument("--url", default="/cases/{case_id}")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--texts", action="store_true", help="list the statements")
    args = parser.parse_args(argv)
    count(args.store, args.size, args.url, args.repeat, args.texts)


if __name__ == "__main__":
    main()
