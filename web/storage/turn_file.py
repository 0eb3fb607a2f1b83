"""A turn that the processes writing to one SQLite file take by a file lock, so that a waiter wakes at once.

SQLite lets one writer in at a time; the others wait in its busy handler,
which sleeps and retries (1, 2, 5, 10 … up to 100 ms between tries). Every
audited request of every ``kasane serve`` worker writes the audit chain, so
with two workers on one file they meet on every few pages, and the one that
lost sleeps on while the lock is long free: the worker's other requests queue
behind it for the chain's turn (``web.storage.group_commit``) and its core
idles (the saturated case page at 1M kept 1.57 of 2 cores busy). A blocking
``flock`` instead wakes the next process the moment the lock is released.

The lock is taken before the transaction and held to its end, so the
processes still take turns in the database as well (its write lock, the
chain's turn row): the file only orders them. It is advisory: a process that
does not take it (a writer of another version, a command) still waits in
SQLite as before, and nothing depends on the file for correctness. PostgreSQL
queues lock waiters itself, and an in-memory database has one process: for
those there is no file (``for_engine`` returns a turn that does nothing).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import TracebackType

import sqlalchemy as sa

SUFFIX = ".audit-turn"


class TurnFile(AbstractContextManager["TurnFile"]):
    """An exclusive ``flock`` on ``path``, held inside the block (blocking until it is free).

    Each process opens the file for itself (a lock belongs to an open file, and a worker forked from a process
    holding one would otherwise share it); the threads of one process must queue before it (the chain's group
    commit does), since they share the process's open file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid = 0

    def __enter__(self) -> TurnFile:
        fcntl.flock(self._file(), fcntl.LOCK_EX)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        fcntl.flock(self._file(), fcntl.LOCK_UN)

    def _file(self) -> int:
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
        return self._fd

    def close(self) -> None:
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None


def for_engine(engine: sa.Engine) -> TurnFile | nullcontext[None]:
    """The turn file beside a SQLite database file (``kasane.db.audit-turn``); for any other store, nothing."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or "mode=memory" in str(engine.url):
        return nullcontext()
    return TurnFile(Path(database + SUFFIX))
