"""``INSERT … ON CONFLICT DO UPDATE`` statements that SQLAlchemy compiles once, not on every execution.

SQLAlchemy 2.0 does not cache the dialects' upserts (``sqlite.Insert`` and
``postgresql.Insert`` declare ``inherit_cache = False``: their ON CONFLICT clause
is not part of the statement's cache key), so every execution compiles the
statement again. For the caseload summary's upsert that was about 1 ms of CPU
on each page of the case list that moved a count (a meeting record's catch-up,
profile of 2026-12-07 evening). A statement built here gets a class of its own,
and the class is part of SQLAlchemy's cache key: the compiled form is cached
for this statement alone (its ON CONFLICT clause cannot be mixed up with
another's), under the schema translation a rebuild's shadow namespace applies,
as for any cached statement. Build each statement once and keep it (the
callers cache them per table and dialect); each build adds a class.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def upsert(
    table: sa.Table, dialect_name: str, index_elements: Sequence[str], set_: Callable[[Any], Mapping[str, Any]]
) -> sa.Insert:
    """``INSERT INTO table … ON CONFLICT (index_elements) DO UPDATE SET set_(excluded)`` for ``dialect_name``,
    compiled once (``excluded``: the columns of the row that was to be inserted).

    On PostgreSQL the rows are given as one array per column (``as_arrays``) and unnested by the server: one
    statement for any number of rows, where an executemany had SQLAlchemy render and psycopg send a batch of
    VALUES per call (2.4 ms of CPU for the caseload summary's ~60 rows of a meeting record, profile of
    2026-12-07 evening). SQLite takes the rows as they are (``sqlite3``'s executemany runs in C)."""
    base = postgresql.Insert if dialect_name == "postgresql" else sqlite.Insert
    own: type[postgresql.Insert | sqlite.Insert] = type(
        f"Upsert_{table.name}", (base,), {"inherit_cache": True, "_gen_cache_key": _own_key}
    )
    insert = own(table)
    if dialect_name == "postgresql":
        names = [column.name for column in table.columns]
        arrays = (sa.bindparam(f"a_{c.name}", type_=postgresql.ARRAY(c.type)) for c in table.columns)
        unnested = sa.func.unnest(*arrays).table_valued(*names).render_derived()
        insert = insert.from_select(names, sa.select(*unnested.c))
    statement: sa.Insert = insert.on_conflict_do_update(
        index_elements=list(index_elements), set_=dict(set_(insert.excluded))
    )
    return statement


def as_arrays(dialect_name: str, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> Any:
    """The parameters of an ``upsert`` on ``table`` for ``rows`` (each with every column)."""
    if dialect_name != "postgresql":
        return rows
    return {f"a_{column.name}": [row[column.name] for row in rows] for column in table.columns}


def _own_key(self: sa.Insert, anon_map: Any, bindparams: Any) -> tuple[Any, ...]:
    """The statement's cache key: its class, made for it alone (the columns a call inserts are keyed apart)."""
    return (type(self),)
