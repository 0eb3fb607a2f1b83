"""Group commit: the threads of one process that write at the same moment share one transaction.

Every audited request writes one audit entry, and each entry's transaction
takes the chain's turn, reads the last link, links and commits (on SQLite with
the file's write lock and a sync to disk). Under load the threads of a server
process queue for that turn anyway; here, whichever thread gets the turn writes
every entry queued so far in ONE transaction, and the others find theirs
written when their turn comes. Nothing is acknowledged before it is
committed: a thread returns only once the transaction that holds its entry has
committed, and if that transaction fails, every thread whose entry it held
raises (the requests fail, as they would alone). One thread alone still writes
at once: the batch is only what has queued meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


class NotWritten(RuntimeError):
    """The transaction that held this thread's item failed (its cause is the failure)."""


@dataclass
class _Waiting(Generic[T]):
    item: T
    done: bool = False
    failure: BaseException | None = field(default=None)


class GroupCommit(Generic[T]):
    """Items handed in by several threads, written by ``write`` in batches, in the order they were handed in."""

    def __init__(
        self, write: Callable[[Sequence[T]], None], *, turn: AbstractContextManager[object] | None = None
    ) -> None:
        self._write = write
        self._turn = turn if turn is not None else nullcontext()
        """Taken by the writing thread before the batch is drained (a turn between processes): what queues while
        it waits for it joins the batch."""
        self._writing = threading.Lock()
        self._queued: list[_Waiting[T]] = []
        self._queue_lock = threading.Lock()

    def submit(self, item: T) -> None:
        """Return once ``item`` is committed, written by this thread or by another's batch; raise if it was not."""
        waiting = _Waiting(item)
        with self._queue_lock:
            self._queued.append(waiting)
        with self._writing:
            if not waiting.done:
                with self._turn:
                    self._write_queued()  # the writer raises the failure itself
                return
        if waiting.failure is not None:
            raise NotWritten("the transaction holding this item failed") from waiting.failure

    def queued(self) -> int:
        """How many items wait for a batch (for tests and diagnostics)."""
        with self._queue_lock:
            return len(self._queued)

    def _write_queued(self) -> None:
        with self._queue_lock:
            batch, self._queued = self._queued, []
        try:
            self._write([each.item for each in batch])
        except BaseException as error:
            for each in batch:
                each.failure, each.done = error, True
            raise
        for each in batch:
            each.done = True
