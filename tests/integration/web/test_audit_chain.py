"""The audit log is a hash chain: whoever drops the triggers and edits or removes an entry is found out.

``kasane audit verify`` recomputes the chain and names the first broken link
(entry and time); many requests at once still make one unbroken chain, and no
entry is ever seen without its link: each is written and sealed in one
transaction, whichever process writes it.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from domain.audit import AccessMade
from tests.builders import ADMIN, TODAY, given_standard_setup
from tests.conftest import POSTGRES_URL, empty_postgres, sqlite_settings
from tests.integration.web.conftest import app_on
from web.cli.main import cli
from web.storage import turn_file
from web.storage.audit_chain import ChainedAuditLog, links, turn
from web.storage.bootstrap import audit_env
from web.storage.settings import Settings

TABLE = "kasaneaudit_events"


@pytest.fixture
def audit(settings: Settings) -> Iterator[ChainedAuditLog]:
    api = app_on(settings)  # the process's app for these settings: building one per test cost ~0.5 s of CPU
    with TestClient(api) as client:
        given_standard_setup(api.state.kasane)
        for path in ("/", "/cases", "/api/cases"):
            client.get(path)  # anonymous: refused before anything is read
        for n in range(5):
            api.state.audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path=f"/cases/{n}"))
        yield api.state.audit


def without_the_guard(settings: Settings, statement: str, **values: object) -> None:
    """Drop the triggers that refuse changes (as an attacker with the database owner's rights could), then edit."""
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.begin() as connection:
            if settings.is_sqlite:
                for operation in ("update", "delete"):
                    connection.execute(sa.text(f'DROP TRIGGER IF EXISTS "kasane_immutable_{operation}_{TABLE}"'))
            else:
                connection.execute(sa.text(f'DROP TRIGGER IF EXISTS kasane_immutable ON "{TABLE}"'))
            connection.execute(sa.text(statement), values)
    finally:
        engine.dispose()


def entry(settings: Settings, position: int) -> bytes:
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            return bytes(
                connection.execute(sa.text(f"SELECT state FROM {TABLE} WHERE id = :id"), {"id": position}).scalar_one()
            )
    finally:
        engine.dispose()


def kasane_audit_verify(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_KEYS_URL", settings.resolved_keys_url())
    monkeypatch.setenv("KASANE_MASTER_KEY_FILE", str(settings.resolved_master_key_file()))
    result = CliRunner().invoke(cli, ["audit", "verify"])
    return result.exit_code, result.stdout + result.stderr


def test_an_untouched_audit_log_verifies(
    audit: ChainedAuditLog, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    verdict = audit.verify_chain()
    assert verdict.broken is None and verdict.entries >= 5
    status, output = kasane_audit_verify(settings, monkeypatch)
    assert status == 0 and output.startswith(f"ok: {verdict.entries} entries")


def test_an_entry_edited_in_the_database_is_the_first_broken_link(
    audit: ChainedAuditLog, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = audit.accesses()[-3]
    state = entry(settings, target.position)
    forged = state.replace(b'"/cases/2"', b'"/cases/9"')
    assert forged != state
    without_the_guard(settings, f"UPDATE {TABLE} SET state = :state WHERE id = :id", state=forged, id=target.position)
    broken = audit.verify_chain().broken
    assert broken is not None and broken.position == target.position and broken.at == target.at
    status, output = kasane_audit_verify(settings, monkeypatch)
    assert status == 2 and f"broken at entry {target.position} ({target.at.isoformat(timespec='seconds')})" in output
    _restore(settings)


def test_a_removed_entry_breaks_the_link_of_the_one_after_it(audit: ChainedAuditLog, settings: Settings) -> None:
    entries = audit.accesses()
    without_the_guard(settings, f"DELETE FROM {TABLE} WHERE id = :id", id=entries[-3].position)
    broken = audit.verify_chain().broken
    assert broken is not None and broken.position == entries[-2].position
    _restore(settings)


def test_an_entry_whose_links_fail_is_not_written_and_the_next_one_is(
    audit: ChainedAuditLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the transaction is the chain's own (BEGIN with the insert, COMMIT with the links): a failure
    between them still fails the write, commits nothing and leaves the pooled connection usable."""
    before = audit.verify_chain().entries
    if audit.chain_engine.dialect.name == "postgresql":
        monkeypatch.setattr(audit, "_insert_links", "INSERT INTO kasane_no_such_table VALUES (%(position)s)")
    else:
        monkeypatch.setattr(audit, "_link", lambda *_args, **_kw: 1 / 0)
    with pytest.raises(Exception):  # noqa: B017 - whatever the store raises, the request fails
        audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path="/cases/failed"))
    monkeypatch.undo()

    audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path="/cases/after"))

    verdict = audit.verify_chain()
    assert verdict.broken is None and verdict.entries == before + 1


def test_many_requests_at_once_make_one_unbroken_chain(audit: ChainedAuditLog) -> None:
    before = audit.verify_chain().entries

    def write(n: int) -> None:
        for k in range(10):
            audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path=f"/cases/{n}-{k}"))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    verdict = audit.verify_chain()
    assert verdict.broken is None and verdict.entries == before + 60


UNSEALED = sa.text(
    f"SELECT count(*) FROM {TABLE} e WHERE NOT EXISTS (SELECT 1 FROM {links.name} l WHERE l.position = e.id)"
)
"""Committed entries without their link, in ONE statement (one snapshot on both stores)."""
FORKS = sa.text(
    f"SELECT count(*) FROM (SELECT previous_hash FROM {links.name} GROUP BY previous_hash HAVING count(*) > 1) f"
)
"""Links that more than one entry claims to follow: a fork of the chain."""


def test_writers_in_several_processes_never_leave_an_entry_unsealed_nor_fork_the_chain(
    audit: ChainedAuditLog, settings: Settings
) -> None:
    """Four logs with engines of their own (as four server processes) write at once while a reader looks, again and
    again, for a committed entry without its link; there must never be one, nor two links after the same one."""
    logs = [ChainedAuditLog(audit_env(settings), today=lambda: TODAY) for _ in range(4)]
    done = threading.Event()
    seen_unsealed: list[int] = []

    def write(log: ChainedAuditLog, n: int) -> None:
        for k in range(15):
            log.record(AccessMade(actor=ADMIN, action="read", method="GET", path=f"/cases/{n}-{k}"))

    def watch() -> None:
        engine = sa.create_engine(settings.database_url)
        try:
            with engine.connect() as connection:
                while not done.is_set():
                    seen_unsealed.append(connection.execute(UNSEALED).scalar_one())
                    connection.rollback()
        finally:
            engine.dispose()

    watcher = threading.Thread(target=watch)
    writers = [threading.Thread(target=write, args=(log, n)) for n, log in enumerate(logs)]
    watcher.start()
    try:
        for thread in writers:
            thread.start()
        for thread in writers:
            thread.join()
    finally:
        done.set()
        watcher.join()
        for log in logs:
            log.close()
    assert seen_unsealed and max(seen_unsealed) == 0
    with audit.chain_engine.connect() as connection:
        assert connection.execute(FORKS).scalar_one() == 0
    verdict = audit.verify_chain()
    assert verdict.broken is None and verdict.entries == len(audit.accesses())


def _restore(settings: Settings) -> None:
    if not settings.is_sqlite:
        empty_postgres(POSTGRES_URL)  # the next test starts from an empty store; the app puts the trigger back


def test_a_writer_waits_for_the_turn_another_process_holds_and_takes_it_when_released(tmp_path: Path) -> None:
    """On a SQLite file, the processes queue for the chain's turn on a file lock, which wakes the next one the
    moment it is released (SQLite's own busy handler sleeps up to 100 ms between tries, idling a worker).
    PostgreSQL queues lock waiters itself: it has no turn file."""
    audit = ChainedAuditLog(audit_env(sqlite_settings(tmp_path)), today=lambda: TODAY)
    holder = os.open(tmp_path / ("kasane.db" + turn_file.SUFFIX), os.O_RDWR | os.O_CREAT)  # as another process
    fcntl.flock(holder, fcntl.LOCK_EX)
    writer = threading.Thread(
        target=audit.record, args=(AccessMade(actor=ADMIN, action="read", method="GET", path="/cases/turn"),)
    )
    try:
        writer.start()
        writer.join(0.3)
        assert writer.is_alive(), "the entry was written while another process held the turn"
        assert audit.accesses() == []
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
        writer.join()
    try:
        assert len(audit.accesses()) == 1
        assert audit.verify_chain().broken is None
    finally:
        audit.close()


def test_entries_written_at_the_same_moment_by_one_process_share_one_transaction(tmp_path: Path) -> None:
    """While another process holds the turn, five requests of this one queue; the first to get the turn writes
    all five in one transaction (one turn taken), each in the order handed in, and the chain holds."""
    audit = ChainedAuditLog(audit_env(sqlite_settings(tmp_path)), today=lambda: TODAY)
    holder = os.open(tmp_path / ("kasane.db" + turn_file.SUFFIX), os.O_RDWR | os.O_CREAT)
    turns_before = turns_taken(audit)
    fcntl.flock(holder, fcntl.LOCK_EX)
    writers = []
    try:
        for n in range(5):
            access = AccessMade(actor=ADMIN, action="read", method="GET", path=f"/cases/{n}")
            writers.append(threading.Thread(target=audit.record, args=(access,)))
            writers[-1].start()
            until(partial(queued, audit, n + 1))  # handed in one after the other: in that order
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
        for thread in writers:
            thread.join()
    try:
        assert [a.path for a in audit.accesses()] == [f"/cases/{n}" for n in range(5)]
        assert turns_taken(audit) == turns_before + 1
        assert audit.verify_chain().broken is None
    finally:
        audit.close()


def queued(audit: ChainedAuditLog, count: int) -> bool:
    return audit._entries.queued() == count


def turns_taken(audit: ChainedAuditLog) -> int:
    with audit.chain_engine.connect() as connection:
        return int(connection.execute(sa.select(turn.c.sealings)).scalar_one())


def until(condition: Callable[[], bool]) -> None:
    """Wait for ``condition`` (another thread's progress), failing after 10 s rather than hanging."""
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the writers never queued"
        time.sleep(0.001)
