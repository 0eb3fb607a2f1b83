"""The admin's caseload import screens (/admin/import): upload, the dry-run report, confirm, what was recorded.

The upload is a multipart POST; its report lists every problem in the reader's language. A file without
problems is kept server-side, sealed, under its SHA-256 (``web/storage/import_uploads.py``): the confirm
button posts that hash only, so the file is never sent twice nor named in a URL.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from web.caseload_import.report import missing_line, problem_message, where
from web.caseload_import.run import ImportReport
from web.caseload_import.template import write_template
from web.caseload_import.uploads import UploadGone, check_upload, confirm_upload
from web.caseload_import.workbook import UnreadableFile
from web.http.deps import CurrentUser, FormDep
from web.http.rendering import render, translator_of

router = APIRouter(include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def uploaded_parts(values: Any) -> list[tuple[str, bytes]]:
    """(file name, content) of every uploaded file of the form field ``files``."""
    files = [f for f in values.getlist("files") if isinstance(f, UploadFile) and f.filename]
    return [(f.filename or "", f.file.read()) for f in files]


def _page(request: Request, status_code: int = 200, **context: Any) -> Response:
    t = translator_of(request)
    report: ImportReport | None = context.get("report")
    rows = [(where(p, t), p, problem_message(p, t)) for p in report.problems] if report else []
    missing = [missing_line(m, t) for m in report.missing] if report else []
    base = {"report": None, "problems": rows, "missing": missing, "error": ""}
    return render(request, "pages/admin_import.html", {**base, **context}, status_code=status_code)


@router.get("/admin/import", name="admin_import")
def import_form(request: Request, user: CurrentUser) -> Response:
    """The upload form and the template to fill in."""
    return _page(request)


@router.get("/admin/import/template.xlsx", name="admin_import_template")
def import_template(request: Request, user: CurrentUser) -> Response:
    """The empty-but-for-examples template workbook (docs/import.md), written by code."""
    stream = io.BytesIO()
    write_template(stream)
    disposition = "attachment; filename=caseload_template.xlsx"
    return Response(stream.getvalue(), media_type=XLSX, headers={"Content-Disposition": disposition})


@router.post("/admin/import", name="admin_import_check")
def import_check(request: Request, values: FormDep, user: CurrentUser) -> Response:
    """The dry run: every problem, or the counts that a confirmation would record."""
    try:
        report = check_upload(request, uploaded_parts(values), user)
    except UnreadableFile:
        return _page(request, status_code=422, error="import_unreadable")
    return _page(request, status_code=422 if report.problems else 200, report=report)


@router.post("/admin/import/{sha256}", name="admin_import_confirm")
def import_confirm(request: Request, sha256: str, user: CurrentUser) -> Response:
    """Record the file kept under this hash; the page then lists the cases it opened by row and case id.

    By id only: an admin does not read households (the coordinators find them in their case list)."""
    try:
        report = confirm_upload(request, sha256, user)
    except UploadGone:
        return _page(request, status_code=410, error="import_expired")
    return _page(request, status_code=422 if report.problems else 200, report=report)
