"""The stored events cannot be changed or removed, not even through the database.

Kasane never updates or deletes an event (mistakes are corrected by new
events), so a trigger refuses UPDATE and DELETE on the case log and on the
audit log, on PostgreSQL and on SQLite alike. Whoever holds a database login
or opens the SQLite file with a SQL shell gets an error instead of a silent
edit. On PostgreSQL TRUNCATE is a different statement (its own privilege; row
triggers do not fire): the test suite empties databases with it, and
production grants it to nobody. A database superuser (or whoever can write the
SQLite file) can still drop the trigger first; backups carry a SHA-256
checksum (``kasane events export``) against that.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

EVENT_TABLES = ("kasane_events", "kasaneaudit_events")

_FUNCTION = """
CREATE OR REPLACE FUNCTION kasane_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'stored events are immutable: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


_BODY = _FUNCTION.split("$$")[1]
_TRIGGERS = {
    f"kasane_immutable_{operation.lower()}_{table}": (table, operation)
    for table in EVENT_TABLES
    for operation in ("UPDATE", "DELETE")
}
"""SQLite's triggers by name, each with its table and the statement it refuses."""


def forbid_changes_to_events(engine: Engine) -> None:
    """Install the refusing triggers on every event table that exists (repeatable).

    Every app start calls this twice (the case log, then the audit log), so it first reads whether the triggers and
    the function are already there as written here, and writes nothing when they are: on PostgreSQL the function
    was replaced on every start (a catalog write under an advisory lock, ~8 ms of the test process's CPU per call).
    A trigger dropped, or a function edited, since the last start is still put back.
    """
    if engine.dialect.name == "sqlite":
        _forbid_on_sqlite(engine)
        return
    with engine.connect() as connection:
        if _guarded_on_postgres(connection):
            return
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(4242017)"))  # two servers starting at once
        connection.execute(sa.text(_FUNCTION))
        existing = set(sa.inspect(connection).get_table_names())
        guarded = set(
            connection.execute(
                sa.text(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "WHERE t.tgname = 'kasane_immutable'"
                )
            ).scalars()
        )
        for table in EVENT_TABLES:
            if table in existing and table not in guarded:  # installed once: no lock taken on later starts
                connection.execute(
                    sa.text(
                        f'CREATE TRIGGER kasane_immutable BEFORE UPDATE OR DELETE ON "{table}" '
                        "FOR EACH ROW EXECUTE FUNCTION kasane_refuse_event_change()"
                    )
                )


def _guarded_on_postgres(connection: sa.Connection) -> bool:
    """Whether the function is there with this module's body and every existing event table has its trigger."""
    state = connection.execute(
        sa.text(
            "SELECT (SELECT prosrc FROM pg_proc WHERE proname = 'kasane_refuse_event_change' "
            "AND pronamespace = current_schema()::regnamespace), "
            "(SELECT count(*) FROM unnest(CAST(:tables AS text[])) AS t(name) "
            "WHERE to_regclass(quote_ident(t.name)) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_trigger "
            "WHERE tgname = 'kasane_immutable' AND tgrelid = to_regclass(quote_ident(t.name))))"
        ),
        {"tables": list(EVENT_TABLES)},
    ).one()
    return bool(state[0] == _BODY and state[1] == 0)


def _forbid_on_sqlite(engine: Engine) -> None:
    """SQLite has no trigger functions: one BEFORE UPDATE and one BEFORE DELETE trigger per table, RAISE(ABORT)."""
    with engine.connect() as connection:
        names = set(
            connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")).scalars()
        )
    missing = {name: made for name, made in _TRIGGERS.items() if made[0] in names and name not in names}
    if not missing:
        return
    with engine.begin() as connection:
        for name, (table, operation) in missing.items():
            connection.execute(
                sa.text(
                    f'CREATE TRIGGER IF NOT EXISTS "{name}" '
                    f'BEFORE {operation} ON "{table}" FOR EACH ROW BEGIN '
                    f"SELECT RAISE(ABORT, 'stored events are immutable: {operation} on {table} refused'); END"
                )
            )
