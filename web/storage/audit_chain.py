"""The audit trail as a hash chain: an edited, removed or inserted entry breaks a link that ``verify`` names.

The triggers of ``web.storage.immutable_log`` refuse UPDATE and DELETE, but whoever
can drop a trigger can edit an entry and put the trigger back. So each entry
is linked to the one before it: ``kasane_audit_chain`` holds, per entry
(its notification id in the audit log), the SHA-256 of the previous link and
of the entry's canonical content (id, aggregate id and version, topic, stored
state). ``verify`` recomputes the chain from the entries themselves and
reports the first entry whose content, position or presence no longer
matches. To hide an edit one must rewrite every later link too, which a copy
of the chain head (``kasane audit verify`` prints it) kept elsewhere reveals.

Each entry is written and sealed in ONE transaction (until 2026-12-07 the entry
was committed first and sealed in a second one); entries that threads of one
process write at the same moment share it (``web.storage.group_commit``).
The transaction first updates a single lock row, the *turn*: concurrent
writers (threads, processes, servers) take turns, on SQLite (the write lock)
and PostgreSQL (the row lock) alike. Holding it, the writer inserts the entry,
reads the last link, links every entry after it (its own, and any written
without a seal: before the chain existed, or by a plain ``AuditLog``), and
commits. Why this does not weaken the chain:

- *never unsealed*: the entry and its link commit together or not at all, so no
  reader, ``verify`` included, ever sees a committed entry without its link, and
  a crash between the two (which used to leave an entry unsealed until the next
  access) cannot happen;
- *no fork*: a link is computed from the last link read while holding the turn,
  and the turn is held until the commit, so no two entries ever get the same
  previous link, and positions are the table's primary key;
- *in order*: entries are inserted under the turn (and, on PostgreSQL, the event
  store's table lock), so notification ids and links follow commit order and no
  entry can commit later behind one already linked.

What the chain proves is unchanged (the hashes, ``verify``).
This module keeps the chain apart from what an entry says (``web.access.audit``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import Any

import psycopg
import sqlalchemy as sa
from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import Notification
from sqlalchemy.orm import Session

from domain.audit import AccessMade, AccessRecord, AuditLog
from domain.clock import japan_today
from web.storage import turn_file
from web.storage.event_recorder import as_notification
from web.storage.event_store import engine_for, events_table, store_engine
from web.storage.group_commit import GroupCommit

GENESIS = "0" * 64
PAGE = 1000

metadata = sa.MetaData()
links = sa.Table(
    "kasane_audit_chain",
    metadata,
    sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("previous_hash", sa.String(64), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
)
turn = sa.Table(
    "kasane_audit_chain_turn",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("sealings", sa.BigInteger, nullable=False),
)


TAKE_TURN = turn.update().where(turn.c.id == 1).values(sealings=turn.c.sealings + 1)
_LAST_HASH = "last_hash"
"""The column of the last link's hash beside each unlinked entry (a name, not a literal: `pybabel extract` reads
``.label("…")`` as a screen label to translate)."""

LAST_LINK = sa.select(links.c.position, links.c.entry_hash).order_by(links.c.position.desc()).limit(1)
"""Statements every audited request runs, built once (building them and their cache keys cost more CPU than
running them)."""


def entry_hash(previous: str, notification: Notification) -> str:
    """The link of one entry: SHA-256 over the previous link and the entry's canonical content."""
    content = json.dumps(
        {
            "id": notification.id,
            "originator_id": str(notification.originator_id),
            "originator_version": notification.originator_version,
            "topic": notification.topic,
            "state": base64.b64encode(notification.state).decode("ascii"),
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256((previous + content).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Broken:
    """The first entry whose link does not hold, and when it says it was written (None when unreadable)."""

    position: int
    at: datetime | None
    reason: str


@dataclass(frozen=True)
class Verdict:
    entries: int
    head: str
    broken: Broken | None


class ChainedAuditLog(AuditLog):
    """The audit log whose every entry is sealed into the chain as soon as it is written."""

    name = AuditLog.name  # the same stored log (eventsourcing would name a subclass after itself)

    def __init__(self, env: dict[str, str] | None = None, *, today: Callable[[], date] = japan_today) -> None:
        super().__init__(env, today=today)
        self.chain_engine = store_engine(self)
        self._between_processes = turn_file.for_engine(self.chain_engine)
        self._entries = GroupCommit(self._write, turn=self._between_processes)
        metadata.create_all(self.chain_engine)
        with self.chain_engine.begin() as connection:
            if connection.execute(sa.select(turn.c.id)).first() is None:
                try:
                    with connection.begin_nested():
                        connection.execute(turn.insert().values(id=1, sealings=0))
                except sa.exc.IntegrityError:
                    pass  # another process made it first

    def record(self, access: AccessMade) -> None:
        """Write the entry and its link in one transaction, holding the turn (see the module docstring).

        The threads of one process queue for the turn in-process first (``web.storage.group_commit``), so at most
        one of them waits on the database's lock: a thread waiting there is woken the moment the one before it is
        done, where one waiting on SQLite's lock polls it in sleeps of up to 100 ms (its busy handler), which
        under 20 concurrent pages left the audited floor page slower than one client alone; and whichever thread
        gets the turn writes every entry queued meanwhile in its one transaction (a group commit). The processes
        writing to one SQLite file then queue on a file lock (``web.storage.turn_file``) for the same reason, and
        still take turns in the database, as before."""
        self._entries.submit(self.entry(access))

    def _write(self, entries: Sequence[AccessRecord]) -> None:
        """The event store takes the turn as the first statement of the entries' insert (on PostgreSQL in the same
        round trip as the table lock and the rows), so the entries are still inserted, read back and linked holding
        it.

        On PostgreSQL the transaction is ours, on a connection in autocommit: its ``BEGIN`` goes with the insert
        (``web.storage.one_trip_save``) and its ``COMMIT`` with the links, 4 trips a transaction, the pool's ping
        included (6 until 2026-12-08, 10 an entry until 2026-12-07). A failure before the ``COMMIT`` leaves the
        transaction open: the connection's return to the pool rolls it back (psycopg's ``rollback`` sends
        ``ROLLBACK`` whenever the server is in a transaction, autocommit or not)."""
        postgres = self._autocommit is not None
        with (self._autocommit or self.chain_engine).begin() as connection:
            with Session(bind=connection, join_transaction_mode="rollback_only") as session:
                self.save(*entries, session=session, first=TAKE_TURN)  # in our transaction, the turn taken first
            self._link(connection, commit=postgres)

    @cached_property
    def _autocommit(self) -> sa.Engine | None:
        """The writes' own engine on PostgreSQL, its connections in autocommit once and for all (``_write``); None on
        SQLite (whose BEGIN costs no trip). Not the chain's engine with an isolation level per connection: setting
        and resetting it on every write, and its events, cost more CPU than the two trips saved. One connection: the
        writes of a process take turns (``GroupCommit``)."""
        if self.chain_engine.dialect.name != "postgresql":
            return None
        return engine_for(self.chain_engine.url, isolation_level="AUTOCOMMIT", pool_size=1, max_overflow=0)

    @property
    def writes_engine(self) -> sa.Engine:
        """The engine the entries are written and linked through (``_write``): on PostgreSQL the writes' own."""
        return self._autocommit or self.chain_engine

    def close(self) -> None:
        if isinstance(self._between_processes, turn_file.TurnFile):
            self._between_processes.close()
        writes = self.__dict__.get("_autocommit")  # made on the first write, if any
        if isinstance(writes, sa.Engine):
            writes.dispose()
        super().close()

    def seal(self) -> int:
        """Link every entry not yet in the chain, in order; returns how many were linked."""
        with self.chain_engine.begin() as connection:
            self._take_turn(connection)
            return self._link(connection)

    @staticmethod
    def _take_turn(connection: sa.Connection) -> None:
        connection.execute(TAKE_TURN)

    def _link(self, connection: sa.Connection, *, commit: bool = False) -> int:
        """Link the entries after the last link, in order, in the caller's transaction (which holds the turn);
        ``commit``: then commit it, on PostgreSQL in the same trip as the links (``_write``)."""
        rows = []
        previous = None
        for entry in connection.execute(self._unlinked_with_last_link):
            if previous is None:
                previous = entry.last_hash or GENESIS
            notification = as_notification(entry)
            previous_link, previous = previous, entry_hash(previous, notification)
            rows.append({"position": notification.id, "previous_hash": previous_link, "entry_hash": previous})
        if commit:
            self._insert_and_commit(connection, rows)
        elif rows:
            connection.execute(links.insert(), rows)
        return len(rows)

    def _insert_and_commit(self, connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
        """The links and the ``COMMIT`` in one pipeline (PostgreSQL): a failed insert skips the ``COMMIT``."""
        driver = connection.connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        with driver.pipeline(), driver.cursor() as cursor:
            if rows:
                cursor.executemany(self._insert_links, rows)
            cursor.execute("COMMIT", prepare=False)

    @cached_property
    def _insert_links(self) -> str:
        return str(links.insert().compile(dialect=self.chain_engine.dialect))

    @cached_property
    def _unlinked_with_last_link(self) -> sa.Select[Any]:
        """The entries after the last link as this transaction sees them (its own insert included), each with
        that link's hash: ONE statement, built once (it runs on every request; it was two, the last link and
        then the entries after it, a round trip each). Both subqueries are the links' primary key's last entry."""
        e = events_table(self).c
        last_position = sa.select(sa.func.coalesce(sa.func.max(links.c.position), 0)).scalar_subquery()
        last_hash = LAST_LINK.with_only_columns(links.c.entry_hash).scalar_subquery()
        return (
            sa.select(e.id, e.originator_id, e.originator_version, e.topic, e.state, last_hash.label(_LAST_HASH))
            .where(e.id > last_position)
            .order_by(e.id)
        )

    def verify_chain(self) -> Verdict:
        """Recompute the chain from the entries; the first entry whose link fails, or None."""
        with self.chain_engine.connect() as connection:
            stored = {row.position: row for row in connection.execute(sa.select(links))}
        previous, count = GENESIS, 0
        for notification in self._notifications_after(0):
            count += 1
            link = stored.pop(notification.id, None)
            if link is None:
                return Verdict(count, previous, self._broken(notification, "not in the chain (inserted?)"))
            if link.previous_hash != previous:
                return Verdict(count, previous, self._broken(notification, "the entry before it was removed"))
            previous = entry_hash(previous, notification)
            if link.entry_hash != previous:
                return Verdict(count, previous, self._broken(notification, "its content was changed"))
        if stored:
            position = min(stored)
            return Verdict(count, previous, Broken(position, None, "the entry is missing (removed?)"))
        return Verdict(count, previous, None)

    def _broken(self, notification: Notification, reason: str) -> Broken:
        try:
            event = self.mapper.to_domain_event(notification)
        except Exception:  # an edited entry may not decode: its position still names it
            return Broken(notification.id, None, reason)
        return Broken(notification.id, event.timestamp if isinstance(event, DomainEvent) else None, reason)

    def _notifications_after(self, position: int) -> Iterator[Notification]:
        while True:
            page = self.recorder.select_notifications(start=position, limit=PAGE, inclusive_of_start=False)
            yield from page
            if len(page) < PAGE:
                return
            position = page[-1].id
