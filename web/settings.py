"""Typed settings, read once from the environment (then ``.env``), and the one
function that turns them into eventsourcing's environment.

One setting chooses the store: ``KASANE_DATABASE_URL``. The default is a SQLite
file under ``./var/``; ``postgresql+psycopg://…`` selects PostgreSQL. There is
no in-memory fallback.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./var/kasane.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KASANE_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    session_idle_minutes: int = 60
    """A session lapses after this long without a request (sliding expiry)."""
    session_absolute_hours: int = 12
    """…and in any case this long after login, however active (one working day)."""
    password_time_cost: int = 3
    password_memory_kib: int = 65536
    """argon2id cost (RFC 9106's second recommended setting); the test suite lowers it to stay fast."""
    suppression_k: int = 3
    """Aggregates for roles without case access withhold counts from 1 to k-1 (``projections.k_suppression``)."""
    cookie_secure: bool | None = None
    """Send the session cookie only over https: None follows the request's scheme (set True behind a TLS proxy)."""

    @field_validator("database_url")
    @classmethod
    def _supported(cls, url: str) -> str:
        if url.startswith("sqlite:///") and ":memory:" not in url and "mode=memory" not in url:
            return url
        if url.startswith("postgresql+psycopg://"):
            return url
        raise ValueError(
            "KASANE_DATABASE_URL must be sqlite:///PATH (a file) or postgresql+psycopg://…; "
            f"got {url!r}"
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        return Path(self.database_url.removeprefix("sqlite:///")) if self.is_sqlite else None


def eventsourcing_env(settings: Settings) -> dict[str, str]:
    """The eventsourcing environment for ``settings``: always the SQLAlchemy store."""
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_URL": settings.database_url,
        "CREATE_TABLE": "y",
    }
