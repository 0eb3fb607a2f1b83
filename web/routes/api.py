"""The JSON API: the same commands and queries as the screens, for other systems.

Refusals are answered by ``web.http.errors`` with 422 (bad input), 404 (no such
case), 409 (someone changed the case first, or the thing already exists)
and a body naming the rule and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request

from domain.errors import AlreadyExists, NotFound
from projections.cases import queries
from projections.cases.scope import may_see_case
from projections.paging import MAX_LIMIT
from web.access.guard import read_by_post, shown
from web.api_models.cases import (
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
from web.http.deps import CurrentActor, Execute, KasaneDep, ReadDep
from web.http.filters import PAGE_SIZE, After, CaseFilters, Limit
from web.views.case_finder import CaseSearchIn, search_cases
from web.views.case_view import case_detail
from web.views.meeting_view import withhold_meeting_outcomes

REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "Not logged in: POST /login first (the session cookie)"},
    403: {"model": ErrorOut, "description": "The role may not do this, or the X-CSRF-Token header is missing/wrong"},
    404: {"model": ErrorOut, "description": "No such case"},
    409: {"model": ErrorOut, "description": "Changed by someone else first, or already recorded"},
    422: {"model": ErrorOut, "description": "Refused input: the body names the rule and the field"},
}

router = APIRouter(prefix="/api", tags=["api"], responses=REFUSALS)


@dataclass(frozen=True)
class CasePage:
    """One page of the case list. Ask for the next with ``after=<next_after>`` and the same filters."""

    items: list[queries.CaseSummary]
    total: int
    """Cases matching the filters, on all pages."""
    start: int
    """Matching cases before this page (0 on the first)."""
    limit: int
    next_after: UUID | None
    """The ``after`` of the next page; null on the last page."""


@dataclass(frozen=True)
class Caseload:
    """Supervisor figures over the cases the caller may see; each list is its most urgent ``top`` rows."""

    counts: queries.CaseloadCounts
    overdue_reviews: list[queries.OverdueReview]
    overdue_review_total: int
    """All of them: ``GET /api/cases?review_overdue=true`` pages through them."""
    ageing: list[queries.CaseAge]
    ageing_total: int
    """All of them: ``GET /api/cases?in_status_days=<ageing_days>`` pages through them."""


@router.get("/cases")
def list_cases(
    request: Request,
    connection: ReadDep,
    actor: CurrentActor,
    kasane: KasaneDep,
    filters: Annotated[CaseFilters, Query()],
    limit: Limit = PAGE_SIZE,
    after: After = None,
) -> CasePage:
    """Cases matching every given filter, a page at a time (keyset paging).

    Most recently opened first; with ``review_overdue`` or ``in_status_days``, most urgent first. ``limit``
    rows per page (default 50, at most 200); the answer's ``next_after`` is the ``after`` of the next page
    (null on the last), ``total`` counts every matching case.
    """
    page = queries.case_page(
        connection,
        **filters.as_query(),
        visible_to=(actor.agency_id, actor.user_id),
        today=kasane.today(),
        limit=limit,
        after=after,
    )
    shown(request, [c.case_id for c in page.items])
    return CasePage(page.items, page.total, page.start, page.limit, page.next_after)


@router.post("/cases/search")
def search_case_list(
    request: Request, body: CaseSearchIn, connection: ReadDep, actor: CurrentActor, kasane: KasaneDep
) -> CasePage:
    """Cases the caller may see whose household or member names or kana hold ``q``, or whose number starts with it.

    A POST so that the words never appear in a URL or a log; the audit records the cases shown, not the words.
    Answers the first ``limit`` matches only (``next_after`` is always null): narrow the search for more."""
    page = search_cases(connection, kasane, body.q, visible_to=(actor.agency_id, actor.user_id), limit=body.limit)
    read_by_post(request)
    shown(request, [c.case_id for c in page.items])
    return CasePage(page.items, page.total, page.start, page.limit, page.next_after)


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
def get_caseload(
    request: Request,
    connection: ReadDep,
    actor: CurrentActor,
    kasane: KasaneDep,
    ageing_days: Annotated[int, Query(ge=0, le=36500)] = 90,
    top: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
) -> Caseload:
    """Supervisor figures over the caller's agency's cases: counts by dimension, the ``top`` most overdue plan
    reviews and longest-running cases, with their totals."""
    today, scope = kasane.today(), (actor.agency_id, actor.user_id)
    totals = queries.caseload_totals(connection, today, ageing_days=ageing_days, visible_to=scope)
    overdue = queries.overdue_reviews(connection, today, visible_to=scope, limit=top, total=totals.overdue_reviews)
    ageing = queries.ageing(
        connection, today, at_least_days=ageing_days, visible_to=scope, limit=top, total=totals.ageing
    )
    caseload = Caseload(totals.counts, overdue.items, overdue.total, ageing.items, ageing.total)
    shown(request, [c.case_id for c in caseload.overdue_reviews] + [c.case_id for c in caseload.ageing])
    return caseload


@router.post("/cases", status_code=201)
def open_case(body: OpenCaseIn, actor: CurrentActor, execute: Execute, connection: ReadDep) -> RecordedOut:
    """Open a case at intake (受付).

    A ``case_id`` that is already taken answers 409 only to whoever may see that case: for anyone else it is a
    404, as every id outside one's scope is, so the answer does not tell that another agency holds the case."""
    try:
        return RecordedOut(**vars(execute(body.command(actor))))
    except AlreadyExists:
        if may_see_case(connection, actor.agency_id, actor.user_id, body.case_id):
            raise
        raise NotFound("no such case", field="case_id") from None


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
def answer_referral(
    case_id: UUID, referral_id: UUID, body: ReferralAnswerIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
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
