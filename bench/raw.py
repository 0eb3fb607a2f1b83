"""Raw baselines: the same storage work with the plain driver (sqlite3 or psycopg), no Kasane code.

Each benchmark runs its baseline in the same process and run as the Kasane
measurement, so a result is a ratio that survives a busy or slow machine.
Scratch rows go into ``bench_raw_*`` tables, dropped afterwards; the stored
log and read models are only read.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from typing import Any

import psycopg

EVENTS = "kasane_events"
SCRATCH = "bench_raw_events"


@contextmanager
def connect(dsn: str) -> Iterator[Any]:
    """A plain DB-API connection; ``dsn`` is a SQLite path or a psycopg conninfo URL."""
    if dsn.startswith("postgresql://"):
        with psycopg.connect(dsn) as connection:
            yield connection
    else:
        with closing(sqlite3.connect(dsn)) as connection:
            yield connection


def _is_sqlite(connection: Any) -> bool:
    return isinstance(connection, sqlite3.Connection)


def _sql(connection: Any, text: str) -> str:
    return text if _is_sqlite(connection) else text.replace("?", "%s")


def _uuid(connection: Any, value: uuid.UUID) -> Any:
    return value.bytes if _is_sqlite(connection) else value


def command_baseline(dsn: str, meeting_id: uuid.UUID, case_ids: Sequence[uuid.UUID], iterations: int) -> list[float]:
    """Per iteration (ms): read 4 aggregates' events, insert 4 events in one transaction, read them back decoded."""
    aggregates = [meeting_id, *case_ids]
    with connect(dsn) as connection:
        cursor = connection.cursor()
        blob = "BLOB" if _is_sqlite(connection) else "BYTEA"
        key = "INTEGER PRIMARY KEY" if _is_sqlite(connection) else "BIGSERIAL PRIMARY KEY"
        originator = "BLOB" if _is_sqlite(connection) else "UUID"
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (id {key}, originator_id {originator} NOT NULL, "
            f"originator_version INTEGER NOT NULL, topic TEXT NOT NULL, state {blob} NOT NULL)"
        )
        connection.commit()
        select = _sql(
            connection,
            f"SELECT originator_version, topic, state FROM {EVENTS} "
            "WHERE originator_id = ? ORDER BY originator_version",
        )
        insert = _sql(
            connection, f"INSERT INTO {SCRATCH} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)"
        )
        read_back = _sql(connection, f"SELECT id, topic, state FROM {SCRATCH} WHERE id > ? ORDER BY id")
        samples, last = [], 0
        for _ in range(iterations):
            started = time.perf_counter()
            latest = []
            for aggregate_id in aggregates:
                rows = cursor.execute(select, (_uuid(connection, aggregate_id),)).fetchall()
                latest.append(rows[-1])
            for version, topic, state in latest:
                cursor.execute(insert, (_uuid(connection, uuid.uuid4()), version + 1, topic, bytes(state)))
            connection.commit()
            rows = cursor.execute(read_back, (last,)).fetchall()
            decoded = [json.loads(bytes(state)) for _, _, state in rows]
            last = rows[-1][0]
            connection.commit()
            samples.append((time.perf_counter() - started) * 1000)
            assert len(decoded) == len(aggregates)
        cursor.execute(f"DROP TABLE {SCRATCH}")
        connection.commit()
    return samples


def decoded_replay(dsn: str, page_size: int = 500) -> tuple[int, float]:
    """Read the whole log in pages by notification id and decode each event's JSON; (events, seconds)."""
    query = f"SELECT id, originator_id, originator_version, topic, state FROM {EVENTS} WHERE id > ? ORDER BY id LIMIT ?"
    count, position = 0, 0
    started = time.perf_counter()
    with connect(dsn) as connection:
        cursor = connection.cursor()
        while True:
            rows = cursor.execute(_sql(connection, query), (position, page_size)).fetchall()
            if not rows:
                break
            for row in rows:
                json.loads(bytes(row[4]))
            count += len(rows)
            position = rows[-1][0]
        connection.commit()
    return count, time.perf_counter() - started


def fact_reads(
    dsn: str, selections: Sequence[tuple[Sequence[str], date, date]], as_of: datetime | None, *, count_only: bool
) -> float:
    """Milliseconds to read (or just count) the current fact rows of each (kinds, first day, last day)."""
    what = "count(*)" if count_only else "*"
    valid = (
        "superseded_at IS NULL"
        if as_of is None
        else "recorded_at <= ? AND (superseded_at IS NULL OR superseded_at > ?)"
    )
    started = time.perf_counter()
    with connect(dsn) as connection:
        cursor = connection.cursor()
        for kinds, first, last in selections:
            marks = ", ".join("?" for _ in kinds)
            query = (
                f"SELECT {what} FROM indicator_facts WHERE kind IN ({marks}) AND {valid} "
                "AND occurred_on >= ? AND occurred_on <= ?"
            )
            moment: tuple[Any, ...] = () if as_of is None else (_moment(connection, as_of),) * 2
            days = (first.isoformat(), last.isoformat()) if _is_sqlite(connection) else (first, last)
            cursor.execute(_sql(connection, query), (*kinds, *moment, *days)).fetchall()
        connection.commit()
    return (time.perf_counter() - started) * 1000


def _moment(connection: Any, as_of: datetime) -> Any:
    # SQLAlchemy stores SQLite datetimes as naive UTC text; PostgreSQL takes the aware value.
    return as_of.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ") if _is_sqlite(connection) else as_of
