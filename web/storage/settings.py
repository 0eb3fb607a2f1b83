"""Typed settings, read once from the environment (then ``.env``), and the one
function that turns them into eventsourcing's environment.

One setting chooses the store: ``KASANE_DATABASE_URL``. The default is a SQLite
file under ``./var/``; ``postgresql+psycopg://…`` selects PostgreSQL. There is
no in-memory fallback.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.clock import DEFAULT_TIMEZONE, Clock, business_zone
from domain.erasure import DEFAULT_RETENTION_YEARS
from projections.reports.k_suppression import DEFAULT_K
from web.storage.private_files import private_file

DEFAULT_DATABASE_URL = "sqlite:///./var/kasane.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KASANE_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    keys_url: str | None = None
    """The per-case key store (docs/security.md); default ``keys.db`` beside the SQLite store, else ./var/keys.db."""
    master_key: SecretStr | None = None
    """The master key wrapping the case keys (base64); else read from ``master_key_file``."""
    master_key_file: Path | None = None
    """Default ``master.key`` beside a SQLite key store, else ./var/master.key; generated (0600) when missing."""
    retention_years: int = Field(default=DEFAULT_RETENTION_YEARS, ge=1, le=100)
    """Years after closure (終結) before a case is due for erasure (``kasane retention report``)."""
    session_idle_minutes: int = 60
    """A session lapses after this long without a request (sliding expiry)."""
    session_absolute_hours: int = 12
    """…and in any case this long after login, however active (one working day)."""
    password_time_cost: int = 3
    password_memory_kib: int = 65536
    """argon2id cost (RFC 9106's second recommended setting); the test suite lowers it to stay fast."""
    suppression_k: int = DEFAULT_K
    """Reports that leave the building (downloads, plan API, ``kasane report``) withhold counts about households
    and people from 1 to k-1 (``projections.reports.suppression``); k=1 withholds nothing."""
    login_attempts: int = Field(default=5, ge=1, le=1000)
    """Failed logins for one username within ``login_window_minutes`` that lock it (``web.access.login_throttle``)…"""
    login_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    login_lockout_minutes: int = Field(default=15, ge=1, le=24 * 60)
    """…for this long; the right password is refused too until it has passed."""
    cookie_secure: bool | None = None
    """Send the session cookie only over https: None follows the request's scheme (set True behind a TLS proxy)."""
    report_cache: int = Field(default=16, ge=0, le=1000)
    """Planner year documents each server process keeps per position of the log (``web.views.report_cache``);
    0 keeps none."""
    max_in_flight: int = Field(default=12, ge=1, le=1000)
    """Requests one server process runs at a time (``web.http.overload``); the connection pools keep one for each
    (``web.storage.event_store.serving_pool``)."""
    queue_seconds: float = Field(default=2.0, ge=0, le=60)
    """How long a request beyond ``max_in_flight`` waits for a slot before it is answered 503 with Retry-After."""
    pool_timeout: float = Field(default=5.0, gt=0, le=60)
    """Seconds a request waits for a database connection of the read models or sessions; then 503 (SQLAlchemy: 30)."""
    timezone: str = DEFAULT_TIMEZONE
    """The zone of business dates ("today", form defaults, shown times, as-of moments without an offset), whatever
    the server's own zone (TZ); stored write timestamps stay UTC."""
    locale_dir: Path | None = None
    """The screens' wording: a folder of compiled gettext catalogs laid out like ``web/i18n/locale`` (a
    municipality's own words, docs/translations.md); default the packaged catalogs."""
    what_if_dir: Path | None = None
    """A folder of revised plan files (中間見直し drafts, ``*.toml``) an administrator places on the server: the
    planner's what-if offers them by file name (``web.storage.what_if_files``); none when unset."""

    @field_validator("database_url")
    @classmethod
    def _supported(cls, url: str) -> str:
        if url.startswith("sqlite:///") and ":memory:" not in url and "mode=memory" not in url:
            return url
        if url.startswith("postgresql+psycopg://"):
            return url
        raise ValueError(f"KASANE_DATABASE_URL must be sqlite:///PATH (a file) or postgresql+psycopg://…; got {url!r}")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        business_zone(name)
        return name

    def clock(self) -> Clock:
        """The business clock of this installation (``domain.clock``): one per zone, made once (a page shows a
        moment on every timeline row)."""
        return _clock_of(self.timezone)

    @field_validator("suppression_k", mode="before")
    @classmethod
    def _whole_k(cls, value: object) -> int:
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
            raise ValueError(
                f"KASANE_SUPPRESSION_K must be a whole number of at least 1 (1 = no suppression); got {value!r}"
            )
        return int(text)

    @field_validator("keys_url")
    @classmethod
    def _supported_keys(cls, url: str | None) -> str | None:
        if url is None or url.startswith("postgresql+psycopg://"):
            return url
        if url.startswith("sqlite:///") and ":memory:" not in url and "mode=memory" not in url:
            return url
        raise ValueError(f"KASANE_KEYS_URL must be sqlite:///PATH (a file) or postgresql+psycopg://…; got {url!r}")

    @model_validator(mode="after")
    def _keys_apart(self) -> Settings:
        self.resolved_keys_url()
        return self

    def resolved_keys_url(self) -> str:
        """The key store: never the SQLite file of the events (a copy of one must not carry the other)."""
        path = self.sqlite_path()
        url = self.keys_url or f"sqlite:///{(path.parent if path else Path('var')) / 'keys.db'}"
        if url == self.database_url and path is not None:
            raise ValueError("KASANE_KEYS_URL must name another file than KASANE_DATABASE_URL")
        return url

    def resolved_master_key_file(self) -> Path:
        if self.master_key_file is not None:
            return self.master_key_file
        keys = self.resolved_keys_url()
        return (
            Path(keys.removeprefix("sqlite:///")).parent / "master.key"
            if keys.startswith("sqlite")
            else Path("var/master.key")
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        return Path(self.database_url.removeprefix("sqlite:///")) if self.is_sqlite else None


def eventsourcing_env(settings: Settings) -> dict[str, str]:
    """The eventsourcing environment for ``settings``: always the SQLAlchemy store."""
    path = settings.sqlite_path()
    if path is not None and str(path) != ":memory:":
        private_file(path)
    env = {
        "PERSISTENCE_MODULE": "web.storage.event_store:Factory",  # eventsourcing_sqlalchemy, pre-pinging
        "SQLALCHEMY_URL": settings.database_url,
        "CREATE_TABLE": "y",
        "CASE_KEYS_TOPIC": "web.storage.keystore:KeyStore",
        "CASE_KEYS_URL": settings.resolved_keys_url(),
        "CASE_MASTER_KEY_FILE": str(settings.resolved_master_key_file()),
    }
    if settings.master_key is not None:
        env["CASE_MASTER_KEY"] = settings.master_key.get_secret_value()
    return env


@cache
def _clock_of(timezone: str) -> Clock:
    """A zone's business clock; it holds only the zone and reads the real time, so one serves every caller."""
    return Clock(timezone)
