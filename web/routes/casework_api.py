"""The JSON API of responsibility, transfers, the household, issues and placement ends.

Refusals are answered by ``web.http.errors`` as on every other API route. A
transfer request makes the case visible to the agency asked until it answers
(``projections.cases.scope``), so that agency can call the accept/decline routes.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request

from domain.fiscal_year import FiscalYear
from projections.cases import casework_queries
from web.access.guard import shown
from web.api_models.cases import RecordedOut
from web.api_models.casework import (
    AnonymousConsultationIn,
    AssignmentIn,
    IssueTagsIn,
    MemberAdditionIn,
    MemberCorrectionIn,
    MemberDepartureIn,
    PlacementEndIn,
    TransferAcceptanceIn,
    TransferDeclineIn,
    TransferIn,
    TransferWithdrawalIn,
    UrgentCheckDoneIn,
    UrgentCheckIn,
)
from web.http.deps import CurrentActor, Execute, KasaneDep, ReadDep
from web.http.filters import FiscalYearQuery
from web.routes.api import REFUSALS

router = APIRouter(prefix="/api", tags=["api"], responses=REFUSALS)


@router.post("/cases/{case_id}/assignment")
def reassign(case_id: UUID, body: AssignmentIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Give the case to another coordinator of its lead agency (one step, with a reason)."""
    return RecordedOut(**vars(execute(body.command(actor, case_id))))


@router.post("/cases/{case_id}/transfers", status_code=201)
def request_transfer(case_id: UUID, body: TransferIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Ask another agency to take over as lead agency; nothing changes until it accepts."""
    return RecordedOut(**vars(execute(body.command(actor, case_id))))


@router.post("/cases/{case_id}/transfers/{transfer_id}/accept")
def accept_transfer(
    case_id: UUID, transfer_id: UUID, body: TransferAcceptanceIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """The receiving agency takes the lead, naming its coordinator."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, transfer_id))))


@router.post("/cases/{case_id}/transfers/{transfer_id}/decline")
def decline_transfer(
    case_id: UUID, transfer_id: UUID, body: TransferDeclineIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """The receiving agency declines, with a reason; the case stays where it was."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, transfer_id))))


@router.post("/cases/{case_id}/transfers/{transfer_id}/withdraw")
def withdraw_transfer(
    case_id: UUID, transfer_id: UUID, body: TransferWithdrawalIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """The lead agency takes back a request that has not been answered."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, transfer_id))))


@router.get("/cases/{case_id}/transfers")
def list_transfers(case_id: UUID, connection: ReadDep, actor: CurrentActor) -> list[casework_queries.TransferView]:
    """Every transfer request of the case, oldest first (reasons are in the timeline)."""
    return casework_queries.transfers_of(connection, case_id)


@router.get("/transfers/incoming")
def api_incoming_transfers(
    request: Request, connection: ReadDep, actor: CurrentActor
) -> list[casework_queries.IncomingTransfer]:
    """Transfer requests waiting for the caller's agency to accept or decline, oldest first."""
    incoming = casework_queries.incoming_transfers(connection, actor.agency_id)
    shown(request, [i.transfer.case_id for i in incoming])
    return incoming


@router.post("/cases/{case_id}/members", status_code=201)
def add_member(case_id: UUID, body: MemberAdditionIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Add a household member."""
    return RecordedOut(**vars(execute(body.command(actor, case_id))))


@router.post("/cases/{case_id}/members/{member_id}")
def correct_member(
    case_id: UUID, member_id: UUID, body: MemberCorrectionIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Correct or change a member's details (the whole member as it should now read)."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, member_id))))


@router.post("/cases/{case_id}/members/{member_id}/departure")
def member_leaves(
    case_id: UUID, member_id: UUID, body: MemberDepartureIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """A member leaves the household (転出・離脱), with a reason; their history stays."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, member_id))))


@router.post("/cases/{case_id}/issue-tags")
def tag_issues(case_id: UUID, body: IssueTagsIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Replace the case's issue tags as a whole."""
    return RecordedOut(**vars(execute(body.command(actor, case_id))))


@router.post("/cases/{case_id}/placements/{entry_id}/end")
def end_placement(
    case_id: UUID, entry_id: UUID, body: PlacementEndIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """End a participation-support placement with its outcome (就労, 修了, 中断, 次の支援へ)."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, entry_id))))


@router.post("/anonymous-consultations", status_code=201)
def api_record_anonymous_consultation(
    body: AnonymousConsultationIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Record an anonymous consultation (匿名相談) without a case; it counts as a consultation."""
    return RecordedOut(**vars(execute(body.command(actor))))


@router.get("/anonymous-consultations")
def api_list_anonymous_consultations(
    connection: ReadDep,
    actor: CurrentActor,
    kasane: KasaneDep,
    fy: FiscalYearQuery = None,
) -> list[casework_queries.AnonymousConsultationView]:
    """The caller's agency's anonymous consultations of a fiscal year (the current one by default)."""
    year = FiscalYear(fy) if fy is not None else FiscalYear.of(kasane.today())
    return casework_queries.anonymous_consultations(connection, year, actor.agency_id)


@router.post("/cases/{case_id}/urgent-checks", status_code=201)
def mark_urgent_check(case_id: UUID, body: UrgentCheckIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Ask for the household to be seen within 48 hours (due two days after the information came in)."""
    return RecordedOut(**vars(execute(body.command(actor, case_id))))


@router.post("/cases/{case_id}/urgent-checks/{check_id}/done")
def record_urgent_check(
    case_id: UUID, check_id: UUID, body: UrgentCheckDoneIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Record that the situation was checked; the check leaves the caseload."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, check_id))))


@router.get("/urgent-checks")
def api_open_urgent_checks(
    request: Request, connection: ReadDep, actor: CurrentActor, kasane: KasaneDep
) -> list[casework_queries.UrgentCheckView]:
    """Urgent checks not yet recorded on the cases the caller may see, earliest due first (``overdue`` flagged)."""
    checks = casework_queries.open_urgent_checks(
        connection, kasane.today(), visible_to=(actor.agency_id, actor.user_id)
    )
    shown(request, [c.case_id for c in checks])
    return checks
