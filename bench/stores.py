"""Where each benchmark's data lives, and loading it once with the scaled generator.

SQLite stores are files under ``var/bench/`` (``KASANE_BENCH_DIR``); PostgreSQL
stores are the databases ``kasane_bench_<size>`` on the local server, or
``KASANE_BENCH_POSTGRES_URL`` with ``{size}`` filled in (created when missing).
A store is generated once (``kasane demo --scale`` logic, fixed seed and day)
and reused by every benchmark; the generator's own speed is written beside it
in ``var/bench/generated-<store>-<size>.json``.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

from bench.measure import peak_memory_mb
from domain.application import Kasane
from projections.engine.catalogue import ReadModels
from web.demo.scale import HOUSEHOLDS_PER_DISTRICT, SCALES, BatchingKasane, load_scaled
from web.storage.bootstrap import build_read_models
from web.storage.databases import create_postgres_database
from web.storage.settings import Settings, eventsourcing_env

TODAY = date(2026, 11, 20)
"""The fixed business 'today' of every benchmark store (FY2026 / 令和8年度)."""
SEED = 1
STORES = ("sqlite", "postgres")
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/kasane_bench_{size}"
SIZES: dict[str, tuple[int, int]] = {
    **{name: (districts, HOUSEHOLDS_PER_DISTRICT) for name, districts in SCALES.items()},
    "smoke": (1, 12),
    "town": (5, HOUSEHOLDS_PER_DISTRICT),
}
"""(districts, households per district) of each size; ``smoke`` is for the bench scripts' own test,
``town`` (about 22k events) for a store whose read models can be built in minutes."""


def bench_dir() -> Path:
    return Path(os.environ.get("KASANE_BENCH_DIR", "var/bench"))


def store_url(store: str, size: str) -> str:
    """The store of ``size``: ``var/bench/<size>.db``, or ``KASANE_BENCH_POSTGRES_URL`` with ``{size}`` filled in."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    if store == "sqlite":
        return f"sqlite:///{bench_dir() / f'{size}.db'}"
    if store == "postgres":
        return os.environ.get("KASANE_BENCH_POSTGRES_URL", POSTGRES_URL).replace("{size}", size)
    raise ValueError(f"unknown store {store!r}; choose sqlite or postgres")


def raw_dsn(url: str) -> str:
    """The URL for the plain driver (sqlite3 path or psycopg conninfo), for the raw baselines."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist yet (SQLite files create themselves), and
    the bench folder, which holds the generator's record of either store."""
    bench_dir().mkdir(parents=True, exist_ok=True)
    if url.startswith("postgresql"):
        create_postgres_database(url)


def open_app(url: str) -> Kasane:
    return Kasane(eventsourcing_env(Settings(database_url=url)), today=lambda: TODAY)


def open_read_models(url: str, app: Kasane) -> ReadModels:
    return build_read_models(Settings(database_url=url), app)


def generated_path(store: str, size: str) -> Path:
    return bench_dir() / f"generated-{store}-{size}.json"


def ensure_loaded(store: str, size: str) -> dict[str, float]:
    """Generate the store for ``size`` unless it already holds events; returns the generator's measurements."""
    url = store_url(store, size)
    ensure_database(url)
    app = BatchingKasane(eventsourcing_env(Settings(database_url=url)), today=lambda: TODAY)
    try:
        if (app.recorder.max_notification_id() or 0) == 0:
            started = time.perf_counter()
            districts, households = SIZES[size]
            loaded = load_scaled(app, seed=SEED, districts=districts, households=households)
            seconds = time.perf_counter() - started
            record = {
                "events": loaded.events,
                "commands": loaded.commands,
                "seconds": round(seconds, 2),
                "events_per_s": round(loaded.events / seconds),
                "districts": districts,
                "households": districts * households,
                "peak_rss_mb": peak_memory_mb(),
            }
            generated_path(store, size).write_text(json.dumps(record, indent=2))
    finally:
        app.close()
    path = generated_path(store, size)
    return json.loads(path.read_text()) if path.exists() else {}
