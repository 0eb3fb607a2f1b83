"""Round trips and statements of one command on PostgreSQL: what ``bench.command`` times, counted on the wire.

The command's wall time on PostgreSQL is mostly waits on the server (its client CPU was 14.5 of 33 ms at city), and
a wait is a round trip: a statement, but also a ``BEGIN`` psycopg sends before a transaction's first statement, a
``COMMIT`` or ``ROLLBACK`` (the pool's reset of a connection that read), the pool's ``SELECT 1`` before each
checkout (``pool_pre_ping``). Counted from libpq's own trace of every connection of the application's and the read
models' engines (``PQtrace``), they do not vary with the machine's load, unlike the clock.

A round trip is a run of messages the client sends followed by the server's answer (one per ``Sync`` or ``Query``
outside a pipeline, one per pipeline sync inside one); a statement is a ``Bind`` (extended protocol) or a ``Query``
message (simple protocol: ``BEGIN``, ``COMMIT``). Each iteration is ``bench.command``'s: record a meeting with 3
cases (``command``), then catch the pages' read models up (``catch_up_pages``).

    .venv/bin/python -m bench.round_trips --size town --iterations 20
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from bench.command import open_cases, outcome, schedule, snapshot_cases
from bench.stores import ensure_loaded, open_app, open_read_models, store_url
from web.storage.event_store import store_engine


@dataclass
class Trips:
    """What one block sent: round trips, statements, and the text of each statement parsed or sent as text."""

    round_trips: int = 0
    statements: int = 0
    parsed: int = 0
    """``Parse`` messages: statements of the extended protocol the server parsed and planned afresh, where a ``Bind``
    alone runs one it prepared before."""
    texts: list[str] = field(default_factory=list)


class Tracer:
    """libpq's trace of every connection an engine opens from now on, read per block (``counting``)."""

    def __init__(self, engines: tuple[sa.Engine, ...]) -> None:
        self.traced: list[tuple[Any, str]] = []
        self.folder = tempfile.mkdtemp(prefix="kasane-trips-")
        for engine in engines:
            sa.event.listen(engine, "connect", self._trace)
            engine.dispose()  # connections made before the listener are not traced: start afresh

    def _trace(self, dbapi_connection: Any, _record: object) -> None:
        path = os.path.join(self.folder, f"{len(self.traced)}.trace")
        self.traced.append((dbapi_connection, path))
        self._start(dbapi_connection, path)

    @staticmethod
    def _start(dbapi_connection: Any, path: str) -> None:
        trace = open(path, "ab")  # noqa: SIM115 - libpq writes through the descriptor until untrace
        dbapi_connection.pgconn.trace(trace.fileno())
        dbapi_connection.pgconn.set_trace_flags(1)  # Trace.SUPPRESS_TIMESTAMPS
        dbapi_connection._kasane_trace = trace

    @contextmanager
    def counting(self) -> Iterator[Trips]:
        """The round trips and statements of the block, summed over the traced connections, once it has ended."""
        sizes = {path: os.path.getsize(path) for _, path in self.traced}
        trips = Trips()
        yield trips
        for dbapi_connection, path in list(self.traced):
            if dbapi_connection.closed:
                continue
            dbapi_connection.pgconn.untrace()  # flushes libpq's buffer
            dbapi_connection._kasane_trace.close()
            with open(path, "rb") as trace:
                trace.seek(sizes.get(path, 0))
                _count(trace.read().decode("utf-8", "replace").splitlines(), trips)
            self._start(dbapi_connection, path)

    def close(self) -> None:
        """Stop tracing and remove the traces."""
        for dbapi_connection, _ in self.traced:
            if not dbapi_connection.closed:
                dbapi_connection.pgconn.untrace()
            dbapi_connection._kasane_trace.close()
        self.traced.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def _count(lines: list[str], trips: Trips) -> None:
    sending = False
    for line in lines:
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        direction, message = fields[0], fields[2].split(" ")[0]
        if direction == "F":
            sending = True
            trips.statements += message in ("Query", "Bind")
            if message in ("Query", "Parse"):
                trips.parsed += message == "Parse"
                trips.texts.append(_text(fields))
        elif direction == "B" and sending:
            sending = False
            trips.round_trips += 1


def _text(fields: list[str]) -> str:
    """The statement of a Query or Parse message (a Parse names its prepared statement first, its types after)."""
    quoted = re.findall(r'"((?:[^"]|"")*)"', "\t".join(fields[3:]))
    statement = quoted[-1] if fields[2].startswith("Parse") and quoted else (quoted[0] if quoted else "")
    return " ".join(statement.split())[:90]


def run(size: str, iterations: int, warmup: int) -> dict[str, Any]:
    ensure_loaded("postgres", size)
    url = store_url("postgres", size)
    app = open_app(url)
    read_models = open_read_models(url, app)
    try:
        read_models.catch_up()
        head = app.recorder.max_notification_id() or 0
        rng = random.Random(head)
        cases = open_cases(read_models, 3 * (iterations + warmup), seed=head)
        meetings = [schedule(app, rng) for _ in range(iterations + warmup)]
        snapshot_cases(url, cases)
        read_models.catch_up()
        tracer = Tracer((store_engine(app), read_models.engine))
        parts: dict[str, Counter[str]] = {"command": Counter(), "catch_up_pages": Counter()}
        texts: dict[str, Counter[str]] = {"command": Counter(), "catch_up_pages": Counter()}
        for index, meeting_id in enumerate(meetings):
            with tracer.counting() as command:
                app.execute(outcome(meeting_id, cases[3 * index : 3 * index + 3]))
            with tracer.counting() as catch_up:
                read_models.catch_up_pages()
            read_models.catch_up()
            for part, trips in (("command", command), ("catch_up_pages", catch_up)):
                texts[part].update(trips.texts)
                if index >= warmup:
                    parts[part].update(round_trips=trips.round_trips, statements=trips.statements)
        tracer.close()
    finally:
        read_models.close()
        app.close()
    per_command = {part: {k: round(v / iterations, 2) for k, v in counts.items()} for part, counts in parts.items()}
    result = {"size": size, "iterations": iterations, "events_before": head, "per_command": per_command}
    print(json.dumps(result, indent=2))
    for part, counter in texts.items():
        print(f"\n{part}: statements parsed or sent as text, over all {iterations + warmup} iterations")
        for text, count in counter.most_common():
            print(f"{count:6d}  {text}")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="town")
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)
    run(args.size, args.iterations, args.warmup)


if __name__ == "__main__":
    main()
