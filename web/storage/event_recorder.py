"""The event recorder: eventsourcing-sqlalchemy's, reading with plain SQL statements instead of ORM queries.

Every command replays its aggregates, and every request asks for the log's head and
reads new notifications. The library answers each read with an ORM session and
query that builds a mapped object per row (and, for the head, the whole last row
with its state): about half of what a replay cost (docs/benchmarks.md,
"Commands"). These reads select the same columns of the same table with the same
conditions on a plain connection, so they return the same stored events.

``select_events_of`` reads several aggregates' events in ONE statement: a command
on a meeting and the cases it took up (``KasaneCore.get_many``). A save inserts its
rows with one INSERT … RETURNING statement instead of the ORM's unit of work, inside
the library's own transaction (its table lock on PostgreSQL keeps notification ids
in commit order; a duplicate version still fails as the library's ``IntegrityError``); on PostgreSQL the lock,
the rows, the snapshots and the NOTIFY go in one round trip (``web.storage.one_trip_save``). Reads run outside a
transaction (``projections.engine.reads``), and a command's on one connection (``reads_together``).

It also keeps the sealed case snapshots (``domain/case_snapshots.py``) in a table beside the events
(``<events table>`` with ``case_snapshots`` for ``events``: one row per case, the latest): a save writes the
snapshots its command took in the same transaction as its events, and ``select_snapshots_and_events_of``
reads a command's cases as their snapshots plus the events after them, in one statement.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.persistence import Notification, StoredEvent
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from domain.case_snapshots import SNAPSHOT_TOPIC, SealedSnapshot
from domain.errors import ConfigurationError
from projections.engine.reads import reading
from web.storage.one_trip_save import OneTripSave


class Recorder(SQLAlchemyApplicationRecorder):
    """The application recorder of ``web.storage.event_store.Factory``."""

    snapshots: sa.Table | None = None
    """The case snapshots' table, once ``keep_case_snapshots`` made it (the case log's, not the audit log's)."""
    _snapshots_and_events: sa.CompoundSelect | None = None
    _snapshot_upsert: sa.Insert | None = None
    _one_trip: OneTripSave | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held = threading.local()
        """The connection ``reads_together`` holds, per thread (one recorder serves every thread of a process)."""

    def keep_case_snapshots(self) -> None:
        """Keep sealed case snapshots beside this recorder's events (``<prefix>case_snapshots``), made if missing."""
        events = self._table
        self.snapshots = sa.Table(
            events.name.removesuffix("events") + "case_snapshots",
            events.metadata,
            sa.Column("case_id", events.c.originator_id.type, primary_key=True),
            sa.Column("version", sa.Integer, nullable=False, comment="the case version the state is at"),
            sa.Column("fingerprint", sa.String(32), nullable=False, comment="the code that replayed it"),
            sa.Column("sealed", sa.LargeBinary, nullable=False, comment="the state, encrypted with the case's key"),
            schema=events.schema,
            extend_existing=True,
        )
        self.snapshots.create(self._engine(), checkfirst=True)

    def _snapshot_table(self) -> sa.Table:
        if self.snapshots is None:
            raise ConfigurationError("case snapshots are not kept by this recorder (keep_case_snapshots)")
        return self.snapshots

    @property
    def _table(self) -> sa.Table:
        table = self.events_record_cls.__table__
        assert isinstance(table, sa.Table)
        return table

    def _engine(self) -> sa.Engine:
        engine = self.datastore.engine
        if not isinstance(engine, sa.Engine):
            raise ConfigurationError("the event recorder needs an engine of its own")
        return engine

    def _connection(self) -> AbstractContextManager[sa.Connection]:
        """For the reads, each one statement: outside a transaction on PostgreSQL (``projections.engine.reads``); the
        connection ``reads_together`` holds for this thread, if any."""
        held: sa.Connection | None = getattr(self._held, "connection", None)
        return nullcontext(held) if held is not None else reading(self._engine())

    @contextmanager
    def reads_together(self) -> Iterator[None]:
        """This thread's reads on ONE connection until the block ends or a save begins (``ReadsOnOneConnection``).

        A meeting record read its meeting, its master records and its cases on a checkout each, each with the
        pool's ping (2 of a command's 10 round trips on PostgreSQL). The connection goes back to the pool when the
        save begins, which takes its own: a command never holds two, so the pool serves as many as before."""
        if getattr(self._held, "connection", None) is not None:
            yield
            return
        self._held.connection = reading(self._engine())
        try:
            yield
        finally:
            self._release_reads()

    def _release_reads(self) -> None:
        held: sa.Connection | None = getattr(self._held, "connection", None)
        if held is not None:
            self._held.connection = None
            held.close()

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        self._release_reads()
        return super().insert_events(stored_events, **kwargs)

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        """Insert the rows and return their notification ids, in the order of ``stored_events``; then the
        ``case_snapshots`` the command took, if any, in the same transaction. ``first``: a statement run before
        all of it in the same transaction (the audit chain's turn), in the same round trip on PostgreSQL."""
        snapshots: Sequence[SealedSnapshot] = kwargs.get("case_snapshots", ())
        first: sa.Update | None = kwargs.get("first")
        if self._engine().dialect.name == "postgresql":
            return self._saves_in_one_trip().save(session, stored_events, snapshots, first)
        if first is not None:
            session.execute(first)
        table = self._table
        self._lock_table(session)
        rows = [
            {
                "originator_id": event.originator_id,
                "originator_version": event.originator_version,
                "topic": event.topic,
                "state": event.state,
            }
            for event in stored_events
        ]
        ids: list[int] = []
        if rows:
            inserted = session.execute(sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
            ids = list(inserted.scalars())
        self._write_snapshots(session, snapshots)
        return ids

    def _saves_in_one_trip(self) -> OneTripSave:
        """Made once, with the snapshots' upsert if this recorder keeps them."""
        if self._one_trip is None:
            upsert = self._snapshot_upsert_statement() if self.snapshots is not None else None
            self._one_trip = OneTripSave(self._table, self._engine().dialect, self.channel_name, upsert)
        return self._one_trip

    def _write_snapshots(self, session: Session, snapshots: Sequence[SealedSnapshot]) -> None:
        """Each case's row replaced by its newer snapshot (or one of other code); an older one is not written."""
        if not snapshots:
            return
        rows = [
            {"case_id": s.case_id, "version": s.version, "fingerprint": s.fingerprint, "sealed": s.sealed}
            for s in snapshots
        ]
        upsert = self._snapshot_upsert
        if upsert is None:
            upsert = self._snapshot_upsert_statement()
        session.connection().execute(upsert, rows)

    def _snapshot_upsert_statement(self) -> sa.Insert:
        """Built once: insert a case's snapshot, or replace its row when that one is older or of other code."""
        table = self._snapshot_table()
        dialect = self._engine().dialect.name
        insert = postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)
        excluded = insert.excluded
        self._snapshot_upsert = insert.on_conflict_do_update(
            index_elements=[table.c.case_id],
            set_={"version": excluded.version, "fingerprint": excluded.fingerprint, "sealed": excluded.sealed},
            where=sa.or_(table.c.version < excluded.version, table.c.fingerprint != excluded.fingerprint),
        )
        return self._snapshot_upsert

    def select_events(
        self,
        originator_id: UUID | str,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        table = self._table
        version = table.c.originator_version
        query = sa.select(table.c.originator_id, version, table.c.topic, table.c.state).where(
            table.c.originator_id == originator_id
        )
        if gt is not None:
            query = query.where(version > gt)
        if lte is not None:
            query = query.where(version <= lte)
        query = query.order_by(version.desc() if desc else version)
        if limit is not None:
            query = query.limit(limit)
        with self._connection() as connection:
            return [_stored(row) for row in connection.execute(query)]

    def select_events_of(self, originator_ids: Collection[UUID]) -> dict[UUID, list[StoredEvent]]:
        """Every stored event of each of ``originator_ids``, oldest first, in ONE statement (absent ids: no entry)."""
        if not originator_ids:
            return {}
        return self._events_by_originator(self._table.c.originator_id.in_(list(originator_ids)))

    def select_snapshots_and_events_of(
        self, originator_ids: Collection[UUID], fingerprint: str
    ) -> dict[UUID, tuple[SealedSnapshot | None, list[StoredEvent]]]:
        """Each id's snapshot of ``fingerprint`` (if any) and its events after it, oldest first, in ONE statement."""
        if not originator_ids:
            return {}
        query = self._snapshots_and_events
        if query is None:
            query = self._snapshots_and_events_query()
        parameters = {"ids": list(originator_ids), "fingerprint": fingerprint, "snapshot": SNAPSHOT_TOPIC}
        found: dict[UUID, tuple[SealedSnapshot | None, list[StoredEvent]]] = {}
        with self._connection() as connection:
            for case_id, version, topic, state in connection.execute(query, parameters):
                if topic == SNAPSHOT_TOPIC:
                    found[case_id] = (SealedSnapshot(case_id, version, fingerprint, _bytes(state)), [])
                    continue
                found.setdefault(case_id, (None, []))[1].append(
                    StoredEvent(originator_id=case_id, originator_version=version, topic=topic, state=_bytes(state))
                )
        return found

    def _snapshots_and_events_query(self) -> sa.CompoundSelect:
        """Built once: the snapshot rows of the cases named, then their events after their snapshots' versions."""
        events, snapshots = self._table, self._snapshot_table()
        ids: sa.BindParameter[list[UUID]] = sa.bindparam("ids", expanding=True)
        fingerprint: sa.BindParameter[str] = sa.bindparam("fingerprint")
        after = (
            sa.select(snapshots.c.version)
            .where(snapshots.c.case_id == events.c.originator_id, snapshots.c.fingerprint == fingerprint)
            .scalar_subquery()
        )
        self._snapshots_and_events = sa.union_all(
            sa.select(
                snapshots.c.case_id, snapshots.c.version, sa.bindparam("snapshot", type_=sa.String), snapshots.c.sealed
            ).where(snapshots.c.case_id.in_(ids), snapshots.c.fingerprint == fingerprint),
            sa.select(events.c.originator_id, events.c.originator_version, events.c.topic, events.c.state).where(
                events.c.originator_id.in_(ids), events.c.originator_version > sa.func.coalesce(after, 0)
            ),
        ).order_by(sa.literal_column("1"), sa.literal_column("2"))
        return self._snapshots_and_events

    def select_events_since(self, versions: Mapping[UUID, int]) -> dict[UUID, list[StoredEvent]]:
        """The events of each id after its version in ``versions``, oldest first, in ONE statement (none: no entry).

        The master records a command checks, fast-forwarded from their cached versions together
        (``domain.master_records``): one round trip instead of one per record.
        """
        if not versions:
            return {}
        table = self._table
        after = [
            sa.and_(table.c.originator_id == originator_id, table.c.originator_version > version)
            for originator_id, version in versions.items()
        ]
        return self._events_by_originator(sa.or_(*after))

    def _events_by_originator(self, where: sa.ColumnElement[bool]) -> dict[UUID, list[StoredEvent]]:
        """The stored events matching ``where``, grouped by aggregate, each aggregate's oldest first."""
        table = self._table
        query = (
            sa.select(table.c.originator_id, table.c.originator_version, table.c.topic, table.c.state)
            .where(where)
            .order_by(table.c.originator_id, table.c.originator_version)
        )
        found: dict[UUID, list[StoredEvent]] = {}
        with self._connection() as connection:
            for row in connection.execute(query):
                found.setdefault(row.originator_id, []).append(_stored(row))
        return found

    def max_notification_id(self) -> int | None:
        with self._connection() as connection:
            head: int | None = connection.execute(sa.select(sa.func.max(self._table.c.id))).scalar()
        return head

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        table = self._table
        query = sa.select(table.c.id, table.c.originator_id, table.c.originator_version, table.c.topic, table.c.state)
        if start is not None:
            query = query.where(table.c.id >= start if inclusive_of_start else table.c.id > start)
        if stop is not None:
            query = query.where(table.c.id <= stop)
        if topics:
            query = query.where(table.c.topic.in_(topics))
        query = query.order_by(table.c.id).limit(limit)
        with self._connection() as connection:
            return [as_notification(row) for row in connection.execute(query)]


def as_notification(row: Any) -> Notification:
    """A row of the events table (id, originator id and version, topic, state) as the library's ``Notification``."""
    return Notification(
        id=row.id,
        originator_id=row.originator_id,
        originator_version=row.originator_version,
        topic=row.topic,
        state=_bytes(row.state),
    )


def _stored(row: Any) -> StoredEvent:
    return StoredEvent(
        originator_id=row.originator_id,
        originator_version=row.originator_version,
        topic=row.topic,
        state=_bytes(row.state),
    )


def _bytes(state: bytes | memoryview) -> bytes:
    return bytes(state) if isinstance(state, memoryview) else state
