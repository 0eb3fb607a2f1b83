"""Which closed cases are due for erasure of their personal data (``kasane retention report``).

A query over the case list: closed (終結) cases whose personal data has not
been erased yet (no ``PersonalDataErased`` on their timeline), with the day
their retention period ends. Reopened cases are not closed and so not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.erasure import erasure_due_on
from domain.lifecycle import CaseStatus
from projections.cases.tables import case_list
from projections.timeline import case_timeline


@dataclass(frozen=True)
class DueCase:
    case_id: UUID
    closed_on: date
    due_on: date


def due_for_erasure(connection: Connection, *, years: int, today: date) -> list[DueCase]:
    """Closed, not yet erased cases whose retention ended on or before ``today``, longest overdue first."""
    c, t = case_list.c, case_timeline.c
    erased = (
        sa.select(t.case_id).where(t.case_id == c.case_id, t.event_type == Case.PersonalDataErased.__name__).exists()
    )
    rows = connection.execute(
        sa.select(c.case_id, c.status_since)
        .where(c.status == CaseStatus.CLOSED.value, ~erased)
        .order_by(c.status_since, c.case_id)
    ).all()
    due = [DueCase(row.case_id, row.status_since, erasure_due_on(row.status_since, years)) for row in rows]
    return [d for d in due if d.due_on <= today]
