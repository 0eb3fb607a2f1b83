"""The caseload as it stood at a past date or moment (as known then), and month by month through a fiscal year.

A date is not personal data, so the moment is a query parameter (``?as_of=2025-03-31``: the end of that day).
The page and ``/api/caseload/as-of`` read the same figures (``projections.cases.caseload_as_of``), over the
cases the reader's agency may see; they show counts only, so no household is named.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from domain.errors import InvalidInput
from domain.fiscal_year import FiscalYear
from projections.cases.caseload_as_of import caseload_as_of, caseload_by_month
from projections.reports import labels as ja
from web.http.deps import CurrentActor, CurrentUser, KasaneDep, ReportReadDep, TranslatorDep, ZoneDep
from web.http.filters import FiscalYearQuery
from web.http.rendering import render
from web.routes.api import REFUSALS
from web.views import caseload_history as view
from web.views.planner_view import moment_input

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["caseload"], responses=REFUSALS)


@router.get("/caseload/as-of", name="caseload_as_of")
def caseload_then(
    request: Request,
    connection: ReportReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    zone: ZoneDep,
    as_of: str | None = None,
) -> Response:
    """Counts at the moment asked, and the month ends of its fiscal year: open cases and cases waiting for a plan."""
    errors: dict[str, str] = {}
    try:
        moment = view.as_of_moment(as_of, "as_of", zone=zone) or datetime.now(UTC).astimezone(zone)
    except InvalidInput as error:
        errors["as_of"], moment = t.error(error.code, "as_of"), datetime.now(UTC).astimezone(zone)
    scope = user.case_scope
    then = caseload_as_of(connection, moment, zone, visible_to=scope)
    year = FiscalYear.of(then.day)
    months = caseload_by_month(connection, year, zone, datetime.now(UTC), visible_to=scope)
    context: dict[str, Any] = {
        "then": then,
        "months": months,
        "year": year,
        "era": ja.era_year(year.year),
        "errors": errors,
        "as_of_value": as_of if errors else moment_input(moment.replace(microsecond=0), zone),
        "chart": view.waiting_chart(
            months,
            title=t("caseload_by_month_title", era=ja.era_year(year.year)),
            desc=t("caseload_by_month_desc"),
            labels=(t("open_cases"), t("waiting_for_plan")),
        ),
    }
    return render(request, "pages/caseload_as_of.html", context, status_code=422 if errors else 200)


@api.get("/caseload/as-of")
def get_caseload_as_of(
    connection: ReportReadDep,
    actor: CurrentActor,
    zone: ZoneDep,
    as_of: str | None = None,
    fy: FiscalYearQuery = None,
) -> dict[str, Any]:
    """The caller's agency's caseload as it stood and was known at ``as_of`` (a date means its end), or at the end
    of each month of fiscal year ``fy`` that has passed; counts only."""
    scope = (actor.agency_id, actor.user_id)
    if fy is not None:
        months = caseload_by_month(connection, FiscalYear(fy), zone, datetime.now(UTC), visible_to=scope)
        return view.by_month_document(fy, months)
    moment = view.as_of_moment(as_of, "as_of", zone=zone)
    if moment is None:
        raise InvalidInput("give as_of (a date or moment) or fy", field="as_of")
    return view.caseload_document(caseload_as_of(connection, moment, zone, visible_to=scope))
