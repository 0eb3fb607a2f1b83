"""Where each projection has got to in the event log (its tracking row).

One row per projection in ``projection_positions``, written in the same
transaction as the projection's own rows. Advancing is a compare-and-set
(``advance``), so two processes catching up the same projection can never
both apply the same page: the second one's update matches no row.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

metadata = sa.MetaData()

positions = sa.Table(
    "projection_positions",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("position", sa.BigInteger, nullable=False),
)


@dataclass(frozen=True)
class Position:
    version: int
    position: int
    """The last notification id whose effects are committed in the projection's tables."""


def create_table(connection: Connection) -> None:
    positions.create(connection, checkfirst=True)


def read(connection: Connection, name: str) -> Position | None:
    row = connection.execute(
        sa.select(positions.c.version, positions.c.position).where(positions.c.name == name)
    ).one_or_none()
    return None if row is None else Position(version=row.version, position=row.position)


def read_all(connection: Connection) -> dict[str, Position]:
    """Every projection's position, in one query (the cheap "is anything behind?" check)."""
    rows = connection.execute(sa.select(positions.c.name, positions.c.version, positions.c.position))
    return {row.name: Position(version=row.version, position=row.position) for row in rows}


def reset(connection: Connection, name: str, version: int) -> None:
    """Start ``name`` again from the beginning of the log at ``version``."""
    updated = connection.execute(
        sa.update(positions).where(positions.c.name == name).values(version=version, position=0)
    )
    if updated.rowcount == 0:
        connection.execute(sa.insert(positions).values(name=name, version=version, position=0))


def advance(connection: Connection, name: str, *, expected: int, to: int) -> bool:
    """Move ``name`` from ``expected`` to ``to``; False if someone else moved it first.

    Run it first in the page's transaction: on PostgreSQL it locks the row,
    on SQLite it takes the write lock, so the page is applied by one process only.
    """
    updated = connection.execute(
        sa.update(positions)
        .where(positions.c.name == name, positions.c.position == expected)
        .values(position=to)
    )
    return updated.rowcount == 1
