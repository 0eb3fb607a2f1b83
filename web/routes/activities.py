"""Community activities (相談会, 研修, 協議体 …) on a screen: the fiscal year's list and totals, and a form.

Each row keeps simple markup (``tr.activity-row`` with ``data-activity-id``) so
that actions such as void/correct (``web.routes.activity_corrections``) can be
added to a row without changing this page.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from domain.actor import Actor
from domain.fiscal_year import FiscalYear
from projections import community_queries
from web.activity_forms import community_activity, community_activity_defaults
from web.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep
from web.errors import FieldErrors, expect_form
from web.forms import Values
from web.rendering import render

router = APIRouter(include_in_schema=False)

FiscalYearQuery = Annotated[int | None, Query(ge=1989, le=2100)]


def _context(connection: Any, fy: FiscalYear, actor: Actor, values: Values, errors: FieldErrors,
             detail: str | None = None, saved: bool = False) -> dict[str, Any]:
    return {
        "fy": fy,
        "activities": community_queries.list_community_activities(connection, fiscal_year=fy),
        "totals": community_queries.community_totals(connection, fy),
        "values": values, "errors": errors, "detail": detail, "saved": saved,
    }


@router.get("/activities", name="activities")
def activities(request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep,
               fy: FiscalYearQuery = None, saved: bool = False) -> Response:
    """The fiscal year's community activities (the current one unless ``fy`` says), with a form to record one."""
    year = FiscalYear(fy) if fy is not None else FiscalYear.of(kasane.today())
    context = _context(connection, year, user.actor, community_activity_defaults(user.actor, kasane.today()), {},
                       saved=saved)
    return render(request, "pages/activities.html", context)


@router.post("/activities", name="record_activity")
def record_activity(request: Request, values: FormDep, read_models: ReadModelsDep, user: CurrentUser,
                    kasane: KasaneDep, execute: Execute) -> Response:
    """Record the activity, then show its fiscal year; a refusal shows the form again with the input kept."""
    submitted = Values(values.multi_items())

    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        with read_models.engine.connect() as fresh:
            context = _context(fresh, FiscalYear.of(kasane.today()), user.actor, submitted, errors, detail)
            return render(request, "pages/activities.html", context, status_code=status, headers=headers)

    expect_form(request, show_again)
    command = community_activity(submitted, user.actor)
    execute(command)
    target = request.url_for("activities").include_query_params(fy=FiscalYear.of(command.occurred_on).year,
                                                                saved="true")
    return RedirectResponse(str(target), status_code=303)
