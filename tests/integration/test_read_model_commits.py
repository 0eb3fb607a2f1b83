"""The read models commit without waiting for the disk, the events wait (``web.storage.bootstrap.rebuildable_commits``).

A read model lost to a power cut is caught up again from the log; an event lost is lost. So only the events'
connections keep the durable setting.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.application import Kasane
from projections.engine.catalogue import ReadModels
from web.storage.event_store import store_engine
from web.storage.settings import Settings

NORMAL, FULL = 1, 2
"""SQLite's ``PRAGMA synchronous`` values."""


def durability(engine: sa.Engine) -> object:
    """SQLite: the connection's ``synchronous``; PostgreSQL: where its ``synchronous_commit`` comes from and its value
    (the test databases are set to ``off`` for every session, so only a setting of the session itself tells)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            return connection.exec_driver_sql("PRAGMA synchronous").scalar_one()
        query = "SELECT source, setting FROM pg_settings WHERE name = 'synchronous_commit'"
        return tuple(connection.exec_driver_sql(query).one())


def test_the_read_models_commit_without_waiting_for_the_disk_and_the_events_wait(
    app: Kasane, read_models: ReadModels, settings: Settings
) -> None:
    if settings.is_sqlite:
        assert durability(read_models.engine) == NORMAL
        assert durability(store_engine(app)) == FULL
    else:
        assert durability(read_models.engine) == ("session", "off")
        assert durability(store_engine(app))[0] != "session"  # type: ignore[index]
