"""The planner's what-if (issue 16): upload a revised plan file, see every year's figures old vs new, record nothing.

Before a 中間見直し is adopted the committee wants to know what it would do
to the figures already reported. The uploaded file is parsed and counted on
the spot (``projections.indicators.what_if``); it is not loaded, so the event
store is untouched and the plan keeps its revision.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from domain.plan_use_cases import MAX_PLAN_FILE
from projections.indicators.what_if import what_if
from projections.reports import labels as ja
from projections.reports.what_if import what_if_document
from web.http.deps import CurrentUser, FormDep, KasaneDep, ReportReadDep, TranslatorDep
from web.http.errors import FieldErrors, expect_form
from web.http.rendering import render
from web.storage.what_if_files import listed, plan_text, read_listed
from web.views import planner_view

router = APIRouter(include_in_schema=False)

TRUE_FIGURES = 1
"""The screens show the true figures (like the year page); downloads and the CLI suppress small counts."""


def _page(request: Request, listing: Any, year: int, status_code: int = 200, **context: Any) -> Response:
    base = {
        "listing": listing,
        "year": planner_view.year_labels(year),
        "document": None,
        "error": "",
        "era": ja.era_year,
        "files": listed(request.app.state.settings.what_if_dir),
        "chosen": "",
    }
    return render(request, "pages/plan_what_if.html", {**base, **context}, status_code=status_code)


@router.get("/plans/{code}/what-if", name="plan_what_if")
def what_if_form(
    request: Request, code: str, connection: ReportReadDep, user: CurrentUser, kasane: KasaneDep, fy: str | None = None
) -> Response:
    """The upload form for a revised plan file."""
    listing = planner_view.plan_listing(connection, code)
    year = int(fy) if fy and fy.isdigit() else planner_view.default_year(listing, kasane.today())
    return _page(request, listing, year)


@router.post("/plans/{code}/what-if", name="plan_what_if_run")
def what_if_run(
    request: Request, code: str, values: FormDep, connection: ReportReadDep, user: CurrentUser, t: TranslatorDep
) -> Response:
    """Every year up to the one asked, under the loaded plan and under the uploaded file; nothing is recorded."""
    listing = planner_view.plan_listing(connection, code)
    fy = str(values.get("fy") or "")
    year = int(fy) if fy.isdigit() else listing.last_year
    upload, chosen = values.get("definition"), str(values.get("file") or "")
    uploaded = isinstance(upload, UploadFile) and bool(upload.filename)
    if not uploaded and not chosen:
        return _page(request, listing, year, status_code=422, error=t("whatif_no_file"))
    expect_form(
        request,
        lambda errors, _, status, __: _page(request, listing, year, status, error=_refusal(errors), chosen=chosen),
    )
    if isinstance(upload, UploadFile) and uploaded:
        source = plan_text(upload.file.read(MAX_PLAN_FILE * 4 + 1), "definition")
    else:  # a name from the select, never a path: refused unless the server's folder lists it
        source = read_listed(request.app.state.settings.what_if_dir, chosen)
    document = what_if_document(what_if(connection, code, year, source), TRUE_FIGURES)
    return _page(request, listing, year, document=document, chosen="" if uploaded else chosen)


def _refusal(errors: FieldErrors) -> str:
    """A refused file's message, with the plan file's key it concerns (a planner edits that file by its keys)."""
    return " ".join(f"{message} [{field}]" if field else message for field, message in errors.items())
