"""New case intake (新規受付): the form, one more member row, and opening the case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.datastructures import ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from web.forms import intake as intake_form
from web.forms.intake_urgent import intake_urgent_check
from web.forms.reader import Values
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep
from web.http.errors import FieldErrors, expect_form
from web.http.htmx import is_htmx, redirect
from web.http.rendering import render

router = APIRouter(include_in_schema=False)


def _show(
    request: Request, values: Values, errors: FieldErrors, detail: str | None = None, status_code: int = 200
) -> Response:
    context = {"values": values, "errors": errors, "detail": detail, "rows": intake_form.member_rows(values)}
    return render(
        request, "pages/new_case.html", context, fragment="partials/forms/intake.html", status_code=status_code
    )


@router.get("/cases/new", name="new_case")
def new_case(request: Request, user: CurrentUser, kasane: KasaneDep) -> Response:
    """The intake form, filled with today and the acting user's agency."""
    return _show(request, intake_form.defaults(user.actor, kasane.today()), {})


@router.get("/cases/new/member-row", name="member_row")
def member_row(request: Request, user: CurrentUser, index: Annotated[int, Query(ge=0, le=50)]) -> Response:
    """One more empty member row for the intake form (htmx appends it)."""
    context = {"values": ImmutableMultiDict(), "errors": {}, "rows": [index], "row": index}
    return render(request, "pages/new_case.html", context, fragment="partials/member_row_added.html")


@router.post("/cases/new", name="open_case")
def open_case(request: Request, values: FormDep, user: CurrentUser, execute: Execute) -> Response:
    """Open the case (and record consent and an urgent check if asked for); then go to the case page."""
    submitted = Values(values.multi_items())
    expect_form(request, lambda errors, detail, status, headers: _show(request, submitted, errors, detail, status))
    command, consent = intake_form.open_case(submitted, user.actor)
    urgent = intake_urgent_check(submitted, command, user.actor)
    execute(command)
    if consent is not None:
        execute(consent)
    if urgent is not None:
        execute(urgent)
    url = str(request.url_for("case_page", case_id=command.case_id))
    if is_htmx(request):
        return Response(status_code=204, headers=redirect(url))
    return RedirectResponse(url, status_code=303)
