"""Where each projection has got to in the event log (its tracking row).

One row per projection in ``projection_positions``, written in the same
transaction as the projection's own rows. Advancing is a compare-and-set
(``advance``), so two processes catching up the same projection can never
both apply the same page: the second one's update matches no row.

The row also names what built the tables (``version`` and the ``fingerprint``
of their schema, see ``projections.engine.versioning``), so a release whose
projection differs rebuilds it instead of writing into tables it did not make.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateTable

metadata = sa.MetaData()

positions = sa.Table(
    "projection_positions",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("position", sa.BigInteger, nullable=False),
    sa.Column("fingerprint", sa.String(64), comment="schema of the tables that version built; NULL before 0.2"),
)

_upgraded: set[tuple[str, str | None]] = set()
"""Databases (and schemas) whose ``projection_positions`` is known to have every column."""


@dataclass(frozen=True)
class Position:
    version: int
    position: int
    """The last notification id whose effects are committed in the projection's tables."""
    fingerprint: str | None = None


def create_table(connection: Connection) -> None:
    """Create the table, or add the columns that a table made by an earlier release lacks."""
    schema = connection.schema_for_object(positions)
    if not sa.inspect(connection).has_table(positions.name, schema=schema):
        connection.execute(CreateTable(positions, if_not_exists=True))  # another process may be creating it too
    key = (connection.engine.url.render_as_string(), schema)
    if key in _upgraded:
        return
    columns = {c["name"] for c in sa.inspect(connection).get_columns(positions.name, schema=schema)}
    if "fingerprint" not in columns:
        quote = connection.dialect.identifier_preparer.quote
        table = quote(positions.name) if schema is None else f"{quote(schema)}.{quote(positions.name)}"
        connection.execute(sa.text(f"ALTER TABLE {table} ADD COLUMN fingerprint VARCHAR(64)"))
    _upgraded.add(key)


def read(connection: Connection, name: str) -> Position | None:
    row = connection.execute(
        sa.select(positions.c.version, positions.c.position, positions.c.fingerprint).where(positions.c.name == name)
    ).one_or_none()
    return None if row is None else Position(version=row.version, position=row.position, fingerprint=row.fingerprint)


def read_all(connection: Connection) -> dict[str, Position]:
    """Every projection's position, in one query (the cheap "is anything behind?" check)."""
    rows = connection.execute(
        sa.select(positions.c.name, positions.c.version, positions.c.position, positions.c.fingerprint)
    )
    return {row.name: Position(version=row.version, position=row.position, fingerprint=row.fingerprint) for row in rows}


def read_all_with_head(connection: Connection, events: sa.Table) -> tuple[int, dict[str, Position]] | None:
    """The log's head (the highest id of ``events``) and every position, in ONE statement; None if none is stored.

    What every request asks before it catches up (``ReadModels.catch_up_pages``): one round trip and one
    connection checkout instead of one each, when the events are in the read models' database. Both come
    from the same snapshot of the database, so no position is ever past the head read with it.
    """
    rows = connection.execute(_head_and_positions(events)).all()
    if not rows:
        return None
    stored = {
        row.name: Position(version=row.version, position=row.position, fingerprint=row.fingerprint) for row in rows
    }
    return rows[0].head or 0, stored


@cache
def _head_and_positions(events: sa.Table) -> sa.Select[Any]:
    """``read_all_with_head``'s statement, built once per events table (every request runs it)."""
    head = sa.select(sa.func.max(events.c.id)).scalar_subquery().label("head")
    return sa.select(head, positions.c.name, positions.c.version, positions.c.position, positions.c.fingerprint)


def reset(connection: Connection, name: str, version: int, fingerprint: str | None = None) -> None:
    """Start ``name`` again from the beginning of the log at ``version``."""
    adopt(connection, name, version=version, fingerprint=fingerprint, position=0)


def adopt(connection: Connection, name: str, *, version: int, fingerprint: str | None, position: int) -> None:
    """Record that ``name``'s tables are now those built by ``version`` up to ``position``."""
    values = {"version": version, "fingerprint": fingerprint, "position": position}
    updated = connection.execute(sa.update(positions).where(positions.c.name == name).values(**values))
    if updated.rowcount == 0:
        connection.execute(sa.insert(positions).values(name=name, **values))


def advance(connection: Connection, name: str, *, expected: int, to: int, version: int | None = None) -> bool:
    """Move ``name`` from ``expected`` to ``to``; False if someone else moved it first.

    Run it first in the page's transaction: on PostgreSQL it locks the row,
    on SQLite it takes the write lock, so the page is applied by one process only.
    With ``version``, the row must also still belong to that version: a page
    computed by one release is never committed into tables another one swapped in.
    """
    condition = [positions.c.name == name, positions.c.position == expected]
    if version is not None:
        condition.append(positions.c.version == version)
    updated = connection.execute(sa.update(positions).where(*condition).values(position=to))
    return updated.rowcount == 1


def advance_together(connection: Connection, versions: Mapping[str, int], *, expected: int, to: int) -> bool:
    """Move every read model named in ``versions`` (name → its version) from ``expected`` to ``to``, in ONE statement.

    ``advance`` for a page applied to several read models at once: False if any of them was moved first, or
    swapped to another version (the caller then rolls the page back for all). One round trip instead of one
    per read model. On PostgreSQL the rows are locked first, in name order (the ``FOR UPDATE`` subquery), so
    two processes advancing overlapping groups cannot deadlock; on SQLite the write lock is the whole database.
    """
    updated = connection.execute(
        _ADVANCE_TOGETHER, {"names_versions": sorted(versions.items()), "expected": expected, "to_position": to}
    )
    return updated.rowcount == len(versions)


def _advance_together() -> sa.Update:
    """``advance_together``'s statement, built once (every page of every catch-up runs it; built per call, its
    construction and cache key were about half a millisecond of a command's catch-up)."""
    matching = (
        sa.tuple_(positions.c.name, positions.c.version).in_(sa.bindparam("names_versions", expanding=True)),
        positions.c.position == sa.bindparam("expected", type_=sa.BigInteger),
    )
    locked = sa.select(positions.c.name).where(*matching).order_by(positions.c.name).with_for_update()
    return (
        sa.update(positions)
        .where(positions.c.name.in_(locked.scalar_subquery()), *matching)
        .values(position=sa.bindparam("to_position", type_=sa.BigInteger))
    )


_ADVANCE_TOGETHER = _advance_together()
