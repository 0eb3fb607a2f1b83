"""A plan across its years: the 工程表 (planned stage per year against what happened) and one indicator's
target and actual per year (chart and table), on the screens and in the API.

The screens show the true figures; the API's series is suppressed like every report that leaves the building.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from domain.errors import NotFound
from projections.reports.documents import to_csv
from projections.reports.plan_period import roadmap_table
from projections.reports.xlsx import roadmap_xlsx
from web.http.deps import CurrentActor, CurrentUser, KasaneDep, ReportReadDep, SuppressionK, TranslatorDep, ZoneDep
from web.http.rendering import render
from web.routes.api import REFUSALS
from web.routes.plan_api import DOCUMENT, AsOf
from web.routes.plans import CONTENT_TYPES
from web.views import plan_period_view as period
from web.views import planner_view

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/plans", tags=["plans"], responses=REFUSALS)

IndicatorCode = Annotated[str, Query(max_length=64, description="indicator code, e.g. K6-2")]
IndicatorPath = Annotated[str, Path(max_length=64, description="indicator code, e.g. K6-2")]


@router.get("/plans/{code}/roadmap", name="plan_roadmap")
def roadmap_page(
    request: Request, code: str, connection: ReportReadDep, user: CurrentUser, kasane: KasaneDep, zone: ZoneDep
) -> Response:
    """The 工程表: the plan period as columns, each measure's and programme's planned stage against the result."""
    listing = planner_view.plan_listing(connection, code)
    document = period.roadmap(connection, code, None, period.begun_through(kasane.today(), None, zone))
    return render(request, "pages/plan_roadmap.html", {"listing": listing, "document": document})


@router.get("/plans/{code}/roadmap.{fmt}", name="plan_roadmap_download")
def roadmap_download(
    code: str, fmt: str, connection: ReportReadDep, user: CurrentUser, kasane: KasaneDep, zone: ZoneDep
) -> Response:
    """The 工程表 as CSV or Excel (evaluations and planned stages only: nothing in it is a count to withhold)."""
    if fmt not in ("csv", "xlsx"):
        raise NotFound(f"no roadmap format {fmt!r} (csv, xlsx)", field="id")
    listing = planner_view.plan_listing(connection, code)
    document = period.roadmap(connection, code, None, period.begun_through(kasane.today(), None, zone))
    data = roadmap_xlsx(document) if fmt == "xlsx" else to_csv(*roadmap_table(document))
    japanese = quote(f"工程表_{listing.name}.{fmt}", safe="")
    disposition = f"attachment; filename=\"{code}_roadmap.{fmt}\"; filename*=UTF-8''{japanese}"
    return Response(data, media_type=CONTENT_TYPES[fmt], headers={"Content-Disposition": disposition})


@router.get("/plans/{code}/trend", name="plan_trend")
def trend_page(
    request: Request,
    code: str,
    connection: ReportReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    zone: ZoneDep,
    t: TranslatorDep,
    indicator: IndicatorCode = "",
) -> Response:
    """One indicator's target and actual across the plan's years: an SVG chart and the same figures as a table."""
    listing = planner_view.plan_listing(connection, code)
    through = period.begun_through(kasane.today(), None, zone)
    indicators = period.indicator_choices(connection, code, t)
    chosen = indicator or next((code for code, _ in indicators), None)  # a plan rated by hand may have none
    document = None if chosen is None else period.series(connection, code, chosen, None, through)
    context = {
        "listing": listing,
        "indicators": indicators,
        "document": document,
        "chart": "" if document is None else period.series_chart(document, t),
    }
    return render(request, "pages/plan_trend.html", context)


@api.get("/{code}/roadmap", responses=DOCUMENT)
def roadmap_api(
    code: str, connection: ReportReadDep, actor: CurrentActor, kasane: KasaneDep, zone: ZoneDep, as_of: AsOf = None
) -> JSONResponse:
    """The 工程表: per measure and programme and plan year, the planned stage and the year's 達成/未達成 or rating."""
    moment = planner_view.parse_moment(as_of, zone=zone)
    through = period.begun_through(kasane.today(), moment, zone)
    return JSONResponse(period.roadmap(connection, code, moment, through))


@api.get("/{code}/indicators/{indicator}/series", responses=DOCUMENT)
def series_api(
    code: str,
    indicator: IndicatorPath,
    connection: ReportReadDep,
    actor: CurrentActor,
    kasane: KasaneDep,
    k: SuppressionK,
    zone: ZoneDep,
    as_of: AsOf = None,
) -> JSONResponse:
    """One indicator's target and actual in every plan year (actual null for a year not begun, or withheld)."""
    moment = planner_view.parse_moment(as_of, zone=zone)
    through = period.begun_through(kasane.today(), moment, zone)
    return JSONResponse(period.series(connection, code, indicator, moment, through, k=k))
