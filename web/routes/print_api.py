"""The printed documents as PDF through the JSON API: the same documents, scope and audit as the screens'
(``web.routes.print_documents``), under ``/api``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from web.http.deps import CurrentUser, KasaneDep, NamesDep, ReadDep, TranslatorDep
from web.routes import print_documents as documents
from web.routes.api import REFUSALS

router = APIRouter(prefix="/api", tags=["printed documents"], responses=REFUSALS)
PDF: dict[int | str, dict[str, Any]] = {200: {"content": {"application/pdf": {}}, "description": "the document as PDF"}}


@router.get("/meetings/{meeting_id}/print.pdf", responses=PDF, response_class=Response)
def minutes_pdf(
    request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep, meeting_id: UUID
) -> Response:
    """The minutes (議事録) of a meeting the user's agency convened or attended."""
    return documents.minutes_pdf(request, connection, user, kasane, meeting_id)


@router.get("/cases/{case_id}/record/print.pdf", responses=PDF, response_class=Response)
def case_record_pdf(
    request: Request, connection: ReadDep, kasane: KasaneDep, t: TranslatorDep, names: NamesDep, case_id: UUID
) -> Response:
    """The case record (ケース記録票)."""
    return documents.case_record_pdf(request, connection, kasane, t, names, case_id)


@router.get("/cases/{case_id}/referrals/{referral_id}/print.pdf", responses=PDF, response_class=Response)
def referral_sheet_pdf(
    request: Request, connection: ReadDep, kasane: KasaneDep, names: NamesDep, case_id: UUID, referral_id: UUID
) -> Response:
    """The referral sheet (つなぐシート) of one of the case's referrals."""
    return documents.referral_sheet_pdf(request, connection, kasane, names, case_id, referral_id)


@router.get("/cases/{case_id}/plans/{version}/print.pdf", responses=PDF, response_class=Response)
def support_plan_pdf(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    case_id: UUID,
    version: documents.Version,
) -> Response:
    """One version of the case's support plan (プラン兼利用申込書)."""
    return documents.support_plan_pdf(request, connection, user, kasane, case_id, version)
