"""Blue/green rebuilds: a read model's next version is built beside the current one, then swapped in.

A release whose projection differs from the one that built the stored tables
(a higher ``version``, or tables whose schema ``fingerprint`` changed) must not
write into those tables, and must not make readers wait on empty ones either.
So the new tables are built from the event log in a *shadow* namespace:

- PostgreSQL: a schema ``kasane_rebuild_<projection>`` in the same database;
- SQLite: a file beside the store, ``<store>.kasane_rebuild_<projection>``,
  attached to the building connections under that name.

The projection's own table definitions are untouched: SQLAlchemy's
``schema_translate_map`` sends every statement of the build (its tables and its
own ``projection_positions`` row) to the shadow namespace. The build pages
through the log like any catch-up, one committed page at a time, so it resumes
where it stopped if the process dies. Until it has caught up, readers see the
old tables, untouched. Then ONE transaction swaps: it drops the old tables,
moves the new ones in (PostgreSQL ``ALTER TABLE … SET SCHEMA``; SQLite copies
the rows), and records the new version, fingerprint and position. The shadow is
dropped afterwards.

A projection's handlers must therefore use only its own tables (``metadata``).

Secondary indexes cost most while rows pour in, one b-tree insert per row
and index: an index marked ``AFTER_LOAD`` (none of the handlers reads through
it while building; e.g. the fact table's wide counting index) is left out of
the shadow's tables and created once the build has caught up, and the SQLite
swap copies the rows into bare tables and indexes them afterwards. The swapped
tables end with exactly the schema ``metadata`` declares.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateTable

from projections.engine import positions

SHADOW_PREFIX = "kasane_rebuild_"
AFTER_LOAD = "after_load"
"""``info={AFTER_LOAD: True}`` marks an index a rebuild creates after loading the rows: no handler reads through it."""


_fingerprints: weakref.WeakKeyDictionary[sa.MetaData, tuple[list[object], str]] = weakref.WeakKeyDictionary()
"""Each metadata's last fingerprint, with the outline it was taken of: every read model start (each app start, each
test's) took the fingerprints of all nine read models again, ~4 ms of CPU, though module-level tables never change."""


def fingerprint(metadata: sa.MetaData) -> str:
    """A digest of what the tables look like to the database: names, columns, types, keys, indexes.

    Comments and Python-side defaults are left out, so only a change that the
    stored tables cannot absorb leads to a rebuild. Worked out again whenever a
    table, column, index or constraint was added to or removed from ``metadata``.
    """
    outline = [part for t in metadata.tables.values() for part in (t, *t.columns, *t.indexes, *t.constraints, None)]
    known = _fingerprints.get(metadata)
    if (
        known is not None
        and len(known[0]) == len(outline)
        and all(a is b for a, b in zip(known[0], outline, strict=True))
    ):
        return known[1]
    digest = _digest(metadata)
    _fingerprints[metadata] = (outline, digest)
    return digest


def _digest(metadata: sa.MetaData) -> str:
    shape: list[Any] = []
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        shape.append(
            [
                table.name,
                [[c.name, repr(c.type), c.nullable, c.primary_key] for c in table.columns],
                sorted([i.name or "", [c.name for c in i.columns], bool(i.unique)] for i in table.indexes),
                sorted(
                    [type(k).__name__, [c.name for c in k.columns]]
                    for k in table.constraints
                    if isinstance(k, sa.UniqueConstraint)
                ),
            ]
        )
    return hashlib.sha256(json.dumps(shape, sort_keys=True).encode()).hexdigest()


class Shadow:
    """Where one projection's next version is built, in the database of ``engine``."""

    def __init__(self, engine: Engine, projection_name: str) -> None:
        self.namespace = SHADOW_PREFIX + projection_name
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.path: Path | None = None
        if self.is_sqlite:
            store = engine.url.database
            if not store or store == ":memory:":
                raise ValueError("a blue/green rebuild on SQLite needs a database file")
            self.path = Path(store).with_name(f"{Path(store).name}.{self.namespace}")
            self.engine = sa.create_engine(engine.url, pool_pre_ping=True)
            _attach(self.engine, self.path, self.namespace)
        else:
            self.engine = sa.create_engine(engine.url, pool_pre_ping=True)
        self.building = self.engine.execution_options(schema_translate_map={None: self.namespace})
        """The engine a builder writes through: every unqualified table lands in the shadow."""

    def prepare(self) -> None:
        if not self.is_sqlite:
            try:
                with self.engine.begin() as connection:
                    connection.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {self._quoted(connection)}"))
            except sa.exc.IntegrityError:
                pass  # another process created it at the same moment (IF NOT EXISTS is not atomic)

    def swap(self, name: str, metadata: sa.MetaData, *, version: int, fingerprint: str, replace_current: bool) -> bool:
        """Put the shadow's tables in place of the current ones, atomically; False if there was nothing to do.

        Nothing happens when the current tables were already built by this
        version (another process swapped first), unless ``replace_current``
        (an explicit rebuild).
        """
        self.index_loaded(metadata)
        with self.engine.execution_options(kasane_immediate=True).begin() as connection:
            if self.is_sqlite:  # name the store's own tables explicitly: the shadow has tables of the same names
                connection.execution_options(schema_translate_map={None: "main"})
            positions.create_table(connection)
            current = positions.read(connection, name)
            if (
                not replace_current
                and current is not None
                and (current.version, current.fingerprint) == (version, fingerprint)
            ):
                return False
            ns = self._quoted(connection)
            built = connection.execute(
                sa.text(f"SELECT version, fingerprint, position FROM {ns}.projection_positions WHERE name = :name"),
                {"name": name},
            ).one_or_none()
            if built is None or (built.version, built.fingerprint) != (version, fingerprint):
                return False
            quote = connection.dialect.identifier_preparer.quote
            metadata.drop_all(connection)
            if self.is_sqlite:
                create_tables(connection, metadata, indexes=False)
                for table in metadata.sorted_tables:
                    columns = ", ".join(quote(c.name) for c in table.columns)
                    table_name = quote(table.name)
                    connection.execute(
                        sa.text(f"INSERT INTO main.{table_name} ({columns}) SELECT {columns} FROM {ns}.{table_name}")
                    )
                for table in metadata.sorted_tables:  # each index built once from the copied rows
                    for index in table.indexes:
                        index.create(connection)
            else:
                schema = quote(connection.execute(sa.text("SELECT current_schema()")).scalar_one())
                for table in metadata.sorted_tables:
                    connection.execute(sa.text(f"ALTER TABLE {ns}.{quote(table.name)} SET SCHEMA {schema}"))
            positions.adopt(connection, name, version=version, fingerprint=fingerprint, position=built.position)
            if not self.is_sqlite:
                connection.execute(sa.text(f"DROP SCHEMA {ns} CASCADE"))
        if not self.is_sqlite:
            self._analyse(metadata)
        return True

    def index_loaded(self, metadata: sa.MetaData) -> None:
        """Create the ``AFTER_LOAD`` indexes on the shadow's loaded tables (PostgreSQL: they move in with them).

        Outside the swap's transaction, so readers of the current tables do not wait for it; SQLite's swap copies
        the rows into new tables and indexes those (the shadow's file is thrown away).
        """
        if self.is_sqlite:
            return
        with self.building.begin() as connection:
            for table in metadata.sorted_tables:
                for index in table.indexes:
                    if index.info.get(AFTER_LOAD):
                        index.create(connection, checkfirst=True)

    def _analyse(self, metadata: sa.MetaData) -> None:
        """Statistics for the tables just moved in, after the swap has let go of its locks: until autovacuum comes
        by, PostgreSQL plans a never-analysed table as a tiny one (a caseload query: 146 ms instead of 24 ms at
        city size)."""
        with self.engine.begin() as connection:
            quote = connection.dialect.identifier_preparer.quote
            for table in metadata.sorted_tables:
                connection.execute(sa.text(f"ANALYZE {quote(table.name)}"))

    def close(self, *, discard: bool) -> None:
        """Release the connections; with ``discard``, also remove the SQLite shadow file."""
        self.engine.dispose()
        if discard and self.path is not None:
            for leftover in (self.path, self.path.with_name(self.path.name + "-journal")):
                leftover.unlink(missing_ok=True)

    def exists(self) -> bool:
        """Whether a build was started and not swapped in (shown by ``kasane projections status``)."""
        if self.path is not None:
            return self.path.exists()
        with self.engine.connect() as connection:
            return sa.inspect(connection).has_schema(self.namespace)

    def _quoted(self, connection: Connection) -> str:
        return connection.dialect.identifier_preparer.quote(self.namespace)


def create_tables(connection: Connection, metadata: sa.MetaData, *, indexes: bool | None = True) -> None:
    """Create ``metadata``'s tables with their indexes (True), none (False), or all but the ``AFTER_LOAD`` (None)."""
    for table in metadata.sorted_tables:
        connection.execute(CreateTable(table))
        for index in table.indexes:
            if indexes or (indexes is None and not index.info.get(AFTER_LOAD)):
                index.create(connection)


def _attach(engine: Engine, path: Path, namespace: str) -> None:
    """Attach the shadow file on every connection (without fsync), and take real transactions (DDL included).

    pysqlite does not begin a transaction before DDL by itself; the swap's
    drop, create and copy must commit together, so BEGIN is issued here
    (IMMEDIATE for the swap, which must hold the write lock from its first read).
    """

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("ATTACH DATABASE ? AS " + f'"{namespace}"', (str(path),))
        # The shadow is throwaway until the swap: its commits need not wait for the disk (a crashed process
        # leaves it intact; after a power loss or OS crash it may be damaged: delete the shadow file, and the
        # next rebuild starts over).
        # The store's own tables ("main", written by the swap) keep their durability.
        dbapi_connection.execute(f'PRAGMA "{namespace}".synchronous = OFF')

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("kasane_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
