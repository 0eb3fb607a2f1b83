"""The minutes (議事録) of a support meeting: when, where, who convened, who attended, what was decided per
case, and the action items with their owner and due date.

A meeting whose records are restricted to its attendees (支援会議, Social Welfare Act §106-6) carries the
confidentiality notice; a meeting that needs consent (重層的支援会議) shows, per case, the consent decision in
force on the day it was held: the basis on which the case was taken up. The guard has already answered 404 to
an agency that neither convened nor attended the meeting.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.consent import ConsentRecord, ConsentScope
from projections.meetings.scope import restricted_meetings
from web.printing.consents import consent_history, in_force
from web.views import meeting_view

TEMPLATE = "print/minutes.html"


def filename(meeting_id: UUID) -> str:
    return f"minutes-{meeting_id}.pdf"


def minutes(connection: Connection, meeting_id: UUID, agency: str) -> dict[str, Any]:
    context = meeting_view.meeting_context(connection, meeting_id, agency)
    m = context["detail"].meeting
    basis: dict[UUID, ConsentRecord | None] = {}
    if m.consent_required:
        on = m.held_on or m.scheduled_on
        basis = {
            d.case_id: in_force(consent_history(connection, d.case_id), ConsentScope.MEETING_DISCUSSION, on)
            for d in context["detail"].discussions
        }
    confidential = meeting_id in restricted_meetings(connection, {meeting_id})
    return context | {"consent_basis": basis, "confidential": confidential}
