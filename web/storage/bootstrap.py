"""The composition root: build the application and its read models from settings once."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from domain.application import Kasane
from domain.audit import AuditLog
from projections.engine.catalogue import ReadModels
from projections.engine.catch_up import DEFAULT_PAGE_SIZE, Projection
from web.access.login_throttle import LoginThrottle
from web.access.passwords import Credentials
from web.access.sessions import Sessions
from web.storage.audit_chain import ChainedAuditLog
from web.storage.event_store import engine_for, serving_pool, store_engine
from web.storage.immutable_log import forbid_changes_to_events
from web.storage.settings import Settings, eventsourcing_env


def build_application(settings: Settings, *, today: Callable[[], date] | None = None) -> Kasane:
    """The application; its event table is guarded against UPDATE and DELETE (``web.storage.immutable_log``),
    through the application's own engine (an engine of its own cost each start a connection and its dialect's
    first-connect set-up)."""
    app = Kasane(eventsourcing_env(settings), today=today or settings.clock().today)
    forbid_changes_to_events(store_engine(app))
    return app


def audit_env(settings: Settings) -> dict[str, str]:
    return eventsourcing_env(settings)


def build_read_models(
    settings: Settings,
    app: Kasane,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    projections: Sequence[Projection] | None = None,
) -> ReadModels:
    """The read models (all, or ``projections``) live in the same database as the events, via their own engine."""
    from web.storage.erasure import secure_sqlite_deletes

    engine = engine_for(
        settings.database_url, pool_timeout=settings.pool_timeout, **serving_pool(settings.max_in_flight)
    )
    engine = rebuildable_commits(secure_sqlite_deletes(engine))
    return ReadModels(app, engine, page_size=page_size, projections=projections)


def rebuildable_commits(engine: sa.Engine) -> sa.Engine:
    """The read models' connections commit without waiting for the disk: SQLite in WAL mode with
    ``synchronous=NORMAL``, PostgreSQL with ``synchronous_commit = off``.

    Read models can be rebuilt from the log, so a power cut (or a crash of the PostgreSQL server) may cost them their
    last pages (their positions go back with their rows: the log is cut at a commit, never inside one) but never the
    database. The events are written by the application's own engine, whose connections keep the durable default
    (SQLite FULL, PostgreSQL's server setting): every event commit still waits for the log, and with it any
    read-model commits written before it. In rollback-journal mode NORMAL could corrupt a SQLite file on a power
    cut, so a read-model connection puts the file in WAL mode (the mode the event store sets, persistent in the
    file) before it sets NORMAL: on a new store, connections made before the event store's first write had kept FULL
    (an fsync per catch-up) for their lives. On PostgreSQL a command's catch-up waited for one more WAL flush
    (1.5–3 ms on this machine's disk) after its events' own.
    """
    if engine.dialect.name == "postgresql":

        def asynchronous_commits(dbapi_connection: Any, _record: object) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit = off")
            dbapi_connection.commit()

        sa.event.listen(engine, "connect", asynchronous_commits)
    if engine.dialect.name == "sqlite":

        def on_connect(dbapi_connection: Any, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            try:  # the event store puts a new file in WAL mode on its first write; a connection made before kept FULL
                mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            except sqlite3.OperationalError:  # another connection mid-transaction: leave the mode as it is
                mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() == "wal":
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        sa.event.listen(engine, "connect", on_connect)
    return engine


@dataclass
class Access:
    """Who may come in and what they did: password hashes, sessions and the audit log, in the events' database."""

    credentials: Credentials
    sessions: Sessions
    throttle: LoginThrottle
    audit: AuditLog
    engine: sa.Engine

    def close(self) -> None:
        self.audit.close()
        self.engine.dispose()


def credentials(settings: Settings, engine: sa.Engine) -> Credentials:
    return Credentials(engine, time_cost=settings.password_time_cost, memory_kib=settings.password_memory_kib)


def build_access(settings: Settings, *, today: Callable[[], date] | None = None) -> Access:
    engine = engine_for(
        settings.database_url, pool_timeout=settings.pool_timeout, **serving_pool(settings.max_in_flight)
    )
    audit = ChainedAuditLog(audit_env(settings), today=today or settings.clock().today)
    forbid_changes_to_events(engine)
    return Access(
        credentials=credentials(settings, engine),
        sessions=Sessions(
            engine,
            idle=timedelta(minutes=settings.session_idle_minutes),
            absolute=timedelta(hours=settings.session_absolute_hours),
        ),
        throttle=LoginThrottle(
            engine,
            attempts=settings.login_attempts,
            window=timedelta(minutes=settings.login_window_minutes),
            cooldown=timedelta(minutes=settings.login_lockout_minutes),
        ),
        audit=audit,
        engine=engine,
    )
