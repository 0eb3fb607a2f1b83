"""Pooled PostgreSQL connections checked before use without a round trip, unless they have been idle a while.

``pool_pre_ping`` sends ``SELECT 1`` on every checkout so that a connection whose
backend is gone (a restart, a failover, an idle timeout) is replaced instead of
handed to a request as a 500. A meeting record checks out nine connections (the
log, the key store, the read models): nine round trips, a few percent of its CPU
and more of its wall time under load (docs/benchmarks.md, "Command latency, part 3").

When PostgreSQL ends a backend (restart, ``pg_terminate_backend``, an idle timeout)
it sends the client a FATAL message and closes the socket, so an idle connection
whose socket has something to read is dead (an idle pooled connection is sent
nothing else: none of them LISTENs). That check is a ``select`` on the socket,
no round trip. A connection used within the last ``RECENT_SECONDS`` is checked
that way only; an older one, or one whose socket is not quiet, is still pinged as
before, which also covers a failover that closed nothing (a moved address answers
only when written to). SQLite and other drivers keep ``pool_pre_ping``.
"""

from __future__ import annotations

import select
import time
from typing import Any

import sqlalchemy as sa

RECENT_SECONDS = 1.0
"""A connection checked in this recently is trusted if its socket is quiet; an older one is pinged."""

_CHECKED_IN = "kasane_checked_in"


def live_engine(url: str | sa.URL, **options: Any) -> sa.Engine:
    """``sa.create_engine`` whose pool never hands out a connection it knows to be dead."""
    if not quiet_socket_checkable(sa.make_url(url)):
        return sa.create_engine(url, **{"pool_pre_ping": True, **options})
    engine = sa.create_engine(url, **{**options, "pool_pre_ping": False})
    check_before_use(engine)
    return engine


def check_before_use(engine: sa.Engine) -> None:
    """Check each checkout of ``engine``'s pool: its socket if used recently, else (or if not quiet) a ping."""
    dialect = engine.dialect

    @sa.event.listens_for(engine, "connect")
    def _connected(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    @sa.event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info[_CHECKED_IN] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle = time.monotonic() - record.info.get(_CHECKED_IN, float("-inf"))
        if idle < RECENT_SECONDS and _socket_quiet(dbapi_connection):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                raise sa.exc.DisconnectionError("the database ended this connection") from error  # the pool replaces it
            raise


def quiet_socket_checkable(url: sa.URL) -> bool:
    """Whether connections to ``url`` are psycopg's, whose socket ``check_before_use`` can look at."""
    return url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg"


def _socket_quiet(dbapi_connection: Any) -> bool:
    """Whether the connection is open and the server has sent it nothing since its last use."""
    try:
        pgconn = dbapi_connection.pgconn
        if pgconn.status != 0:  # CONNECTION_OK
            return False
        readable, _, _ = select.select([pgconn.socket], [], [], 0)
    except Exception:  # a closed connection has no socket
        return False
    return not readable
