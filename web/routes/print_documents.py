"""Printed documents (issue 15): each one's print view (A4, no navigation) and the same HTML as a PDF download.

Printing reads personal data like the page it comes from: the guard has already answered 404 to whoever may
not see the case or the meeting, and every print view and PDF is audited as ``print`` with the route's path,
which names the document and its ids. The JSON API serves the same PDFs (``web.routes.print_api``). The routes
are sync ``def``s, so FastAPI runs them, WeasyPrint included, in its thread pool, off the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from web.access.guard import printed, shown
from web.http.deps import CurrentUser, KasaneDep, NamesDep, ReadDep, TranslatorDep
from web.http.rendering import render
from web.printing import case_record, minutes, referral_sheet, support_plan
from web.printing.pdf import pdf_response
from web.views import meeting_view

router = APIRouter(include_in_schema=False)

Version = Annotated[int, Path(ge=1, le=10_000)]


def _document(request: Request, kasane: KasaneDep, template: str, context: dict[str, Any]) -> Response:
    printed(request)
    return render(request, template, context | {"printed_on": kasane.today()})


@router.get("/meetings/{meeting_id}/print", name="minutes_print")
def minutes_page(
    request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep, meeting_id: UUID
) -> Response:
    """The minutes (議事録) of a meeting, to print."""
    context = minutes.minutes(connection, meeting_id, user.agency)
    shown(request, meeting_view.cases_shown(context["detail"]))
    return _document(request, kasane, minutes.TEMPLATE, context)


@router.get("/cases/{case_id}/record/print", name="case_record_print")
def case_record_page(
    request: Request, connection: ReadDep, kasane: KasaneDep, t: TranslatorDep, names: NamesDep, case_id: UUID
) -> Response:
    """The case record (ケース記録票), to print."""
    context = case_record.case_record(connection, case_id, t, names, kasane.today())
    return _document(request, kasane, case_record.TEMPLATE, context)


@router.get("/cases/{case_id}/referrals/{referral_id}/print", name="referral_sheet_print")
def referral_sheet_page(
    request: Request, connection: ReadDep, kasane: KasaneDep, names: NamesDep, case_id: UUID, referral_id: UUID
) -> Response:
    """The referral sheet (つなぐシート) of one referral, to print (``names``: the agencies' names it shows)."""
    context = referral_sheet.referral_sheet(connection, case_id, referral_id)
    return _document(request, kasane, referral_sheet.TEMPLATE, context)


@router.get("/cases/{case_id}/plans/{version}/print", name="support_plan_print")
def support_plan_page(
    request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep, case_id: UUID, version: Version
) -> Response:
    """One version of the support plan (プラン兼利用申込書), to print."""
    context = support_plan.support_plan(connection, case_id, version, user.agency)
    return _document(request, kasane, support_plan.TEMPLATE, context)


@router.get("/meetings/{meeting_id}/print.pdf", name="minutes_pdf")
def minutes_pdf(
    request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep, meeting_id: UUID
) -> Response:
    """The minutes as PDF."""
    page = minutes_page(request, connection, user, kasane, meeting_id)
    return pdf_response(request, page, minutes.filename(meeting_id))


@router.get("/cases/{case_id}/record/print.pdf", name="case_record_pdf")
def case_record_pdf(
    request: Request, connection: ReadDep, kasane: KasaneDep, t: TranslatorDep, names: NamesDep, case_id: UUID
) -> Response:
    """The case record as PDF."""
    page = case_record_page(request, connection, kasane, t, names, case_id)
    return pdf_response(request, page, case_record.filename(case_id))


@router.get("/cases/{case_id}/referrals/{referral_id}/print.pdf", name="referral_sheet_pdf")
def referral_sheet_pdf(
    request: Request, connection: ReadDep, kasane: KasaneDep, names: NamesDep, case_id: UUID, referral_id: UUID
) -> Response:
    """The referral sheet as PDF."""
    page = referral_sheet_page(request, connection, kasane, names, case_id, referral_id)
    return pdf_response(request, page, referral_sheet.filename(referral_id))


@router.get("/cases/{case_id}/plans/{version}/print.pdf", name="support_plan_pdf")
def support_plan_pdf(
    request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep, case_id: UUID, version: Version
) -> Response:
    """One version of the support plan as PDF."""
    page = support_plan_page(request, connection, user, kasane, case_id, version)
    return pdf_response(request, page, support_plan.filename(case_id, version))
