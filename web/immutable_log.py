"""The stored events cannot be changed or removed, not even through the database.

Kasane never updates or deletes an event (mistakes are corrected by new
events), so on PostgreSQL a trigger refuses UPDATE and DELETE on the case log
and on the audit log. Whoever holds a database login, an admin included, gets
an error instead of a silent edit. TRUNCATE is a different statement (its own
privilege; row triggers do not fire): the test suite empties databases with it,
and production grants it to nobody. A database superuser can still drop the
trigger; backups carry a SHA-256 checksum (``kasane events export``) against that.
SQLite is a file on one machine: whoever can write the file can change it.
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


def forbid_changes_to_events(engine: Engine) -> None:
    """Install the refusing trigger on every event table that exists (PostgreSQL only; repeatable)."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(4242017)"))  # two servers starting at once
        connection.execute(sa.text(_FUNCTION))
        existing = set(sa.inspect(connection).get_table_names())
        guarded = set(connection.execute(sa.text(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'kasane_immutable'")).scalars())
        for table in EVENT_TABLES:
            if table in existing and table not in guarded:  # installed once: no lock taken on later starts
                connection.execute(sa.text(
                    f'CREATE TRIGGER kasane_immutable BEFORE UPDATE OR DELETE ON "{table}" '
                    "FOR EACH ROW EXECUTE FUNCTION kasane_refuse_event_change()"))
