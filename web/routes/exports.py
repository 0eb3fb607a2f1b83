"""Downloading a list as CSV or Excel: the case list, the caseload's lists and the meeting list, screens and API.

Every export is a POST carrying the list's conditions in its body, so a
search's words or a chosen coordinator never reach a URL or a server log;
the rows, the scope and the audit entry come from ``web.views.list_export``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from web.access.guard import exported
from web.http.deps import CurrentUser, KasaneDep, MasterDataDep, ReadDep
from web.i18n.language import Translator
from web.routes.api import REFUSALS
from web.views.list_export import (
    CaseExportIn,
    Export,
    ExportFormatIn,
    MeetingExportIn,
    exported_cases,
    exported_meetings,
    exported_overdue_items,
)
from web.views.names import Names, Records

router = APIRouter()

FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The list as a file: CSV (UTF-8 with BOM) or .xlsx",
        "content": {"text/csv": {}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}},
    }
}


def japanese_names(request: Request, records: Records) -> Names:
    """Files are written in Japanese, whatever the reader's screen language."""
    return Names(Translator("ja", request.app.state.catalogs["ja"]), records)


def _download(request: Request, export: Export) -> Response:
    exported(request, export.audit_query, export.case_ids)
    return export.response()


def _cases(
    request: Request, wanted: CaseExportIn, connection: ReadDep, user: CurrentUser, kasane: KasaneDep, records: Records
) -> Response:
    names = japanese_names(request, records)
    export = exported_cases(connection, kasane, wanted, visible_to=user.case_scope, names=names)
    return _download(request, export)


def _meetings(
    request: Request,
    wanted: MeetingExportIn,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: Records,
) -> Response:
    names = japanese_names(request, records)
    export = exported_meetings(connection, kasane.today(), wanted, agency=user.agency, names=names)
    return _download(request, export)


@router.post("/cases/export", name="case_export", include_in_schema=False)
def case_export_form(
    request: Request,
    wanted: Annotated[CaseExportIn, Form()],
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: MasterDataDep,
) -> Response:
    """The case list (or the caseload's overdue and ageing lists) with the screen's conditions, as a file."""
    return _cases(request, wanted, connection, user, kasane, records)


@router.post("/meetings/export", name="meeting_export", include_in_schema=False)
def meeting_export_form(
    request: Request,
    wanted: Annotated[MeetingExportIn, Form()],
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: MasterDataDep,
) -> Response:
    """The meeting list of the screen's period and conditions, as a file."""
    return _meetings(request, wanted, connection, user, kasane, records)


@router.post("/api/cases/export", tags=["api"], responses={**REFUSALS, **FILE}, response_class=Response)
def case_export_api(
    request: Request,
    wanted: CaseExportIn,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: MasterDataDep,
) -> Response:
    """Every case ``GET /api/cases`` lists for these filters (or ``POST /api/cases/search`` finds for ``q``), as a
    CSV or .xlsx file with Japanese headers and labels, ISO dates. Audited as ``export`` with the case ids."""
    return _cases(request, wanted, connection, user, kasane, records)


@router.post("/api/meetings/export", tags=["meetings"], responses={**REFUSALS, **FILE}, response_class=Response)
def meeting_export_api(
    request: Request,
    wanted: MeetingExportIn,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: MasterDataDep,
) -> Response:
    """The meetings ``GET /api/meetings`` lists for this period and these filters, as a CSV or .xlsx file."""
    return _meetings(request, wanted, connection, user, kasane, records)


def _overdue_items(
    request: Request,
    wanted: ExportFormatIn,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: Records,
) -> Response:
    names = japanese_names(request, records)
    export = exported_overdue_items(connection, kasane.today(), wanted.format, visible_to=user.case_scope, names=names)
    return _download(request, export)


@router.post("/caseload/action-items/export", name="overdue_items_export", include_in_schema=False)
def overdue_items_export_form(
    request: Request,
    wanted: Annotated[ExportFormatIn, Form()],
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: MasterDataDep,
) -> Response:
    """The caseload's overdue meeting action items, every page, as a file."""
    return _overdue_items(request, wanted, connection, user, kasane, records)


@router.post("/api/caseload/action-items/export", tags=["api"], responses={**REFUSALS, **FILE}, response_class=Response)
def overdue_items_export_api(
    request: Request,
    wanted: ExportFormatIn,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    records: MasterDataDep,
) -> Response:
    """Every overdue meeting action item the caller's caseload lists, most overdue first, as a CSV or .xlsx file."""
    return _overdue_items(request, wanted, connection, user, kasane, records)
