"""The case record (ケース記録票 / 総合相談受付票): household and members, issues, consent history, status history,
the plan in force and the whole timeline, oldest first as a paper file reads.

It shows what the case page shows the same reader and no more: the timeline is described by the page's own
describer, which leaves out the outcome of a meeting whose record the reader's agency may not see.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.case import Case
from projections.cases import casework_queries, queries
from web.i18n.language import Translator
from web.printing.consents import consent_history
from web.views.case_view import case_detail
from web.views.names import Names
from web.views.support_plan_view import plan_in_force
from web.views.timeline_view import describe

TEMPLATE = "print/case_record.html"
STATUS_EVENTS = (Case.Opened, Case.StatusChanged, Case.Closed, Case.Reopened)
"""The events that move a case through its statuses (受付 → … → 終結, 再開)."""


def filename(case_id: UUID) -> str:
    return f"case-record-{case_id}.pdf"


def case_record(connection: Connection, case_id: UUID, t: Translator, names: Names, today: date) -> dict[str, Any]:
    detail = case_detail(connection, case_id)
    rows = queries.timeline(connection, case_id)
    timeline = [describe(e, t, names) for e in rows]
    return {
        "case": detail.case,
        "detail": detail,
        "members": casework_queries.members_of(connection, case_id),
        "consents": consent_history(connection, case_id),
        "statuses": [item for item in timeline if isinstance(item.entry.event, STATUS_EVENTS)],
        "support_plan": plan_in_force(rows),
        "timeline": timeline,
        "today": today,
    }
