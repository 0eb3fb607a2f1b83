"""How many rows each table of a store holds: what the store-isolation tests look at."""

from __future__ import annotations

import sqlalchemy as sa


def rows_per_table(url: str) -> dict[str, int]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            tables = sa.inspect(connection).get_table_names()
            return {t: connection.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
    finally:
        engine.dispose()
