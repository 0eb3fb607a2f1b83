"""The committee cycle on the screens and in the API: the planner's 確定 button, and the 確定 figures as JSON.

Finalizing writes (planners only, the ``/plans`` and ``/api/plans`` rules); what it records is decided in
``web.views.finalization``. Every view of the year then shows the 確定 figures beside the restated ones.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from domain.errors import InvalidInput, NotFound
from web.api_models.cases import RecordedOut
from web.http.deps import CurrentActor, CurrentUser, FormDep, KasaneDep, ReadModelsDep, ReportReadDep, SuppressionK
from web.http.filters import FiscalYearPath
from web.routes.api import REFUSALS
from web.views.finalization import finalize, finalized_view

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/plans", tags=["plans"], responses=REFUSALS)


@router.post("/plans/{code}/finalize", name="finalize_year")
def finalize_year(
    request: Request,
    code: str,
    values: FormDep,
    connection: ReportReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    k: SuppressionK,
) -> Response:
    """The planner's 確定 button: the year's report as it stands now becomes the 確定 report."""
    year = _year(values.get("fy"))
    finalize(kasane, connection, read_models.caught_up_to, code=code, year=year, actor=user.actor, k=k)
    url = request.url_for("plan_year", code=code).include_query_params(fy=year)
    return RedirectResponse(str(url), status_code=303)


@api.post("/{code}/years/{fiscal_year}/finalize", status_code=201)
def finalize_api(
    code: str,
    fiscal_year: FiscalYearPath,
    connection: ReportReadDep,
    read_models: ReadModelsDep,
    actor: CurrentActor,
    kasane: KasaneDep,
    k: SuppressionK,
) -> RecordedOut:
    """Make the year's report 確定: records the moment it is made as of and the SHA-256 of its document."""
    recorded = finalize(kasane, connection, read_models.caught_up_to, code=code, year=fiscal_year, actor=actor, k=k)
    return RecordedOut(**vars(recorded))


@api.get("/{code}/years/{fiscal_year}/finalized")
def finalized_api(
    code: str, fiscal_year: FiscalYearPath, connection: ReportReadDep, actor: CurrentActor, k: SuppressionK
) -> Any:
    """The 確定 figures beside the restated ones, the corrections between, and whether the document still matches."""
    shown = finalized_view(connection, code, fiscal_year, k)
    if shown is None:
        raise NotFound(f"FY{fiscal_year} of {code} has not been finalized", field="fiscal_year")
    return shown


def _year(text: object) -> int:
    if not isinstance(text, str) or not text.strip().isdigit():
        raise InvalidInput("fiscal_year must be a year such as 2025", field="fiscal_year")
    return int(text)
