"""Server-side sessions: the browser holds a random token, the database holds its SHA-256.

A stolen copy of the table therefore cannot be replayed as cookies. Each
session also carries its CSRF token. Expiry is *sliding with a cap*: a
session lapses after ``idle`` without a request, and in any case ``absolute``
after login (a working day), whatever the activity.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from projections.engine.reads import reading
from web.access.passwords import metadata

TOUCH_EVERY = timedelta(minutes=1)
"""A session's last-seen time is written at most this often (not on every request)."""

sessions = sa.Table(
    "kasane_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(100), nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)


FIND = sa.select(sessions).where(sessions.c.id_hash == sa.bindparam("id_hash"))
"""The lookup every request makes, built once. It is read outside a transaction (``reads.reading``): a session
found, then touched or ended by a statement of its own, is what the transaction around the two gave under READ
COMMITTED (nothing locked the row between them), without its BEGIN and COMMIT."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Session:
    username: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime


class Sessions:
    def __init__(self, engine: Engine, *, idle: timedelta, absolute: timedelta) -> None:
        self.engine, self.idle, self.absolute = engine, idle, absolute
        metadata.create_all(engine)

    def start(self, username: str) -> tuple[str, Session]:
        """A new session (a new id on every login, so a planted cookie is never promoted); returns its token."""
        token, now = secrets.token_urlsafe(32), datetime.now(UTC)
        session = Session(username, secrets.token_urlsafe(32), now, now + min(self.idle, self.absolute))
        with self.engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.expires_at < now))
            connection.execute(
                sessions.insert().values(
                    id_hash=_digest(token),
                    username=username,
                    csrf_token=session.csrf_token,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=session.expires_at,
                )
            )
        return token, session

    def find(self, token: str | None, on: Connection | None = None) -> Session | None:
        """The live session for ``token``, its expiry slid forward; None when unknown or expired. ``on``: a
        ``reads.reading`` connection to the same database to look it up with (a request's read connection: one
        checkout and one ping fewer); by default one of this store's own."""
        if not token:
            return None
        if on is None:
            with reading(self.engine) as connection:
                return self._find(token, connection)
        return self._find(token, on)

    def _find(self, token: str, connection: Connection) -> Session | None:
        now = datetime.now(UTC)
        row = connection.execute(FIND, {"id_hash": _digest(token)}).first()
        if row is None:
            return None
        created, expires = _aware(row.created_at), _aware(row.expires_at)
        if expires <= now:
            connection.execute(sessions.delete().where(sessions.c.id_hash == row.id_hash))
            connection.commit()  # on PostgreSQL the statement committed itself (autocommit); SQLite's driver began one
            return None
        if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
            expires = min(now + self.idle, created + self.absolute)
            touch = sessions.update().where(sessions.c.id_hash == row.id_hash)
            connection.execute(touch.values(last_seen_at=now, expires_at=expires))
            connection.commit()
        return Session(row.username, row.csrf_token, created, expires)

    def end(self, token: str | None) -> None:
        if token:
            with self.engine.begin() as connection:
                connection.execute(sessions.delete().where(sessions.c.id_hash == _digest(token)))

    def end_all(self, username: str) -> None:
        """Log a user out everywhere (after a password change or when the user is retired)."""
        with self.engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.username == username))
