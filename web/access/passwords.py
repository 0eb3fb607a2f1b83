"""Passwords: only their argon2id hash is ever stored, never the password.

The hash lives in the ``kasane_credentials`` table, not in the event log:
events are kept forever, exported in every backup and replayed everywhere,
so a hash recorded there could never be taken back, and every old hash
would stay crackable offline after a change. The *fact* that a password was
set is recorded in the audit log instead (who, when; never the hash).
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from domain.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 256

metadata = sa.MetaData()
credentials = sa.Table(
    "kasane_credentials",
    metadata,
    sa.Column("username", sa.String(100), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)


def check_password(password: object) -> str:
    """Raised (as ``InvalidInput``) when a new password is too short, too long or not text."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_LENGTH} characters", field="password")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"a password has at most {MAX_LENGTH} characters", field="password")
    return password


_dummies: dict[tuple[int, int], str] = {}


def _dummy(time_cost: int, memory_kib: int) -> str:
    """The timing equaliser's hash for these parameters, made once per process: every app start (each web test's)
    hashed it again, a whole argon2 hash at the production cost."""
    key = (time_cost, memory_kib)
    if key not in _dummies:
        _dummies[key] = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib).hash("kasane-timing-equaliser")
    return _dummies[key]


class Credentials:
    """The password hashes, in the same database as the events (table created on first use)."""

    def __init__(self, engine: Engine, *, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self.engine = engine
        self.hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        self.dummy = _dummy(time_cost, memory_kib)
        """Verified against when the username is unknown, so a wrong name takes as long as a wrong password."""
        metadata.create_all(engine)

    def set_password(self, username: str, password: object) -> None:
        hashed = self.hasher.hash(check_password(password))
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            done = connection.execute(
                credentials.update()
                .where(credentials.c.username == username)
                .values(password_hash=hashed, changed_at=now)
            ).rowcount
            if not done:
                connection.execute(credentials.insert().values(username=username, password_hash=hashed, changed_at=now))

    def verify(self, username: str, password: str) -> bool:
        """True when ``password`` is the user's; upgrades the hash when argon2's parameters have grown."""
        with self.engine.connect() as connection:
            stored = connection.execute(
                sa.select(credentials.c.password_hash).where(credentials.c.username == username)
            ).scalar()
        try:
            self.hasher.verify(stored or self.dummy, password)
        except (VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if self.hasher.check_needs_rehash(stored):
            self.set_password(username, password)
        return True

    def spend_as_much(self, password: str) -> None:
        """Verify ``password`` against the dummy hash and forget the answer.

        A login that is refused without looking at a real hash (a locked name, a
        name that is no active user) calls this, so that every attempt costs one
        argon2 verification with the same parameters and its duration tells nothing.
        """
        with contextlib.suppress(VerificationError, InvalidHashError):
            self.hasher.verify(self.dummy, password)

    def has_password(self, username: str) -> bool:
        with self.engine.connect() as connection:
            return (
                connection.execute(sa.select(credentials.c.username).where(credentials.c.username == username)).first()
                is not None
            )
