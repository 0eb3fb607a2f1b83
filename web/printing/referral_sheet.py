"""The referral sheet (つなぐシート) of one referral: from which agency to which, why, the household it is about,
whether the household agreed to its information being shared, and the answer.

The referral is read from the case timeline (the ``ReferralSent`` row keeps it as sent; the answer rows add the
note or the reason); a referral struck out (取消) prints with that mark, as the timeline shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.case import Case
from domain.consent import ConsentScope
from domain.errors import NotFound
from domain.referral import Referral
from projections.cases import casework_queries, queries
from web.printing.consents import consent_history, in_force
from web.views.case_view import case_detail

TEMPLATE = "print/referral_sheet.html"
ANSWERS = (Case.ReferralAccepted, Case.ReferralDeclined)


@dataclass(frozen=True)
class SentReferral:
    referral: Referral
    voided: bool
    answer: str
    """``accepted``, ``declined`` or empty while it waits."""
    answered_on: date | None
    answer_note: str


def filename(referral_id: UUID) -> str:
    return f"referral-sheet-{referral_id}.pdf"


def sent_referral(connection: Connection, case_id: UUID, referral_id: UUID) -> SentReferral:
    rows = queries.timeline(connection, case_id)
    sent = next(
        (e for e in rows if isinstance(e.event, Case.ReferralSent) and e.event.referral.referral_id == referral_id),
        None,
    )
    if sent is None:
        raise NotFound("the case has no such referral", field="id")
    answers = [e for e in rows if isinstance(e.event, ANSWERS) and e.event.referral_id == referral_id]
    answer = next((e for e in reversed(answers) if not e.voided), None)
    accepted = answer is not None and isinstance(answer.event, Case.ReferralAccepted)
    return SentReferral(
        referral=sent.event.referral,
        voided=sent.voided,
        answer="" if answer is None else ("accepted" if accepted else "declined"),
        answered_on=None if answer is None else answer.occurred_on,
        answer_note="" if answer is None else (answer.event.note if accepted else answer.event.reason),
    )


def referral_sheet(connection: Connection, case_id: UUID, referral_id: UUID) -> dict[str, Any]:
    detail = case_detail(connection, case_id)
    sent = sent_referral(connection, case_id, referral_id)
    consent = in_force(consent_history(connection, case_id), ConsentScope.INFORMATION_SHARING, sent.referral.sent_on)
    return {
        "case": detail.case,
        "detail": detail,
        "members": casework_queries.members_of(connection, case_id),
        "sent": sent,
        "sharing_consent": consent,
    }
