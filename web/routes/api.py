"""The JSON API: the same commands and queries as the screens, for other systems.

Refusals are answered by ``web.errors`` with 422 (bad input), 404 (no such
case), 409 (someone changed the case first, or the thing already exists)
and a body naming the rule and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from projections import queries
from web.api_models import (
    CaseCommandIn,
    ClosureIn,
    ConsentIn,
    ConsultationIn,
    ErrorOut,
    OpenCaseIn,
    OutreachVisitIn,
    PlacementIn,
    RecordedOut,
    ReferralAnswerIn,
    ReferralIn,
    ReopeningIn,
    StatusChangeIn,
)
from web.auth import shown
from web.case_view import case_detail
from web.deps import CurrentActor, Execute, KasaneDep, ReadDep
from web.filters import CaseFilters
from web.meeting_view import withhold_meeting_outcomes

REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Not logged in: POST /login first (the session cookie)"},
    403: {"model": ErrorOut, "description": "The role may not do this, or the X-CSRF-Token header is missing/wrong"},
    404: {"model": ErrorOut, "description": "No such case"},
    409: {"model": ErrorOut, "description": "Changed by someone else first, or already recorded"},
    422: {"model": ErrorOut, "description": "Refused input: the body names the rule and the field"},
}

router = APIRouter(prefix="/api", tags=["api"], responses=REFUSALS)


@dataclass(frozen=True)
class Caseload:
    counts: queries.CaseloadCounts
    overdue_reviews: list[queries.OverdueReview]
    ageing: list[queries.CaseAge]


@router.get("/cases")
def list_cases(request: Request, connection: ReadDep, actor: CurrentActor,
               filters: Annotated[CaseFilters, Query()]) -> list[queries.CaseSummary]:
    """Cases matching every given filter, most recently opened first."""
    cases = queries.list_cases(connection, **filters.as_query(), visible_to=(actor.agency_id, actor.user_id))
    shown(request, [c.case_id for c in cases])
    return cases


@router.get("/cases/{case_id}")
def get_case(case_id: UUID, connection: ReadDep, actor: CurrentActor) -> queries.CaseDetail:
    """One case with its involved agencies and referrals."""
    return case_detail(connection, case_id)


@router.get("/cases/{case_id}/timeline")
def get_timeline(case_id: UUID, connection: ReadDep, actor: CurrentActor) -> list[queries.TimelineEntry]:
    """Every event of the case, oldest first, voided and corrected ones flagged.

    A 支援会議 the caller's agency did not attend shows its type and date, not its outcome."""
    case_detail(connection, case_id)
    return withhold_meeting_outcomes(connection, actor.agency_id, queries.timeline(connection, case_id))


@router.get("/caseload")
def get_caseload(request: Request, connection: ReadDep, actor: CurrentActor, kasane: KasaneDep,
                 ageing_days: Annotated[int, Query(ge=0)] = 90) -> Caseload:
    """Supervisor figures: counts by dimension, overdue plan reviews and long-running cases."""
    today = kasane.today()
    caseload = Caseload(queries.caseload_counts(connection), queries.overdue_reviews(connection, today),
                        queries.ageing(connection, today, at_least_days=ageing_days))
    shown(request, [c.case_id for c in (*caseload.overdue_reviews, *caseload.ageing)])
    return caseload


@router.post("/cases", status_code=201)
def open_case(body: OpenCaseIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Open a case at intake (受付)."""
    return RecordedOut(**vars(execute(body.command(actor))))


def _record(body: CaseCommandIn, case_id: UUID, actor: CurrentActor, execute: Execute) -> RecordedOut:
    return RecordedOut(**vars(execute(body.command(actor, case_id))))


@router.post("/cases/{case_id}/consultations", status_code=201)
def record_consultation(case_id: UUID, body: ConsultationIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Log a consultation (相談)."""
    return _record(body, case_id, actor, execute)


@router.post("/cases/{case_id}/outreach-visits", status_code=201)
def record_outreach(case_id: UUID, body: OutreachVisitIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Log an outreach visit (アウトリーチ), whether or not contact was made."""
    return _record(body, case_id, actor, execute)


@router.post("/cases/{case_id}/referrals", status_code=201)
def send_referral(case_id: UUID, body: ReferralIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Refer the household to another agency (つなぎ)."""
    return _record(body, case_id, actor, execute)


@router.post("/cases/{case_id}/referrals/{referral_id}/answer")
def answer_referral(case_id: UUID, referral_id: UUID, body: ReferralAnswerIn, actor: CurrentActor,
                    execute: Execute) -> RecordedOut:
    """Accept or decline a referral; declining needs a note."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, referral_id))))


@router.post("/cases/{case_id}/placements", status_code=201)
def start_placement(case_id: UUID, body: PlacementIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Start a participation-support placement (参加支援)."""
    return _record(body, case_id, actor, execute)


@router.post("/cases/{case_id}/consents", status_code=201)
def record_consent(case_id: UUID, body: ConsentIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Record a consent decision (given, refused, withdrawn) for one or more scopes."""
    return _record(body, case_id, actor, execute)


@router.post("/cases/{case_id}/status")
def change_status(case_id: UUID, body: StatusChangeIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Move the case along its lifecycle (closing and reopening have their own endpoints)."""
    return _record(body, case_id, actor, execute)


@router.post("/cases/{case_id}/close")
def close_case(case_id: UUID, body: ClosureIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Close the case (終結) with a reason code."""
    return _record(body, case_id, actor, execute)


@router.post("/cases/{case_id}/reopen")
def reopen_case(case_id: UUID, body: ReopeningIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Reopen a closed case; it starts again at intake."""
    return _record(body, case_id, actor, execute)
