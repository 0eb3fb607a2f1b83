"""SQLite's WAL checkpoints, run by the server beside its requests instead of inside one request's commit.

In WAL mode SQLite copies the log back into the database file (a checkpoint) when a commit finds the log past 1,000
pages: that commit does the copying and its fsyncs before it returns. At city, one meeting record in twenty paid
it, and the command's p95 was the checkpoint's (27.8 ms, against a p50 of 12 ms; with no checkpoint inside a
request, p95 13.2–13.7 ms: docs/benchmarks.md). So a server's connections to its SQLite store leave checkpoints to
one thread of the server, which checkpoints every ``INTERVAL`` seconds in PASSIVE mode: it copies what no reader
still needs, never waits for a lock and never holds up a writer. Other processes (the CLI, the projector) keep
SQLite's automatic checkpoints, and the last connection to close a database checkpoints it as before.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable
from contextlib import closing
from typing import Any

import sqlalchemy as sa

log = logging.getLogger(__name__)

INTERVAL = 0.2
"""Seconds between two background checkpoints: the log holds about this long's writes. Small copies often: at
city, every 0.2–0.5 s kept the command's p95 at 13.8–14.9 ms, every second let each copy grow long enough to hold
up one command in twenty again (p95 28 ms), as the commits' own checkpoints did; an idle check costs microseconds."""
_LEFT = "kasane.wal_checkpoints_left_to_the_server"


def leave_checkpoints_to_the_server(engine: sa.Engine) -> None:
    """Each connection of ``engine`` no longer checkpoints when it commits (``PRAGMA wal_autocheckpoint = 0``, a
    setting of the connection): set when a connection is checked out for the first time, so the ones already in
    the pool are covered too."""

    def on_checkout(dbapi_connection: Any, record: Any, _proxy: object) -> None:
        if not record.info.get(_LEFT):
            dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")
            record.info[_LEFT] = True

    sa.event.listen(engine, "checkout", on_checkout)


class WalCheckpoints:
    """The server's checkpoint thread for one SQLite store (``start``; ``stop`` when the server stops)."""

    def __init__(self, database: str, interval: float = INTERVAL) -> None:
        self.database, self.interval = database, interval
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kasane-wal-checkpoints", daemon=True)

    @classmethod
    def start(cls, engines: Iterable[sa.Engine], interval: float = INTERVAL) -> WalCheckpoints | None:
        """Leave the checkpoints of ``engines`` (all on one store) to a thread of this process; None off SQLite."""
        engines = list(engines)
        if not engines or engines[0].dialect.name != "sqlite":
            return None
        for engine in engines:
            leave_checkpoints_to_the_server(engine)
        database = engines[0].url.database
        if not database or database == ":memory:":
            return None
        checkpoints = cls(database, interval)
        checkpoints._thread.start()
        return checkpoints

    def checkpoint(self) -> None:
        """Copy what the log holds into the database file, as far as no reader still needs it (PASSIVE).

        On a connection of its own, never one of the server's pools: a checkpoint must not take the connection a
        request is waiting for, nor fail when the requests have taken them all (a slow page holding every
        connection of the read models' pool made the thread raise the pool's timeout)."""
        try:
            with closing(sqlite3.connect(self.database, timeout=0)) as connection:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.OperationalError as error:  # another process's checkpoint at the same moment: the next one
            log.debug("WAL checkpoint skipped: %s", error)

    def _run(self) -> None:
        while not self._stopping.wait(self.interval):
            self.checkpoint()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
