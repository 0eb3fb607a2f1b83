"""Lock-out after repeated failed logins, kept in the database so every server process sees it.

After ``attempts`` failures for one username within ``window``, logins under
that name are refused for ``cooldown`` — the right password included — and
then the count starts again. A successful login clears the count. The count
is kept per name *as typed*, for names that exist and names that do not
alike, so a lock-out says nothing about whether an account exists.

Table ``kasane_login_failures`` (username → failures in the current window,
when the window began, locked until). Each failure is one transaction that
inserts the row if missing (``ON CONFLICT DO NOTHING``) and then increments it,
so concurrent failures from several processes are counted one by one (the row
lock on PostgreSQL, the database's write lock on SQLite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from web.access.passwords import metadata

MAX_USERNAME = 100

failures = sa.Table(
    "kasane_login_failures",
    metadata,
    sa.Column("username", sa.String(MAX_USERNAME), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Failure:
    """What one failed login did: the failures counted in the window, and the lock it started (if any)."""

    failures: int
    locked_until: datetime | None


class LoginThrottle:
    def __init__(
        self,
        engine: Engine,
        *,
        attempts: int = 5,
        window: timedelta = timedelta(minutes=15),
        cooldown: timedelta = timedelta(minutes=15),
    ) -> None:
        self.engine, self.attempts, self.window, self.cooldown = engine, attempts, window, cooldown
        metadata.create_all(engine)

    def locked_until(self, username: str, *, now: datetime | None = None) -> datetime | None:
        """When the lock on ``username`` ends, or None when logins under it are allowed."""
        now = now or datetime.now(UTC)
        with self.engine.connect() as connection:
            until = _aware(
                connection.execute(
                    sa.select(failures.c.locked_until).where(failures.c.username == username[:MAX_USERNAME])
                ).scalar()
            )
        return until if until is not None and until > now else None

    def failed(self, username: str, *, now: datetime | None = None) -> Failure:
        """Count a failed login; the ``attempts``-th failure within the window locks the name."""
        now, name = now or datetime.now(UTC), username[:MAX_USERNAME]
        fresh = failures.c.window_started_at > now - self.window
        with self.engine.begin() as connection:
            connection.execute(
                failures.delete().where(  # names nobody has tried lately: forget them
                    failures.c.window_started_at <= now - self.window,
                    sa.or_(failures.c.locked_until.is_(None), failures.c.locked_until <= now),
                )
            )
            insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(failures)
            connection.execute(
                insert.values(username=name, failures=0, window_started_at=now).on_conflict_do_nothing(
                    index_elements=["username"]
                )
            )
            connection.execute(
                failures.update()
                .where(failures.c.username == name)
                .values(
                    failures=sa.case((fresh, failures.c.failures + 1), else_=1),
                    window_started_at=sa.case((fresh, failures.c.window_started_at), else_=now),
                )
            )
            count = connection.execute(sa.select(failures.c.failures).where(failures.c.username == name)).scalar_one()
            if count < self.attempts:
                return Failure(count, None)
            until = now + self.cooldown
            connection.execute(
                failures.update()
                .where(failures.c.username == name)
                .values(failures=0, window_started_at=now, locked_until=until)
            )
            return Failure(count, until)

    def succeeded(self, username: str) -> None:
        """A successful login clears the name's count."""
        with self.engine.begin() as connection:
            connection.execute(failures.delete().where(failures.c.username == username[:MAX_USERNAME]))
