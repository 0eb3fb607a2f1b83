"""Rows written through the driver (``bulk_rows.insert_rows``) are the rows SQLAlchemy's own INSERT stores.

A rebuild writes most of its rows this way, so every value must reach its column through that column's bind
processor, in the statement's order: a value put in another column, or not converted, would change what the
read models hold. Both paths of PostgreSQL are checked (an executemany below ``COPY_FROM`` rows, a COPY from
it), and the rows are given with their keys in another order than the table's columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid5

import pytest
import sqlalchemy as sa

from projections.engine.bulk_rows import COPY_FROM, insert_rows

_metadata = sa.MetaData()


def _table(name: str) -> sa.Table:
    return sa.Table(
        name,
        _metadata,
        sa.Column("row_id", sa.Uuid, primary_key=True),
        sa.Column("day", sa.Date),
        sa.Column("at", sa.DateTime(timezone=True)),
        sa.Column("payload", sa.JSON),
        sa.Column("flag", sa.Boolean),
        sa.Column("label", sa.String(40)),
        sa.Column("amount", sa.Integer),
    )


through_driver, through_sqlalchemy = _table("bulk_rows_driver"), _table("bulk_rows_sqlalchemy")


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        _metadata.drop_all(connection)
        _metadata.create_all(connection)
    try:
        yield engine
    finally:
        with engine.begin() as connection:
            _metadata.drop_all(connection)
        engine.dispose()


def _rows(count: int) -> list[dict[str, object]]:
    """Keys in an order of their own (not the table's), every kind of value, NULLs among them."""
    namespace = UUID(int=13)
    return [
        {
            "amount": None if n % 7 == 0 else n * 3,
            "label": f"行 {n}",
            "payload": {"n": n, "tags": ["a", "b"][: n % 3], "none": None},
            "flag": n % 2 == 0,
            "at": datetime(2026, 12, 7, 20, 0, tzinfo=UTC) + timedelta(minutes=n),
            "day": None if n % 5 == 0 else date(2026, 4, 1) + timedelta(days=n),
            "row_id": uuid5(namespace, str(n)),
        }
        for n in range(count)
    ]


def _stored(connection: sa.Connection, table: sa.Table) -> list[tuple[object, ...]]:
    return [tuple(row) for row in connection.execute(sa.select(table).order_by(table.c.row_id))]


@pytest.mark.parametrize("count", [1, COPY_FROM - 1, COPY_FROM, 3 * COPY_FROM])
def test_rows_through_the_driver_are_the_rows_sqlalchemy_stores(engine: sa.Engine, count: int) -> None:
    rows = _rows(count)
    with engine.begin() as connection:
        insert_rows(connection, through_driver, rows)
        connection.execute(sa.insert(through_sqlalchemy), rows)
    with engine.connect() as connection:
        driver, sqlalchemy = _stored(connection, through_driver), _stored(connection, through_sqlalchemy)
    assert len(driver) == count
    assert driver == sqlalchemy
