"""Anonymous consultations (匿名相談, decision 13) on a screen: record one without opening a case.

The form asks for codes only (date, channel, agency, handler's role, issues,
a topic category): there is no box to type a name or a story into.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from domain.actor import Actor
from domain.fiscal_year import FiscalYear
from projections.cases import casework_queries
from web.forms.activity import anonymous_consultation, anonymous_consultation_defaults
from web.forms.reader import Values
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep
from web.http.errors import FieldErrors, expect_form
from web.http.filters import FiscalYearQuery
from web.http.rendering import render

router = APIRouter(include_in_schema=False)


def _context(
    connection: Any,
    fy: FiscalYear,
    actor: Actor,
    values: Values,
    errors: FieldErrors,
    detail: str | None = None,
    saved: bool = False,
) -> dict[str, Any]:
    return {
        "fy": fy,
        "consultations": casework_queries.anonymous_consultations(connection, fy, actor.agency_id),
        "values": values,
        "errors": errors,
        "detail": detail,
        "saved": saved,
    }


@router.get("/anonymous-consultations", name="anonymous_consultations")
def anonymous_consultations(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    fy: FiscalYearQuery = None,
    saved: bool = False,
) -> Response:
    """The agency's anonymous consultations of a fiscal year, and the form to record one."""
    year = FiscalYear(fy) if fy is not None else FiscalYear.of(kasane.today())
    defaults = anonymous_consultation_defaults(user.actor, kasane.today())
    return render(
        request, "pages/anonymous_consultations.html", _context(connection, year, user.actor, defaults, {}, saved=saved)
    )


@router.post("/anonymous-consultations", name="record_anonymous_consultation")
def record(
    request: Request,
    values: FormDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Record it, then show its fiscal year; a refusal shows the form again with the input kept."""
    submitted = Values(values.multi_items())

    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        with read_models.engine.connect() as fresh:
            context = _context(fresh, FiscalYear.of(kasane.today()), user.actor, submitted, errors, detail)
            return render(request, "pages/anonymous_consultations.html", context, status_code=status, headers=headers)

    expect_form(request, show_again)
    command = anonymous_consultation(submitted, user.actor)
    execute(command)
    target = request.url_for("anonymous_consultations").include_query_params(
        fy=FiscalYear.of(command.occurred_on).year, saved="true"
    )
    return RedirectResponse(str(target), status_code=303)
