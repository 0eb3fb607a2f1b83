"""Caseload import API (/api/imports/caseload): the same check, record and confirm as the admin screens.

``POST /api/imports/caseload`` takes the file(s) as multipart ``files``: with ``dry_run=true`` (the default) it
answers the report and keeps an importable file for ``POST /api/imports/caseload/{sha256}``; with
``dry_run=false`` it checks and records in one request. A file with problems is answered 422 with every
problem; nothing is written then.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse

from web.caseload_import.report import problem_message
from web.caseload_import.run import ImportReport
from web.caseload_import.uploads import UploadGone, check_upload, confirm_upload, import_directly
from web.caseload_import.workbook import UnreadableFile
from web.http.deps import CurrentUser, FormDep, TranslatorDep
from web.i18n.language import Translator
from web.routes.admin_import import uploaded_parts
from web.routes.api import REFUSALS

router = APIRouter(prefix="/api/imports", tags=["import"], responses=REFUSALS)


def report_body(report: ImportReport, t: Translator, *, dry_run: bool) -> dict[str, Any]:
    return {
        "sha256": report.sha256,
        "dry_run": dry_run,
        "recorded": report.recorded,
        "already_imported": report.already_imported,
        "counts": report.counts,
        "case_ids": [str(c) for c in report.case_ids] if report.recorded else [],
        "events": report.events,
        "problems": [{**asdict(p), "message": problem_message(p, t)} for p in report.problems],
        "missing": [asdict(m) for m in report.missing],
    }


def _answer(report: ImportReport, t: Translator, *, dry_run: bool) -> JSONResponse:
    return JSONResponse(report_body(report, t, dry_run=dry_run), status_code=422 if report.problems else 200)


@router.post("/caseload")
def import_caseload_file(
    request: Request, values: FormDep, user: CurrentUser, t: TranslatorDep, dry_run: bool = True
) -> JSONResponse:
    """Check (``dry_run=true``) or check and record (``dry_run=false``) the uploaded workbook or CSV files."""
    parts = uploaded_parts(values)
    try:
        report = check_upload(request, parts, user) if dry_run else import_directly(request, parts, user)
    except UnreadableFile:
        raise HTTPException(422, "the file is neither an .xlsx workbook nor UTF-8 / Shift_JIS CSV") from None
    return _answer(report, t, dry_run=dry_run)


@router.post("/caseload/{sha256}")
def confirm_caseload_file(request: Request, sha256: str, user: CurrentUser, t: TranslatorDep) -> JSONResponse:
    """Record the file a dry run kept under this hash (the file is not sent again)."""
    try:
        report = confirm_upload(request, sha256, user)
    except UploadGone:
        raise HTTPException(410, "no checked file is kept under that hash; upload it again") from None
    return _answer(report, t, dry_run=False)
