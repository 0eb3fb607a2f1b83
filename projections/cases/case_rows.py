"""The page's copy of the ``case_list`` rows, and the deferred recount of each case's entries.

The case list applies a page of the log to rows held in memory and writes
them back once at the end of the page (``Rows``); an event applied on its own
reads and writes its row at once. New ``case_entries`` rows wait with the page
too, and the counts and last contact date a changed entry moves are recounted
once per case at the end of the page, in one statement compiled once and run
for all those cases; the caseload counts a page moves are counted before and after
it (``apply_counted``). Kept apart from ``case_list`` so that the projection reads
as what each event does, not how rows are batched and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.activity import Consultation, OutreachVisit, Placement
from domain.case import Case
from projections.cases import case_relations as relations
from projections.cases import caseload_action_items as items
from projections.cases import caseload_summary as summary
from projections.cases.tables import case_entries, case_list
from projections.engine.bulk_rows import insert_rows
from projections.engine.deferred import DeferredRecount


class Rows:
    """The ``case_list`` rows of the cases a page is about, read in one query and written back in two.

    Each event changes the row in memory (a dict); at the end of the page the
    new rows are inserted and the changed ones updated, each with one statement
    compiled once and run for all the rows (no statement is built per event).
    """

    def __init__(self, connection: Connection, cases: set[UUID]) -> None:
        self.connection = connection
        self.rows: dict[UUID, dict[str, Any]] = {}
        if cases:
            found = connection.execute(_SELECT_ROWS, {"cases": sorted(cases)}).mappings()
            self.rows = {row["case_id"]: dict(row) for row in found}
        self.new: dict[UUID, dict[str, Any]] = {}
        self.changed: set[UUID] = set()
        self.entries: dict[UUID, dict[str, Any]] = {}
        """New ``case_entries`` rows by entry id, inserted together at the end of the page (an entry the page
        changes before then is changed here)."""
        self.links: dict[sa.Table, list[dict[str, Any]]] = {}
        """New rows of the cases' agencies, tags and members (``case_links``), inserted together before any of
        those tables is read or changed, and at the end of the page."""

    def open(self, row: dict[str, Any]) -> None:
        self.rows[row["case_id"]] = self.new[row["case_id"]] = row

    def get(self, case_id: UUID) -> dict[str, Any] | None:
        """The case's row as it stands in the page (None: no such case, as an UPDATE would match nothing)."""
        row = self.rows.get(case_id)
        if row is not None and case_id not in self.new:
            self.changed.add(case_id)
        return row

    def write_links(self) -> None:
        for table, found in self.links.items():
            insert_rows(self.connection, table, found)
        self.links = {}

    def write(self) -> None:
        self.write_links()
        if self.entries:
            insert_rows(self.connection, case_entries, list(self.entries.values()))
            self.entries = {}
        if self.new:
            insert_rows(self.connection, case_list, list(self.new.values()))
        if self.changed:
            updates = []
            for case_id in sorted(self.changed):
                values = {k: v for k, v in self.rows[case_id].items() if k != "case_id"}
                updates.append({**values, "row_case_id": case_id})
            self.connection.execute(_UPDATE_ROW, updates)
        self.new, self.changed = {}, set()


ROWS = "case_list.rows"
"""``connection.info`` key: the page's ``Rows`` (set while a page is being applied)."""
EMPTY_ROW = {column.name: None for column in case_list.columns}
_SELECT_ROWS = sa.select(case_list).where(case_list.c.case_id.in_(sa.bindparam("cases", expanding=True)))
_UPDATE_ROW = sa.update(case_list).where(case_list.c.case_id == sa.bindparam("row_case_id", type_=sa.Uuid))
_INSERT_ENTRY = sa.insert(case_entries)


@contextmanager
def case_row(connection: Connection, case_id: UUID) -> Iterator[dict[str, Any] | None]:
    """The case's row to change in place: the page's copy, or (an event applied on its own) read and written now."""
    rows: Rows | None = connection.info.get(ROWS)
    if rows is not None:
        yield rows.get(case_id)
        return
    alone = Rows(connection, {case_id})
    yield alone.get(case_id)
    alone.write()


def update(connection: Connection, event: Any, **values: Any) -> None:
    """Set ``values`` on the event's case row and move the row's version to the event's."""
    rows: Rows | None = connection.info.get(ROWS)
    if rows is not None:  # the page's copy (as ``case_row`` gives it, without a context manager per event)
        row = rows.get(event.originator_id)
        if row is not None:
            row.update(version=event.originator_version, **values)
        return
    with case_row(connection, event.originator_id) as row:
        if row is not None:
            row.update(version=event.originator_version, **values)


def open_row(connection: Connection, row: dict[str, Any]) -> None:
    """Add a new case's row (with the page's rows, or written now when the event is applied on its own)."""
    rows: Rows | None = connection.info.get(ROWS)
    alone = rows is None
    rows = Rows(connection, set()) if rows is None else rows
    rows.open(row)
    if alone:
        rows.write()


def add_entry(connection: Connection, row: dict[str, Any]) -> None:
    """Insert a new ``case_entries`` row (with the page's other new entries, before any entry is changed)."""
    rows: Rows | None = connection.info.get(ROWS)
    if rows is None:
        connection.execute(_INSERT_ENTRY, row)
    else:
        rows.entries[row["entry_id"]] = row


def change_entry(connection: Connection, entry_id: UUID, **values: Any) -> None:
    """Set ``values`` on a ``case_entries`` row: the page's own new row if it is one, else the stored row.

    A page's entries wait to be inserted together; writing them all early for each end, void or correction
    (and then updating the row just written) cost a statement per change and split the page's executemany.
    """
    rows: Rows | None = connection.info.get(ROWS)
    pending = None if rows is None else rows.entries.get(entry_id)
    if pending is not None:
        pending.update(values)
    else:
        connection.execute(sa.update(case_entries).where(case_entries.c.entry_id == entry_id).values(**values))


def add_links(connection: Connection, table: sa.Table, found: list[dict[str, Any]]) -> None:
    """Insert new rows of a case's agencies, tags or members (with the page's, or now when applied on its own)."""
    rows: Rows | None = connection.info.get(ROWS)
    if rows is None:
        insert_rows(connection, table, found)
    else:
        rows.links.setdefault(table, []).extend(found)


def write_links(connection: Connection) -> None:
    """Insert the page's new agencies, tags and members now: before one of those tables is read or changed."""
    rows: Rows | None = connection.info.get(ROWS)
    if rows is not None and rows.links:
        rows.write_links()


def entry_values(entry: Consultation | OutreachVisit | Placement) -> dict[str, Any]:
    kind = {Consultation: "consultation", OutreachVisit: "outreach", Placement: "placement"}[type(entry)]
    is_contact = entry.contact_made if isinstance(entry, OutreachVisit) else isinstance(entry, Consultation)
    ended_on = entry.ended_on if isinstance(entry, Placement) else None
    return dict(kind=kind, occurred_on=entry.occurred_on, agency=entry.agency, is_contact=is_contact, ended_on=ended_on)


def recount(connection: Connection, event: Any) -> None:
    """Move the row's version now; recount the case's live entries and last contact at the end of the page."""
    update(connection, event)
    RECOUNTS.request(connection, event.originator_id)


def _recount_statement() -> sa.Update:
    """Recount one case's live entries and its last contact from ``case_entries`` (built once, run per case)."""
    e = case_entries
    case_id = sa.bindparam("recount_case", type_=sa.Uuid)
    live = sa.and_(e.c.case_id == case_id, e.c.voided.is_(False))

    def count(kind: str) -> Any:
        return sa.select(sa.func.count()).where(live, e.c.kind == kind).scalar_subquery()

    return (
        sa.update(case_list)
        .where(case_list.c.case_id == case_id)
        .values(
            consultation_count=count("consultation"),
            outreach_count=count("outreach"),
            placement_count=count("placement"),
            last_contact_on=sa.select(sa.func.max(e.c.occurred_on))
            .where(live, e.c.is_contact.is_(True))
            .scalar_subquery(),
        )
    )


RECOUNTS = DeferredRecount("case_list.to_recount", _recount_statement(), "recount_case")
"""The cases whose entries the page being applied changed (recounted after the rows are written back)."""


def apply_counted(connection: Connection, page: Sequence[tuple[int, Any]], apply: Callable[[], None]) -> None:
    """``apply`` the page to the page's copy of the case rows, write them back, then recount (once per case);
    the caseload summary and action item counts move by what the page's cases and meetings counted before and
    after it. The touched cases' related values are read once, before, and followed through the page's
    handlers (``case_relations``); their rows are the page's ``Rows`` (the other touched cases' rows, read
    once, do not change: only a case's own events change its row). The open items change only through the
    page's ``meetings`` (then counted before and after); without those, only the items of the cases whose
    scopes moved count differently, read once after the page (usually none: nothing is read)."""
    touched, meetings = summary.touched_cases(connection, page), items.touched_meetings(page)
    cases = {event.originator_id for _, event in page if isinstance(event, Case.Event)}
    held, related = Rows(connection, cases), relations.Relations(connection, touched)
    counted_rows = summary.read_rows(connection, touched, held.rows, cases)
    before, scopes = summary.standing(related, counted_rows), {c: related.scopes(c) for c in touched}
    items_before = items.counted(connection, touched, meetings, scopes) if meetings else None
    connection.info[ROWS], connection.info[relations.HELD] = held, related
    with RECOUNTS.page(connection):
        try:
            apply()
        finally:
            del connection.info[ROWS], connection.info[relations.HELD]
        held.write()
    related.refresh(connection)
    counted_rows.update(summary.read_rows(connection, cases, held.rows, cases))
    summary.record(connection, before, summary.standing(related, counted_rows))
    scopes_after = {case_id: related.scopes(case_id) for case_id in touched}
    if items_before is not None:
        items.record(connection, items_before, items.counted(connection, touched, meetings, scopes_after))
    elif moved := {case_id for case_id in touched if scopes_after[case_id] != scopes[case_id]}:
        found = items.read_open(connection, moved, set(), moved)  # the same rows before and after the page
        items.record(connection, items.count(found, scopes), items.count(found, scopes_after))
