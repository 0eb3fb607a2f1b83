"""The event store: eventsourcing-sqlalchemy, with pooled connections checked before use.

PostgreSQL drops its connections on a restart, a failover or an idle timeout;
the pool would hand the dead ones to the next requests, one 500 each. With
``pool_pre_ping`` SQLAlchemy tests a pooled connection when it is checked out
and replaces it when its backend is gone. eventsourcing-sqlalchemy builds its
engine itself and reads no engine options from the environment, so the
environment names this factory (``PERSISTENCE_MODULE``), whose datastore passes
the option on. Every other engine of the app is made by ``engine_for``; both note
the engines they make, so what must hold for every connection to one store (the
server's WAL checkpoints) asks ``engines_on`` instead of listing them by hand.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID
from weakref import WeakSet

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


SPARE_CONNECTIONS = 3
"""Connections a serving process keeps beside its requests' (``serving_pool``): the WAL checkpoints, a catch-up
or login running beside the pages."""


def serving_pool(max_in_flight: int) -> dict[str, int]:
    """Pool sizes for an engine whose connection each request in flight may hold (``Settings.max_in_flight``): one
    kept for each, and a few spare, none opened past them (then a request waits ``pool_timeout`` and gets 503).

    SQLAlchemy's default keeps 5 and opens up to 10 more, closing each of those once it is given back: with 12
    requests in flight, about one page in ten opened a new connection (a PostgreSQL server process started for it:
    45 sessions in ~400 case pages at city, ``pg_stat_database``, 2026-12-08), and a new SQLite connection starts
    with an empty page cache. The most it holds stays what it was with the defaults (12 + 3 = 15)."""
    return {"pool_size": max_in_flight + SPARE_CONNECTIONS, "max_overflow": 0}


_MADE: WeakSet[sa.Engine] = WeakSet()
"""Every engine this process has made on a store and not yet let go of (``engines_on``)."""


def engine_for(url: str | sa.URL, **options: Any) -> sa.Engine:
    """An engine whose pool replaces connections the server has dropped and gives up waiting after 5 s."""
    engine = sa.create_engine(url, **{"pool_pre_ping": True, "pool_timeout": POOL_TIMEOUT, **options})
    _MADE.add(engine)
    return engine


def engines_on(url: str | sa.URL) -> list[sa.Engine]:
    """The engines this process has made on the store at ``url``: the events', the read models', the access and
    audit stores' (one database, several engines). A new engine made on it is among them without being named."""
    database = sa.make_url(url)
    return [engine for engine in list(_MADE) if _same_database(engine.url, database)]


def _same_database(a: sa.URL, b: sa.URL) -> bool:
    return (a.get_backend_name(), a.host, a.port, a.database) == (b.get_backend_name(), b.host, b.port, b.database)


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
        if isinstance(self.engine, sa.Engine):
            _MADE.add(self.engine)


class Factory(SQLAlchemyFactory):
    datastore_class = PingingDatastore
    application_recorder_class = Recorder
