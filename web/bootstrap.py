"""The composition root: build the application and its read models from settings once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from domain.application import Kasane
from domain.audit import AuditLog
from projections.catalogue import ReadModels
from projections.catch_up import DEFAULT_PAGE_SIZE, Projection
from web.auth_passwords import Credentials
from web.immutable_log import forbid_changes_to_events
from web.login_throttle import LoginThrottle
from web.sessions import Sessions
from web.settings import Settings, eventsourcing_env


def build_application(settings: Settings, *, today: Callable[[], date] = date.today) -> Kasane:
    """The application; its event table is guarded against UPDATE and DELETE (``web.immutable_log``)."""
    app = Kasane(eventsourcing_env(settings), today=today)
    engine = sa.create_engine(settings.database_url)
    try:
        forbid_changes_to_events(engine)
    finally:
        engine.dispose()
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
    from web.erasure import secure_sqlite_deletes

    engine = secure_sqlite_deletes(sa.create_engine(settings.database_url))
    return ReadModels(app, engine, page_size=page_size, projections=projections)


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


def build_access(settings: Settings, *, today: Callable[[], date] = date.today) -> Access:
    engine = sa.create_engine(settings.database_url)
    audit = AuditLog(audit_env(settings), today=today)
    forbid_changes_to_events(engine)
    return Access(
        credentials=credentials(settings, engine),
        sessions=Sessions(engine, idle=timedelta(minutes=settings.session_idle_minutes),
                          absolute=timedelta(hours=settings.session_absolute_hours)),
        throttle=LoginThrottle(engine, attempts=settings.login_attempts,
                               window=timedelta(minutes=settings.login_window_minutes),
                               cooldown=timedelta(minutes=settings.login_lockout_minutes)),
        audit=audit,
        engine=engine,
    )
