"""An optional second factor for administrators: a 6-digit time-based code (TOTP, RFC 6238, ``pyotp``).

Admins read the audit log of every household and manage accounts, so a
stolen admin password alone should not be enough. ``kasane user totp enable
USER`` gives an admin a secret (shown once, as an ``otpauth://`` URI for an
authenticator app). After the right password such a user does not get a
session yet: the login answers with a code form carrying a one-time token
(its SHA-256 is kept, five minutes); the session starts only after the right
code. A wrong code counts as a failed login for the lock-out, like a wrong
password. Each code is accepted once (the last used time step is kept), one
step of clock drift either way is allowed.

The secret is kept in ``kasane_second_factors`` beside the password hashes
(not in the event log: it is a secret to be replaced, not a fact to be kept).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
import sqlalchemy as sa
from sqlalchemy.engine import Engine

ISSUER = "Kasane"
PENDING = timedelta(minutes=5)
DRIFT_STEPS = 1

metadata = sa.MetaData()
factors = sa.Table(
    "kasane_second_factors",
    metadata,
    sa.Column("username", sa.String(100), primary_key=True),
    sa.Column("secret", sa.String(64), nullable=False),
    sa.Column("last_step", sa.BigInteger, nullable=False, default=0),
    sa.Column("enabled_at", sa.DateTime(timezone=True), nullable=False),
)
pending_logins = sa.Table(
    "kasane_pending_logins",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(100), nullable=False),
    sa.Column("next_path", sa.String(500), nullable=False, default=""),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class PendingLogin:
    username: str
    next_path: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SecondFactors:
    """The admins' TOTP secrets and the logins waiting for their code (tables created on first use)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def enable(self, username: str) -> str:
        """A fresh secret for ``username`` (replacing any earlier one); returns its provisioning URI."""
        secret = pyotp.random_base32()
        with self.engine.begin() as connection:
            connection.execute(factors.delete().where(factors.c.username == username))
            connection.execute(
                factors.insert().values(username=username, secret=secret, last_step=0, enabled_at=datetime.now(UTC))
            )
        return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)

    def required(self, username: str) -> bool:
        with self.engine.connect() as connection:
            return (
                connection.execute(sa.select(factors.c.username).where(factors.c.username == username)).first()
                is not None
            )

    def begin(self, username: str, next_path: str | None) -> str:
        """A one-time token for the code step of this login."""
        token, now = secrets.token_urlsafe(32), datetime.now(UTC)
        with self.engine.begin() as connection:
            connection.execute(pending_logins.delete().where(pending_logins.c.expires_at < now))
            connection.execute(
                pending_logins.insert().values(
                    token_hash=_hash(token),
                    username=username,
                    next_path=(next_path or "")[:500],
                    expires_at=now + PENDING,
                )
            )
        return token

    def pending(self, token: str) -> PendingLogin | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(pending_logins).where(
                    pending_logins.c.token_hash == _hash(token), pending_logins.c.expires_at >= datetime.now(UTC)
                )
            ).first()
        return None if row is None else PendingLogin(row.username, row.next_path)

    def end(self, token: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(pending_logins.delete().where(pending_logins.c.token_hash == _hash(token)))

    def check(self, username: str, code: str) -> bool:
        """True when ``code`` is the user's current code, not used before; the step is then spent."""
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            row = connection.execute(sa.select(factors).where(factors.c.username == username)).first()
            if row is None:
                return False
            totp = pyotp.TOTP(row.secret)
            for drift in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
                moment = now + timedelta(seconds=drift * totp.interval)
                step = totp.timecode(moment)
                if step > row.last_step and hmac.compare_digest(totp.at(moment), code.strip()):
                    spent = connection.execute(
                        factors.update()
                        .where(factors.c.username == username, factors.c.last_step < step)
                        .values(last_step=step)
                    ).rowcount
                    return bool(spent)
        return False
