"""PostgreSQL: a save's table lock, rows, case snapshots and NOTIFY in ONE round trip (psycopg's pipeline).

Sent one by one, each of them waited for the server: 4 of a meeting record's 12 round trips
(``bench/round_trips.py``), and on a busy machine each wait also pays the scheduler. Nothing of them needs an
answer before the next is sent, so a pipeline sends them together and the server runs them in order, in the
session's transaction (its ``BEGIN`` and ``COMMIT`` stay where eventsourcing puts them). The recorder
(``web.storage.event_recorder``) saves this way on PostgreSQL; SQLite has no round trips to save.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
import sqlalchemy as sa
from eventsourcing.persistence import IntegrityError, StoredEvent
from sqlalchemy.orm import Session

from domain.case_snapshots import SealedSnapshot


class OneTripSave:
    """The statements of a save into one events table, built once, as psycopg takes them."""

    def __init__(self, table: sa.Table, dialect: sa.Dialect, channel: str, snapshot_upsert: sa.Insert | None) -> None:
        self.dialect = dialect
        name = dialect.identifier_preparer.format_table(table)
        self.lock = f"LOCK TABLE {name} IN EXCLUSIVE MODE"
        self.insert = (
            f"INSERT INTO {name} (originator_id, originator_version, topic, state) "
            "SELECT i, v, t, s FROM unnest(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[]) "
            "WITH ORDINALITY AS r(i, v, t, s, n) ORDER BY n RETURNING id"
        )
        self.upsert = "" if snapshot_upsert is None else str(snapshot_upsert.compile(dialect=dialect))
        self.notify = f"NOTIFY {channel}"
        self._texts: dict[sa.Update, str] = {}

    def save(
        self,
        session: Session,
        stored_events: Sequence[StoredEvent],
        snapshots: Sequence[SealedSnapshot],
        first: sa.Update | None = None,
    ) -> list[int]:
        """The events' notification ids, in the order of ``stored_events``, after ``first`` (if any), the lock,
        the rows, the snapshots and the NOTIFY went in one trip.

        The rows go in as one array per column, in order: under the table lock ids are handed out in that order,
        so the ids returned, sorted, are those of ``stored_events`` in turn (what SQLAlchemy's
        ``sort_by_parameter_order`` relies on too). A duplicate version is eventsourcing's ``IntegrityError``, as
        it was through SQLAlchemy.

        On a connection in autocommit whose caller commits itself (the audit chain's, ``web.storage.audit_chain``)
        the save opens the transaction, in the same trip: psycopg sends its own ``BEGIN`` alone and waits for it.
        """
        driver = session.connection().connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        columns = (
            [e.originator_id for e in stored_events],
            [e.originator_version for e in stored_events],
            [e.topic for e in stored_events],
            [e.state for e in stored_events],
        )
        snapshot_rows = [
            {"case_id": s.case_id, "version": s.version, "fingerprint": s.fingerprint, "sealed": s.sealed}
            for s in snapshots
        ]
        begins = driver.autocommit and driver.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        inserted = driver.cursor()  # read after the pipeline's one sync
        try:
            with driver.pipeline(), driver.cursor() as cursor:
                if begins:
                    cursor.execute("BEGIN", prepare=False)
                if first is not None:
                    cursor.execute(self._as_text(first))
                cursor.execute(self.lock)
                if stored_events:
                    inserted.execute(self.insert, columns)
                if snapshot_rows:
                    cursor.executemany(self.upsert, snapshot_rows)
                cursor.execute(self.notify)
            return sorted(row[0] for row in inserted.fetchall()) if stored_events else []
        except psycopg.IntegrityError as error:
            raise IntegrityError(error) from error
        finally:
            inserted.close()

    def _as_text(self, statement: sa.Update) -> str:
        """``statement`` as PostgreSQL text with its values in it, built once per statement (a constant one)."""
        found = self._texts.get(statement)
        if found is None:
            compiled = statement.compile(dialect=self.dialect, compile_kwargs={"literal_binds": True})
            found = self._texts[statement] = str(compiled)
        return found
