"""A connection for reads of one statement each, which on PostgreSQL opens no transaction.

psycopg sends ``BEGIN`` before the first statement of a connection that is not in autocommit, and the pool
ends every checkout with ``ROLLBACK``; after a rollback psycopg also forgets the statements it had prepared
on the server (``DEALLOCATE ALL``, once any was). A read of one statement (a command's events, the
log's head and the positions) paid four or five round trips for one: at town, 3 reads of each meeting record
and the head read of its catch-up were 13 of its 43 round trips (``bench/round_trips.py``). In autocommit the
statement is its own snapshot, exactly what it saw inside a transaction of its own. SQLite's driver opens no
transaction for a ``SELECT`` anyway, so its connections are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


def reading(engine: sa.Engine) -> sa.Connection:
    """A checked-out connection for single-statement reads (close it, or use it as a context manager)."""
    connection = engine.connect()
    if engine.dialect.name == "postgresql":
        try:
            connection.execution_options(isolation_level="AUTOCOMMIT")
        except BaseException:
            connection.close()
            raise
    return connection


@contextmanager
def transaction(engine: sa.Engine, lent: sa.Connection | None = None) -> Iterator[sa.Connection]:
    """A transaction on ``engine``: on ``lent`` (a ``reading`` connection of that engine, its reads done) if given,
    else on a connection of its own. A request's catch-up reads the head and the positions and then applies its
    page: on the connection it read them with, the pool's ping before the page is saved (one round trip). SQLite
    pings nothing over a network, so there each transaction keeps a connection of its own as before."""
    if lent is None or lent.engine is not engine or engine.dialect.name != "postgresql":
        with engine.begin() as connection:
            yield connection
        return
    if lent.in_transaction():
        lent.commit()  # the reads' (autocommit: nothing goes to the server)
    lent.execution_options(isolation_level=lent.default_isolation_level)
    try:
        with lent.begin():
            yield lent
    finally:  # given back as it was lent: the request's reads that follow on it need no transaction either
        lent.execution_options(isolation_level="AUTOCOMMIT")
