"""Community activities (相談会, 研修, 協議体 …) on one screen: the fiscal year's totals by kind and list, the
form to record one, and on each of the agency's own rows 取消 / 訂正 in place.

The totals and the list are one fragment (``partials/activities/list.html``) that redraws itself after a void
or a correction (``web.routes.activity_corrections``), so that the totals never disagree with the rows; each row
comes from one template (``partials/activities/row.html``) whether the page or a fragment draws it. The former
``/community-activities`` list answers with a redirect here, so old bookmarks keep working.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from domain.fiscal_year import FiscalYear
from projections.community import queries as community_queries
from web.forms.activity import community_activity, community_activity_defaults
from web.forms.reader import Values
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep
from web.http.errors import FieldErrors, expect_form
from web.http.filters import FiscalYearQuery
from web.http.rendering import render

router = APIRouter(include_in_schema=False)

PAGE, LIST = "pages/activities.html", "partials/activities/list.html"


def page_context(
    connection: Any,
    fy: FiscalYear,
    agency: str,
    values: Values,
    errors: FieldErrors,
    *,
    include_voided: bool = False,
    detail: str | None = None,
    saved: bool = False,
    amend: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What the page and its list fragment need; ``agency`` is the user's, whose rows offer 取消 / 訂正."""
    return {
        "fy": fy,
        "activities": community_queries.list_community_activities(
            connection, fiscal_year=fy, include_voided=include_voided
        ),
        "totals": community_queries.community_totals(connection, fy),
        "include_voided": include_voided,
        "own_agency": agency,
        "amend": amend,
        "values": values,
        "errors": errors,
        "detail": detail,
        "saved": saved,
    }


@router.get("/activities", name="activities")
def activities(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    fy: FiscalYearQuery = None,
    voided: bool = False,
    saved: bool = False,
) -> Response:
    """The fiscal year's community activities (the current one unless ``fy`` says; voided ones on request)."""
    year = FiscalYear(fy) if fy is not None else FiscalYear.of(kasane.today())
    context = page_context(
        connection,
        year,
        user.agency,
        community_activity_defaults(user.actor, kasane.today()),
        {},
        include_voided=voided,
        saved=saved,
    )
    return render(request, PAGE, context, fragment=LIST)


@router.get("/community-activities", name="community_activities")
def former_community_activities(request: Request, voided: bool = False) -> Response:
    """The former second page of activities: now the one page, with the same switch."""
    target = request.url_for("activities")
    return RedirectResponse(str(target.include_query_params(voided=1) if voided else target), status_code=307)


@router.post("/activities", name="record_activity")
def record_activity(
    request: Request,
    values: FormDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Record the activity, then show its fiscal year; a refusal shows the form again with the input kept."""
    submitted = Values(values.multi_items())

    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        with read_models.engine.connect() as fresh:
            context = page_context(fresh, FiscalYear.of(kasane.today()), user.agency, submitted, errors, detail=detail)
            return render(request, PAGE, context, status_code=status, headers=headers)

    expect_form(request, show_again)
    command = community_activity(submitted, user.actor)
    execute(command)
    target = request.url_for("activities").include_query_params(
        fy=FiscalYear.of(command.occurred_on).year, saved="true"
    )
    return RedirectResponse(str(target), status_code=303)
