"""Creating a PostgreSQL database that is missing: for the benchmark stores and the tests' parallel workers."""

from __future__ import annotations

import sqlalchemy as sa


def create_postgres_database(url: str) -> None:
    """Create the database named in ``url`` unless it exists, connecting to the server's ``postgres`` database.

    CREATE DATABASE cannot run inside a transaction, hence the AUTOCOMMIT engine.
    """
    target = sa.engine.make_url(url)
    server = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    finally:
        server.dispose()
