"""Group commit: items handed in at the same moment are written together, and none is acknowledged unwritten."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager

from web.storage.group_commit import GroupCommit, NotWritten


class Gate(AbstractContextManager["Gate"]):
    """A turn held closed until opened: what queues meanwhile joins the writer's batch."""

    def __init__(self) -> None:
        self.opened = threading.Event()

    def __enter__(self) -> Gate:
        self.opened.wait(10)
        return self

    def __exit__(self, *_: object) -> None:
        return None


def handed_in_together(commit: GroupCommit[int], gate: Gate, count: int) -> list[BaseException | None]:
    outcomes: list[BaseException | None] = [None] * count

    def submit(n: int) -> None:
        try:
            commit.submit(n)
        except BaseException as error:
            outcomes[n] = error

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(count)]
    for n, thread in enumerate(threads):
        thread.start()
        deadline = time.monotonic() + 10
        while commit.queued() != n + 1:
            assert time.monotonic() < deadline
            time.sleep(0.001)
    gate.opened.set()
    for thread in threads:
        thread.join()
    return outcomes


def test_items_handed_in_while_the_turn_is_taken_are_written_in_one_batch_in_order() -> None:
    batches: list[list[int]] = []
    gate = Gate()
    commit = GroupCommit[int](lambda items: batches.append(list(items)), turn=gate)
    assert handed_in_together(commit, gate, 4) == [None] * 4
    assert batches == [[0, 1, 2, 3]]


def test_when_the_batch_fails_every_item_in_it_fails_and_none_is_left_queued() -> None:
    def fail(_items: Sequence[int]) -> None:
        raise OSError("disk full")

    gate = Gate()
    commit = GroupCommit[int](fail, turn=gate)
    outcomes = handed_in_together(commit, gate, 3)
    assert isinstance(outcomes[0], OSError)  # the writer: the failure itself
    assert all(isinstance(o, NotWritten) and isinstance(o.__cause__, OSError) for o in outcomes[1:])
    assert commit.queued() == 0


def test_one_item_alone_is_written_at_once() -> None:
    batches: list[list[int]] = []
    commit = GroupCommit[int](lambda items: batches.append(list(items)))
    commit.submit(7)
    commit.submit(8)
    assert batches == [[7], [8]]
