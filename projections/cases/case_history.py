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
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.lifecycle import CaseStatus
from projections.engine.catch_up import Projection
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
    sa.Index("ix_case_state_versions_valid", "recorded_at", "superseded_at"),
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

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Other events (and case events that change no column kept here) leave the history as it is."""

    @apply.register(Case.Opened)
    def _opened(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.insert(case_state_versions).values(
                case_id=event.originator_id,
                case_version=event.originator_version,
                status=CaseStatus.INTAKE.value,
                status_since=event.occurred_on,
                coordinator=event.coordinator,
                lead_agency=event.lead_agency,
                area=event.area,
                next_review_due_on=None,
                recorded_at=utc(event.timestamp),
            )
        )

    @apply.register(Case.AreaChanged)
    def _area_changed(self, event: Any, connection: Connection) -> None:
        _change(connection, event, area=event.area)

    @apply.register(Case.Assigned)
    def _assigned(self, event: Any, connection: Connection) -> None:
        _change(connection, event, coordinator=event.coordinator, lead_agency=event.lead_agency)

    @apply.register(Case.StatusChanged)
    def _status_changed(self, event: Any, connection: Connection) -> None:
        _change(connection, event, status=str(event.to_status), status_since=event.occurred_on)

    @apply.register(Case.Closed)
    def _closed(self, event: Any, connection: Connection) -> None:
        _change(connection, event, status=CaseStatus.CLOSED.value, status_since=event.occurred_on)

    @apply.register(Case.Reopened)
    def _reopened(self, event: Any, connection: Connection) -> None:
        _change(connection, event, status=CaseStatus.INTAKE.value, status_since=event.occurred_on)

    @apply.register(Case.PlanMade)
    @apply.register(Case.PlanRevised)
    def _plan_adopted(self, event: Any, connection: Connection) -> None:
        _change(connection, event, next_review_due_on=event.plan.review_due_on)

    @apply.register(Case.PlanVoided)
    @apply.register(Case.PlanReviewed)
    def _review_moved(self, event: Any, connection: Connection) -> None:
        _change(connection, event, next_review_due_on=event.next_review_due_on)

    @apply.register(Case.TransferRequested)
    def _transfer_requested(self, event: Any, connection: Connection) -> None:
        transfer = event.transfer
        connection.execute(
            sa.insert(case_state_transfers).values(transfer_id=transfer.transfer_id, to_agency=transfer.to_agency)
        )

    @apply.register(Case.TransferAccepted)
    def _transfer_accepted(self, event: Any, connection: Connection) -> None:
        t = case_state_transfers.c
        to_agency = connection.execute(sa.select(t.to_agency).where(t.transfer_id == event.transfer_id)).scalar_one()
        _change(connection, event, coordinator=event.coordinator, lead_agency=to_agency)


def _change(connection: Connection, event: Any, **changes: Any) -> None:
    """Supersede the case's current version by one with ``changes``, valid from the event's write timestamp."""
    v = case_state_versions.c
    current = sa.and_(v.case_id == event.originator_id, v.superseded_at.is_(None))
    row = connection.execute(sa.select(*(getattr(v, name) for name in STATE_COLUMNS)).where(current)).one()
    values = {**row._asdict(), **changes}
    if values == row._asdict():
        return
    at = utc(event.timestamp)
    connection.execute(sa.update(case_state_versions).where(current).values(superseded_at=at))
    connection.execute(
        sa.insert(case_state_versions).values(
            case_id=event.originator_id, case_version=event.originator_version, recorded_at=at, **values
        )
    )
