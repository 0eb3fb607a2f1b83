"""A PostgreSQL test store put back to a baseline between tests: rows go, tables stay, the baseline's rows come back.

Why: every PostgreSQL test must start from a known store, and emptying every table also emptied the read models'
positions, so each test's app start then dropped and re-created all read models' tables (about 1.5 s a test, most
of a PostgreSQL web test's set-up), and each web test seeded its small city again (about 0.8 s). A baseline is the
store as an app start (and an optional seeding) leaves it, recorded once per test worker: the schema's signature,
every table's rows (COPY) and every sequence's value. Putting it back deletes every row (triggers off), restarts the
sequences and copies the recorded rows in: tens of milliseconds.

Isolation: the rows are put back only while the schema is still the baseline's (same tables, columns, indexes,
constraints, triggers, functions and schemas). A test that changed the schema (dropped a trigger, left a rebuild's
shadow schema, created tables of its own) makes the next one wipe every schema and build the baseline again.

The signature is a query over the whole catalog (~6 ms of the server's CPU and ~4 ms of ours, per test); most tests
change no schema. So an event trigger (``WATCH``) counts every DDL command in the database, and the signature is
read again only when that count moved since the schema's signature was last known.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

WATCH = "kasane_test_ddl"
"""The tests' own schema, outside every baseline (never compared, deleted, recorded or wiped): a sequence that an event
trigger advances on every DDL command of any session, even under ``session_replication_role = replica``. A sequence
moves even when its transaction rolls back: a DDL undone only costs one signature query more."""
WATCHER = f"""
CREATE SCHEMA IF NOT EXISTS {WATCH};
CREATE SEQUENCE IF NOT EXISTS {WATCH}.commands;
CREATE OR REPLACE FUNCTION {WATCH}.counted() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
AS $$ BEGIN PERFORM nextval('{WATCH}.commands'); END $$;
DROP EVENT TRIGGER IF EXISTS {WATCH};
CREATE EVENT TRIGGER {WATCH} ON ddl_command_end EXECUTE FUNCTION {WATCH}.counted();
ALTER EVENT TRIGGER {WATCH} ENABLE ALWAYS
"""
COMMANDS = f"""
SELECT coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = '{WATCH}' AND sequencename = 'commands'
AND EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = '{WATCH}' AND evtenabled = 'A'
            AND evtfoid = to_regprocedure('{WATCH}.counted()'))
"""
"""The DDL commands counted so far, or no row when the watch is not in place as ``WATCHER`` makes it."""

SIGNATURE = f"""
SELECT 'relation', n.nspname::text || '.' || c.relname::text || ':' || c.relkind::text, coalesce(a.attname::text, ''),
       coalesce(format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull::text || ':' || a.attgenerated::text, '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', '{WATCH}') AND n.nspname NOT LIKE 'pg\\_to%'
  AND n.nspname NOT LIKE 'pg\\_temp%'
UNION ALL SELECT 'schema', nspname::text, '', '' FROM pg_namespace
WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> '{WATCH}'
UNION ALL SELECT 'index', schemaname::text, indexname::text, indexdef FROM pg_indexes WHERE schemaname <> 'pg_catalog'
UNION ALL SELECT 'trigger', t.tgrelid::regclass::text, t.tgname::text, t.tgenabled::text
FROM pg_trigger t WHERE NOT t.tgisinternal
UNION ALL SELECT 'constraint', c.conrelid::regclass::text, c.conname::text, pg_get_constraintdef(c.oid)
FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname <> 'pg_catalog'
UNION ALL SELECT 'function', n.nspname::text || '.' || p.proname::text, md5(p.prosrc), ''
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', '{WATCH}')
ORDER BY 1, 2, 3, 4
"""
OURS = f"schemaname NOT IN ('pg_catalog', 'information_schema', '{WATCH}')"
"""Every schema of ours: the events' and read models' (``public``) and the key store's (``kasane_keys``)."""
HERE = "schemaname = current_schema()"
"""The events' and read models' schema only: a restore's target keeps the key store (``kasane_keys``) it shares."""
TABLES = "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE {} ORDER BY 1"


@dataclass(frozen=True)
class Baseline:
    """What a store held once its app had started (and its story was seeded): compared and copied back per test."""

    signature: str
    rows: dict[str, bytes]
    sequences: dict[str, int]


_baselines: dict[tuple[str, str], Baseline] = {}
_engines: dict[str, sa.Engine] = {}
_known: dict[str, tuple[int, str]] = {}
"""Per database: the count of DDL commands (``COMMANDS``) at which its schema had this signature."""


def _engine(url: str) -> sa.Engine:
    """One connection per database kept open: a new backend's first catalog query costs ~0.1 s, a warm one 20 ms."""
    if url not in _engines:
        _engines[url] = sa.create_engine(url, pool_size=1, max_overflow=0, pool_pre_ping=True)
        watch(_engines[url])
    return _engines[url]


def watch(engine: sa.Engine) -> None:
    """Count the database's DDL commands from now on (``WATCHER``). Creating an event trigger takes a superuser, as the
    tests' server gives; without one nothing is counted and every put-back reads the signature, as before."""
    with contextlib.suppress(sa.exc.ProgrammingError), engine.begin() as connection:
        connection.execute(sa.text(WATCHER))


def signature(connection: sa.Connection) -> str:
    rows = connection.execute(sa.text(SIGNATURE)).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def commands(connection: sa.Connection) -> int | None:
    """How many DDL commands the database has run so far, or None when they are not being counted (``WATCH``)."""
    count: int | None = connection.execute(sa.text(COMMANDS)).scalar_one_or_none()
    return count


def current_signature(connection: sa.Connection, url: str) -> str:
    """The schema's signature: the one known for ``url`` while no DDL command has run since (``_known``), else read."""
    count, known = commands(connection), _known.get(url)
    if count is not None and known is not None and known[0] == count:
        return known[1]
    return signature(connection)


def _remember(connection: sa.Connection, url: str, schema: str) -> None:
    """``schema`` is the signature now, after this transaction's own DDL (a put-back restarts sequences)."""
    count = commands(connection)
    if count is None:
        _known.pop(url, None)
    else:
        _known[url] = (count, schema)


def delete_every_row(connection: sa.Connection, schemas: str = OURS) -> None:
    """Every table's rows away and every sequence back at 1, in ``schemas`` (all of ours by default). DELETE with
    triggers off: the event tables' trigger refuses DELETE, and foreign keys need no order; TRUNCATE of the 35
    tables took 75-200 ms."""
    tables = connection.execute(sa.text(TABLES.format(schemas))).scalars().all()
    sequences = connection.execute(
        sa.text(f"SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) FROM pg_sequences WHERE {schemas}")
    ).scalars()
    statements = [f"DELETE FROM {t}" for t in tables] + [f"ALTER SEQUENCE {s} RESTART" for s in sequences]
    if statements:
        connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
        connection.execute(sa.text("; ".join(statements)))


def wipe(connection: sa.Connection) -> None:
    """Every schema of ours dropped (tables, triggers, functions, rebuild shadows) and ``public`` made again, empty."""
    schemas = connection.execute(
        sa.text(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', "
            f"'{WATCH}') "
            "AND nspname NOT LIKE 'pg\\_to%' AND nspname NOT LIKE 'pg\\_temp%'"
        )
    ).scalars()
    connection.execute(sa.text("; ".join(f'DROP SCHEMA "{s}" CASCADE' for s in schemas)))
    connection.execute(sa.text("CREATE SCHEMA public"))


def record(connection: sa.Connection) -> Baseline:
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    rows: dict[str, bytes] = {}
    for table in connection.execute(sa.text(TABLES.format(OURS))).scalars():
        with cursor.copy(f"COPY {table} TO STDOUT") as copy:
            data = b"".join(bytes(block) for block in copy)
        if data:
            rows[table] = data
    sequences = connection.execute(
        sa.text(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value FROM pg_sequences "
            f"WHERE {OURS} AND last_value IS NOT NULL"
        )
    ).all()
    return Baseline(signature(connection), rows, {name: value for name, value in sequences})


def put_back(connection: sa.Connection, baseline: Baseline, url: str) -> bool:
    """The baseline's rows and sequences, if the schema of the database at ``url`` is still the baseline's (else False,
    nothing written)."""
    if current_signature(connection, url) != baseline.signature:
        return False
    delete_every_row(connection)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    for table, data in baseline.rows.items():
        with cursor.copy(f"COPY {table} FROM STDIN") as copy:
            copy.write(data)
    for name, value in baseline.sequences.items():
        connection.execute(sa.text("SELECT setval(:name, :value)"), {"name": name, "value": value})
    _remember(connection, url, baseline.signature)
    return True


def at_baseline(url: str, name: str, build: Callable[[str], None]) -> None:
    """Bring the database at ``url`` to the baseline ``name``; ``build(url)`` makes it from an empty database (an
    app start, then any seeding), the first time in this process and whenever a test changed the schema."""
    engine = _engine(url)
    baseline = _baselines.get((url, name))
    with engine.begin() as connection:
        if baseline is not None and put_back(connection, baseline, url):
            return
        wipe(connection)
    watch(engine)  # again, should a test have dropped it
    build(url)
    with engine.begin() as connection:
        made = _baselines[(url, name)] = record(connection)
        _remember(connection, url, made.signature)
