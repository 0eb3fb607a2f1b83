"""Many rows into one table through the driver's own executemany: what a page of a rebuild writes most.

``connection.execute(sa.insert(table), rows)`` makes SQLAlchemy process every
parameter of every row (``construct_params``, per-row dictionaries, on
PostgreSQL "insertmanyvalues" batches it renders anew): at city size that was
a good part of a rebuild's CPU (profile of 2026-12-07, issue 13). The
statement is the same for every page, so it is compiled ONCE per table, set of
columns, dialect and schema translation (a shadow build writes into its own
namespace), and each row only goes through its columns' bind processors (UUID
as hex, dates as text on SQLite, JSON serialised) into the tuple or mapping the
driver takes: ``sqlite3``'s executemany; on PostgreSQL one ``COPY … FROM STDIN``
(psycopg writes the rows in one stream, and the server parses no statement per
row). The rows stored are exactly those SQLAlchemy would store.

A COPY costs two round trips (the server's answer to ``COPY`` comes before the rows may be sent), where
psycopg's executemany sends every row of a prepared INSERT in ONE pipeline: a command's catch-up writes a
handful of rows into four tables (a meeting record's attendees, discussions, meeting agencies and timeline), and
its COPYs were 8 of its 22 round trips. So fewer than ``COPY_FROM`` rows go through executemany on PostgreSQL
too; a rebuild's pages (thousands of rows) still COPY.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

Processor = Callable[[Any], Any] | None
_Key = tuple[sa.Table, str, tuple[str, ...], tuple[tuple[str | None, str | None], ...]]
COPY_FROM = 64
"""Rows from which PostgreSQL takes them by COPY: below it, a pipelined executemany is one round trip and
parses one statement; from it, COPY's one extra round trip is small beside the per-row Bind and Execute."""
_COMPILED: dict[_Key, tuple[str, tuple[tuple[str, Processor], ...], bool]] = {}


def insert_rows(connection: Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT ``rows`` (each with the same keys: columns of ``table``; absent columns are NULL) in one executemany."""
    if not rows:
        return
    sql, columns, positional = _compiled(connection, table, tuple(rows[0]))
    values = _values(columns, rows)
    if connection.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy(connection, table, columns, values)
        return
    if positional:
        parameters: list[Any] = values
    else:
        names = [name for name, _ in columns]
        parameters = [dict(zip(names, each, strict=True)) for each in values]
    connection.exec_driver_sql(sql, parameters)


def _values(columns: tuple[tuple[str, Processor], ...], rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    """Each row's values in the statement's order, each through its column's bind processor.

    Column by column: the values of one column are taken from every row and passed through its processor by
    ``map``, then put back together into rows by ``zip``, so no Python frame runs per value but the processor's
    own (a value per row and column through a generator was a tenth of the profiled one-pass rebuild, town).
    """
    by_column = [list(map(itemgetter(name), rows)) for name, _ in columns]
    for index, (_, process) in enumerate(columns):
        if process is not None:
            by_column[index] = list(map(process, by_column[index]))
    return list(zip(*by_column, strict=True))


def _copy(
    connection: Connection,
    table: sa.Table,
    columns: tuple[tuple[str, Processor], ...],
    values: Sequence[tuple[Any, ...]],
) -> None:
    """The rows in one COPY, inside the connection's transaction, into the table its schema translation names."""
    quote = connection.dialect.identifier_preparer.quote
    schema = (connection.get_execution_options().get("schema_translate_map") or {}).get(table.schema, table.schema)
    name = quote(table.name) if schema is None else f"{quote(schema)}.{quote(table.name)}"
    sql = f"COPY {name} ({', '.join(quote(column) for column, _ in columns)}) FROM STDIN"
    cursor = connection.connection.cursor()
    try:
        with cursor.copy(sql) as copy:
            for each in values:
                copy.write_row(each)
    finally:
        cursor.close()


def _compiled(
    connection: Connection, table: sa.Table, keys: tuple[str, ...]
) -> tuple[str, tuple[tuple[str, Processor], ...], bool]:
    dialect = connection.dialect
    translate = connection.get_execution_options().get("schema_translate_map") or {}
    key = (table, dialect.name, keys, tuple(sorted(translate.items(), key=repr)))
    found = _COMPILED.get(key)
    if found is None:
        names = [column.name for column in table.columns if column.name in keys]
        if len(names) != len(keys):
            raise KeyError(f"{table.name}: no column {sorted(set(keys) - set(names))[0]!r}")
        compiled = sa.insert(table).compile(
            dialect=dialect,
            column_keys=names,
            schema_translate_map=translate or None,
            render_schema_translate=bool(translate),
        )
        order = compiled.positiontup if compiled.positional else list(compiled.binds)
        assert order is not None and sorted(order) == sorted(names), "one bind parameter per column"
        types = {column.name: column.type for column in table.columns}
        columns = tuple((name, types[name].dialect_impl(dialect).bind_processor(dialect)) for name in order)
        found = _COMPILED[key] = (compiled.string, columns, compiled.positional)
    return found
