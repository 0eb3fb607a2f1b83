"""The caseload's history: every version of each case's status and responsibility, valid from when it was written.

Today's caseload reads ``case_list``, which keeps only the latest state. The
questions a supervisor asks about the past ("how many cases were waiting for a
plan at the end of each month of 令和6年度?") need the state as it stood at a
past moment AND as it was known then, so late entries cannot rewrite a month
already reported. Like ``indicator_facts`` this table is bitemporal on the
write side: each change of a case's status, status date, coordinator, lead
agency, area or next review date supersedes the case's current row (setting
``superseded_at`` to the write timestamp of the event) and adds a new one valid
from that timestamp. The rows valid at a moment T (``recorded_at <= T`` and not
superseded by T) are then exactly the state a replay of the log up to T gives.

Each handler mirrors the assignment of the matching ``@event`` method of
``domain.case.Case``; events that change none of these columns write nothing.
A page of the log is folded in memory (``Versions``: the current version of
each case it changes, read in one query) and written back at its end in one
executemany per statement, instead of a SELECT, an UPDATE and an INSERT per event.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.lifecycle import CaseStatus
from projections.engine.bulk_rows import insert_rows
from projections.engine.catch_up import Projection
from projections.engine.handlers import Handlers
from projections.engine.versioning import AFTER_LOAD
from projections.indicators.fact_tables import utc

metadata = sa.MetaData()

case_state_versions = sa.Table(
    "case_state_versions",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("case_version", sa.Integer, primary_key=True, comment="the case event that made this version"),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("status_since", sa.Date, nullable=False),
    sa.Column("coordinator", sa.String(64), nullable=False),
    sa.Column("lead_agency", sa.String(64), nullable=False),
    sa.Column("area", sa.String(64), nullable=False),
    sa.Column("next_review_due_on", sa.Date),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("superseded_at", sa.DateTime(timezone=True)),
    sa.Index("ix_case_state_versions_valid", "recorded_at", "superseded_at", info={AFTER_LOAD: True}),
)

case_state_transfers = sa.Table(
    "case_state_transfers",
    metadata,
    sa.Column("transfer_id", sa.Uuid, primary_key=True),
    sa.Column("to_agency", sa.String(64), nullable=False, comment="who takes the lead if it is accepted"),
)

STATE_COLUMNS = ("status", "status_since", "coordinator", "lead_agency", "area", "next_review_due_on")


class CaseHistory(Projection):
    name = "case_history"
    version = 1
    read_on_pages = False  # only the as-of caseload reads it (report_connection catches it up), not the daily pages
    metadata = metadata

    def apply(self, event: Any, connection: Connection) -> None:
        self.apply_page(((0, event),), connection)

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        """Fold the page into the current versions of the cases it changes, then write them back together."""
        cases = {event.originator_id for _, event in page if isinstance(event, CHANGES)}
        versions = Versions(connection, cases)
        on = Handlers(self, "_on")
        for _, event in page:
            on(event, versions)
        versions.write()

    @singledispatchmethod
    def _on(self, event: Any, versions: Versions) -> None:
        """Other events (and case events that change no column kept here) leave the history as it is."""

    @_on.register(Case.Opened)
    def _opened(self, event: Any, versions: Versions) -> None:
        versions.add(
            event,
            status=CaseStatus.INTAKE.value,
            status_since=event.occurred_on,
            coordinator=event.coordinator,
            lead_agency=event.lead_agency,
            area=event.area,
            next_review_due_on=None,
        )

    @_on.register(Case.AreaChanged)
    def _area_changed(self, event: Any, versions: Versions) -> None:
        versions.change(event, area=event.area)

    @_on.register(Case.Assigned)
    def _assigned(self, event: Any, versions: Versions) -> None:
        versions.change(event, coordinator=event.coordinator, lead_agency=event.lead_agency)

    @_on.register(Case.StatusChanged)
    def _status_changed(self, event: Any, versions: Versions) -> None:
        versions.change(event, status=str(event.to_status), status_since=event.occurred_on)

    @_on.register(Case.Closed)
    def _closed(self, event: Any, versions: Versions) -> None:
        versions.change(event, status=CaseStatus.CLOSED.value, status_since=event.occurred_on)

    @_on.register(Case.Reopened)
    def _reopened(self, event: Any, versions: Versions) -> None:
        versions.change(event, status=CaseStatus.INTAKE.value, status_since=event.occurred_on)

    @_on.register(Case.PlanMade)
    @_on.register(Case.PlanRevised)
    def _plan_adopted(self, event: Any, versions: Versions) -> None:
        versions.change(event, next_review_due_on=event.plan.review_due_on)

    @_on.register(Case.PlanVoided)
    @_on.register(Case.PlanReviewed)
    def _review_moved(self, event: Any, versions: Versions) -> None:
        versions.change(event, next_review_due_on=event.next_review_due_on)

    @_on.register(Case.TransferRequested)
    def _transfer_requested(self, event: Any, versions: Versions) -> None:
        versions.transfers[event.transfer.transfer_id] = event.transfer.to_agency

    @_on.register(Case.TransferAccepted)
    def _transfer_accepted(self, event: Any, versions: Versions) -> None:
        versions.change(event, coordinator=event.coordinator, lead_agency=versions.to_agency(event.transfer_id))


CHANGES = (
    Case.AreaChanged,
    Case.Assigned,
    Case.StatusChanged,
    Case.Closed,
    Case.Reopened,
    Case.PlanMade,
    Case.PlanRevised,
    Case.PlanVoided,
    Case.PlanReviewed,
    Case.TransferAccepted,
)
"""The events that supersede a case's current version: the page reads those cases' current versions first."""


class Versions:
    """One page's copy of the current version of each case it changes, and what it will write at its end.

    A version read from the table and superseded in the page is ended by one
    UPDATE executemany; versions made in the page are inserted together, with
    ``superseded_at`` already set when a later event of the page superseded them.
    """

    def __init__(self, connection: Connection, cases: set[UUID]) -> None:
        self.connection = connection
        self.current: dict[UUID, dict[str, Any]] = {}
        self.stored: set[UUID] = set()
        """The cases whose current version is still the one read from the table."""
        self.new: list[dict[str, Any]] = []
        self.ended: list[dict[str, Any]] = []
        self.transfers: dict[UUID, str] = {}
        if cases:
            for row in connection.execute(_SELECT_CURRENT, {"cases": sorted(cases)}):
                self.current[row.case_id] = row._asdict()
            self.stored = set(self.current)

    def add(self, event: Any, **values: Any) -> None:
        at = utc(event.timestamp)
        row = {"case_id": event.originator_id, "case_version": event.originator_version, **values}
        self.new.append(row | {"recorded_at": at, "superseded_at": None})
        self.current[event.originator_id] = self.new[-1]

    def change(self, event: Any, **changes: Any) -> None:
        """Supersede the case's current version by one with ``changes``, valid from the event's write timestamp."""
        case_id = event.originator_id
        row = self.current.get(case_id)
        if row is None:
            raise LookupError(f"case_history: no current version of case {case_id} to supersede")
        values = {name: row[name] for name in STATE_COLUMNS}
        if {**values, **changes} == values:
            return
        at = utc(event.timestamp)
        if case_id in self.stored:
            self.stored.discard(case_id)
            self.ended.append({"c": case_id, "v": row["case_version"], "at": at})
        else:
            row["superseded_at"] = at
        self.add(event, **{**values, **changes})

    def to_agency(self, transfer_id: UUID) -> str:
        """Who takes the lead when the transfer is accepted: requested in this page, or read from the table."""
        if transfer_id in self.transfers:
            return self.transfers[transfer_id]
        t = case_state_transfers.c
        found = self.connection.execute(sa.select(t.to_agency).where(t.transfer_id == transfer_id)).scalar_one()
        return str(found)

    def write(self) -> None:
        if self.ended:
            self.connection.execute(_END_VERSION, self.ended)
        if self.new:
            insert_rows(self.connection, case_state_versions, self.new)
        if self.transfers:
            rows = [{"transfer_id": key, "to_agency": value} for key, value in self.transfers.items()]
            self.connection.execute(_INSERT_TRANSFER, rows)


_v = case_state_versions.c
_SELECT_CURRENT = sa.select(_v.case_id, _v.case_version, *(_v[name] for name in STATE_COLUMNS)).where(
    _v.case_id.in_(sa.bindparam("cases", expanding=True)), _v.superseded_at.is_(None)
)
_END_VERSION = (
    sa.update(case_state_versions)
    .where(_v.case_id == sa.bindparam("c"), _v.case_version == sa.bindparam("v"))
    .values(superseded_at=sa.bindparam("at"))
)
_INSERT_TRANSFER = sa.insert(case_state_transfers)
