"""The event store: eventsourcing-sqlalchemy, with pooled connections checked before use.

PostgreSQL drops its connections on a restart, a failover or an idle timeout;
the pool would hand the dead ones to the next requests, one 500 each. With
``pool_pre_ping`` SQLAlchemy tests a pooled connection when it is checked out
and replaces it when its backend is gone. eventsourcing-sqlalchemy builds its
engine itself and reads no engine options from the environment, so the
environment names this factory (``PERSISTENCE_MODULE``), whose datastore passes
the option on. Every other engine of the app is made by ``engine_for``.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.application import Application
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder

from domain.errors import ConfigurationError
from web.storage.event_recorder import Recorder

TOPIC = "web.storage.event_store:Factory"


POOL_TIMEOUT = 5.0
"""Seconds to wait for a pooled connection (SQLAlchemy's default: 30). An exhausted pool then raises
``sqlalchemy.exc.TimeoutError``, which the web answers 503 with ``Retry-After`` (``web.http.overload``)."""


def engine_for(url: str | sa.URL, **options: Any) -> sa.Engine:
    """An engine whose pool replaces connections the server has dropped and gives up waiting after 5 s."""
    return sa.create_engine(url, **{"pool_pre_ping": True, "pool_timeout": POOL_TIMEOUT, **options})


def store_engine(app: Application[UUID]) -> sa.Engine:
    """The engine of an application's SQL event store (backup, the audit chain: what writes beside the events)."""
    factory = app.factory
    engine = factory.datastore.engine if isinstance(factory, SQLAlchemyFactory) else None
    if not isinstance(engine, sa.Engine):
        raise ConfigurationError("this needs the SQL event store (eventsourcing-sqlalchemy)")
    return engine


def events_table(app: Application[UUID]) -> sa.Table:
    """The table of an application's stored events."""
    recorder = app.recorder
    if not isinstance(recorder, SQLAlchemyApplicationRecorder):
        raise ConfigurationError("this needs the SQL event store (eventsourcing-sqlalchemy)")
    table = recorder.events_record_cls.__table__
    assert isinstance(table, sa.Table)
    return table


class PingingDatastore(SQLAlchemyDatastore):
    def __init__(self, **options: Any) -> None:
        url = str(options.get("url") or "")
        in_memory = ":memory:" in url or "mode=memory" in url  # a StaticPool: nothing to wait for
        waiting = {} if in_memory or not url else {"pool_timeout": POOL_TIMEOUT}
        super().__init__(**{"pool_pre_ping": True, **waiting, **options})


class Factory(SQLAlchemyFactory):
    datastore_class = PingingDatastore
    application_recorder_class = Recorder
