"""The floor under a one-pass rebuild: what dispatching every event and writing every row cost at the least.

Issue 13 asks the one pass to run at half the decoded replay's rate. Whatever the handlers do, a rebuild
must (1) hand every decoded event to every read model, and (2) write the rows the read models hold. Both are
measured here in the same run as the replays (``bench.rebuild --floor``), without any handler's own work:

- the dispatch floor: each page decoded once (not timed: the decoded replay is that), every event passed
  through each read model's handler lookup as the one pass does it (``Handlers``, per page and read model)
  to a handler that does nothing;
- the write floor: every row of the rebuilt tables, read back into memory as tuples (not timed), inserted into
  bare copies of the same tables (columns and primary keys, no other index) by the driver's fastest path
  (sqlite3 ``executemany`` in one transaction into a file of its own; psycopg ``COPY`` in one transaction into a
  schema of its own), then their indexes created. On PostgreSQL most of that work is the server's: its backend's
  CPU (``/proc/<pid>/stat``, the server being local) is counted with this process's.

The best share of the decoded replay a rebuild writing these tables could reach on this machine is then
decoded / (decoded + dispatch + write), per event of CPU.
"""

from __future__ import annotations

import inspect
import os
import sqlite3
import time
from collections.abc import Sequence
from functools import singledispatchmethod
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from projections.engine.catch_up import REBUILD_PAGE_SIZE, Runner
from projections.engine.handlers import Handlers
from projections.engine.page_transaction import decode, keys_held

FLOOR_SCHEMA = "kasane_write_floor"


def _nothing(event: Any, *arguments: Any) -> None:
    """The handler of the dispatch floor."""


class _Idle(Handlers):
    """``Handlers``' lookup, per event class once per page, of a handler that does nothing."""

    def __call__(self, event: Any, *arguments: Any) -> Any:
        handler = self._bound.get(event.__class__)
        if handler is None:
            self._dispatch(event.__class__)
            handler = self._bound[event.__class__] = _nothing
        return handler(event, *arguments)


def dispatchers(projection: object) -> list[str]:
    """The names of ``projection``'s ``singledispatchmethod`` s (``apply``, or the fact table's ``_on``)."""
    return [
        name
        for name in dir(type(projection))
        if isinstance(inspect.getattr_static(projection, name), singledispatchmethod)
    ]


def dispatch_floor(runners: Sequence[Runner]) -> tuple[int, float]:
    """(events, CPU seconds) of passing every event of the log through every read model's lookup to nothing."""
    app = runners[0].app
    names = [(runner.projection, name) for runner in runners for name in dispatchers(runner.projection)]
    events, cpu, position = 0, 0.0, 0
    with keys_held(app):
        while page := app.recorder.select_notifications(
            start=position, limit=REBUILD_PAGE_SIZE, inclusive_of_start=False
        ):
            decoded = decode(app, page)
            started = time.process_time()
            for projection, name in names:
                on = _Idle(projection, name)
                for _, event in decoded:
                    on(event, None)
            cpu += time.process_time() - started
            events += len(page)
            position = page[-1].id
    return events, cpu


def tables_of(runners: Sequence[Runner]) -> list[sa.Table]:
    """Every table the read models own, parents before children, each once."""
    found: dict[str, sa.Table] = {}
    for runner in runners:
        for table in runner.projection.metadata.sorted_tables:
            found.setdefault(table.name, table)
    return list(found.values())


def write_floor(dsn: str, runners: Sequence[Runner], folder: Path) -> dict[str, Any]:
    """Every row of the rebuilt tables into bare copies and then their indexes: rows, CPU and wall seconds."""
    tables = tables_of(runners)
    postgres = dsn.startswith("postgresql://")
    rows = _read_back(dsn, tables, postgres)
    if postgres:
        clock = _copy_into_schema(dsn, tables, rows)
    else:
        clock = _insert_into_file(folder / "write-floor.db", tables, rows)
    return {
        "tables": len(tables),
        "rows": sum(len(each) for each in rows.values()),
        "rows_by_table": {name: len(each) for name, each in sorted(rows.items(), key=lambda kv: -len(kv[1]))},
        **clock.spent(),
    }


class _Clock:
    """Wall, this process's CPU and (PostgreSQL) the server backend's CPU seconds from its start to each mark."""

    def __init__(self, backend: int | None = None) -> None:
        self.backend = backend
        self.marks: dict[str, tuple[float, float, float]] = {}
        self.mark("start")

    def mark(self, name: str) -> None:
        server = _process_cpu(self.backend) if self.backend else 0.0
        self.marks[name] = (time.perf_counter(), time.process_time(), server)

    def spent(self) -> dict[str, float]:
        """Seconds of the whole write (``seconds``, ``cpu_seconds``, ``server_cpu_seconds``) and of its index part."""
        (wall0, cpu0, server0), (wall1, cpu1, server1), (wall2, cpu2, server2) = self.marks.values()
        return {
            "seconds": wall2 - wall0,
            "cpu_seconds": cpu2 - cpu0,
            "server_cpu_seconds": max(server2 - server0, 0.0),
            "index_seconds": wall2 - wall1,
            "index_cpu_seconds": cpu2 - cpu1 + max(server2 - server1, 0.0),
        }


def _read_back(dsn: str, tables: Sequence[sa.Table], postgres: bool) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows as the driver returns them (JSON as its text on PostgreSQL, as stored on SQLite)."""
    if postgres:
        with psycopg.connect(dsn) as connection:
            for json_type in ("json", "jsonb"):
                connection.adapters.register_loader(json_type, psycopg.types.string.TextLoader)
            return {t.name: connection.execute(f'SELECT * FROM "{t.name}"').fetchall() for t in tables}
    with sqlite3.connect(dsn) as connection:
        return {t.name: connection.execute(f'SELECT * FROM "{t.name}"').fetchall() for t in tables}


def _ddl(tables: Sequence[sa.Table], dialect: Any, schema: str | None) -> tuple[list[str], list[str]]:
    """CREATE TABLE (columns, primary key, unique constraints) and CREATE INDEX of every table, in ``schema``."""
    translate: dict[str, Any] = {"schema_translate_map": {None: schema}, "render_schema_translate": True}
    options = translate if schema else {}
    creates = [str(CreateTable(t).compile(dialect=dialect, **options)) for t in tables]
    indexes = [str(CreateIndex(i).compile(dialect=dialect, **options)) for t in tables for i in t.indexes]
    return creates, indexes


def _insert_into_file(path: Path, tables: Sequence[sa.Table], rows: dict[str, list[tuple[Any, ...]]]) -> _Clock:
    path.unlink(missing_ok=True)
    creates, indexes = _ddl(tables, sqlite.dialect(), None)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous = OFF")  # as a shadow build's file (projections.engine.versioning)
        clock = _Clock()
        connection.execute("BEGIN")
        for statement in creates:
            connection.execute(statement)
        for table in tables:
            if rows[table.name]:
                marks = ", ".join("?" * len(table.columns))
                connection.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', rows[table.name])
        clock.mark("rows")
        for statement in indexes:
            connection.execute(statement)
        connection.execute("COMMIT")
        clock.mark("indexed")
    finally:
        connection.close()
        path.unlink(missing_ok=True)
    return clock


def _copy_into_schema(dsn: str, tables: Sequence[sa.Table], rows: dict[str, list[tuple[Any, ...]]]) -> _Clock:
    creates, indexes = _ddl(tables, postgresql.dialect(), FLOOR_SCHEMA)
    with psycopg.connect(dsn) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {FLOOR_SCHEMA} CASCADE")
        backend = connection.execute("SELECT pg_backend_pid()").fetchone()
        connection.commit()
        clock = _Clock(backend[0] if backend else None)
        with connection.transaction():
            connection.execute(f"CREATE SCHEMA {FLOOR_SCHEMA}")
            for statement in creates:
                connection.execute(statement)
            cursor = connection.cursor()
            for table in tables:
                with cursor.copy(f'COPY {FLOOR_SCHEMA}."{table.name}" FROM STDIN') as copy:
                    for row in rows[table.name]:
                        copy.write_row(row)
            clock.mark("rows")
            for statement in indexes:
                connection.execute(statement)
        clock.mark("indexed")
        connection.execute(f"DROP SCHEMA {FLOOR_SCHEMA} CASCADE")
        connection.commit()
    return clock


def _process_cpu(pid: int) -> float:
    """The CPU seconds of process ``pid`` so far (0 if its /proc is not readable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bound(events: int, decoded_cpu_s: float, dispatch_cpu_s: float, write: dict[str, Any]) -> dict[str, Any]:
    """Per event: decoding, the two floors; the best share of the decoded replay a rebuild could reach here."""
    per = 1e6 / events if events else 0.0
    decoded_us = decoded_cpu_s * per
    dispatch_us = dispatch_cpu_s * per
    write_us = (write["cpu_seconds"] + write["server_cpu_seconds"]) * per
    total = decoded_us + dispatch_us + write_us
    return {
        "rows": write["rows"],
        "tables": write["tables"],
        "rows_per_event": round(write["rows"] / events, 2) if events else 0,
        "decoded_us_per_event": round(decoded_us, 1),
        "dispatch_us_per_event": round(dispatch_us, 1),
        "write_us_per_event": round(write_us, 1),
        "write_client_us_per_event": round(write["cpu_seconds"] * per, 1),
        "write_server_us_per_event": round(write["server_cpu_seconds"] * per, 1),
        "write_wall_us_per_event": round(write["seconds"] * per, 1),
        "index_us_per_event": round(write["index_cpu_seconds"] * per, 1),
        "rows_by_table": write["rows_by_table"],
        "best_cpu_share_of_decoded": round(decoded_us / total, 3) if total else 0,
    }
