"""Coordinator screens: my cases, the filtered case list, and a case's page with its fragments."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from projections.cases import casework_queries, queries
from web.access.guard import read_by_post, shown
from web.http.deps import CurrentUser, KasaneDep, NamesDep, ReadDep, TranslatorDep
from web.http.filters import PAGE_SIZE, After, CaseFilters, Limit
from web.http.htmx import is_htmx
from web.http.rendering import render
from web.views.case_finder import SEARCH_LIMIT, search_cases
from web.views.case_view import case_context, summary_context, timeline_context

router = APIRouter(include_in_schema=False)


@router.get("/", name="my_cases")
def my_cases(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    limit: Limit = PAGE_SIZE,
    after: After = None,
) -> Response:
    """The acting user's open cases, a page at a time."""
    page = queries.case_page(
        connection,
        coordinator=user.username,
        include_closed=False,
        visible_to=user.case_scope,
        today=kasane.today(),
        limit=limit,
        after=after,
    )
    shown(request, [c.case_id for c in page.items])
    incoming = casework_queries.incoming_transfers(connection, user.agency)
    shown(request, [i.transfer.case_id for i in incoming])
    return render(
        request,
        "pages/cases.html",
        {"page": page, "filters": None, "title_key": "my_cases_title", "incoming": incoming},
        fragment="partials/case_table.html",
    )


@router.get("/cases", name="case_list")
def case_list(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    filters: Annotated[CaseFilters, Query()],
    limit: Limit = PAGE_SIZE,
    after: After = None,
) -> Response:
    """The cases matching the filters, a page at a time (the caseload dashboard links here)."""
    page = queries.case_page(
        connection, **filters.as_query(), visible_to=user.case_scope, today=kasane.today(), limit=limit, after=after
    )
    shown(request, [c.case_id for c in page.items])
    return render(
        request,
        "pages/cases.html",
        {"page": page, "filters": filters, "title_key": "cases_title", "default_limit": PAGE_SIZE},
        fragment="partials/case_table.html",
    )


@router.post("/cases/search", name="case_search")
def case_search(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    q: Annotated[str, Form(max_length=100)] = "",
    limit: Annotated[int, Form(ge=1, le=SEARCH_LIMIT)] = PAGE_SIZE,
) -> Response:
    """The case list narrowed to a search by name, kana or case number; a POST, so the words stay out of URLs."""
    page = search_cases(connection, kasane, q, visible_to=user.case_scope, limit=limit)
    read_by_post(request)
    shown(request, [c.case_id for c in page.items])
    return render(
        request,
        "pages/cases.html",
        {
            "page": page,
            "filters": CaseFilters(),
            "title_key": "cases_title",
            "default_limit": PAGE_SIZE,
            "q": q,
            "searched": True,
        },
        fragment="partials/case_table.html",
    )


@router.get("/cases/{case_id}", name="case_page")
def case_page(
    request: Request,
    case_id: UUID,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    names: NamesDep,
) -> Response:
    """A case: summary, the panels of the forms to record what was done, and the timeline."""
    context = case_context(connection, case_id, t, names, actor=user.actor, today=kasane.today())
    return render(request, "pages/case.html", context)


@router.get("/cases/{case_id}/summary", name="case_summary")
def case_summary(
    request: Request,
    case_id: UUID,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    names: NamesDep,
) -> Response:
    """The case summary (htmx refreshes it when the case changes); the whole page without htmx."""
    if not is_htmx(request):
        return case_page(request, case_id, connection, user, kasane, t, names)
    context = summary_context(connection, case_id, names, actor=user.actor, today=kasane.today())
    return render(request, "partials/case_summary.html", context)


@router.get("/cases/{case_id}/timeline", name="case_timeline")
def case_timeline(
    request: Request,
    case_id: UUID,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    names: NamesDep,
) -> Response:
    """The case timeline, newest first (htmx refreshes it when the case changes); the whole page without htmx."""
    if not is_htmx(request):
        return case_page(request, case_id, connection, user, kasane, t, names)
    context = timeline_context(connection, case_id, t, names, actor=user.actor)
    return render(request, "partials/timeline.html", context)
