"""The supervisor's caseload dashboard; every count links to the matching case list.

Every figure is scoped like the case list (``projections.cases.scope``): the
reader's agency's cases only. The long lists show their most urgent rows
(``TOP``) with their totals and a link to the whole list, paged.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from projections.cases import casework_queries, queries
from projections.cases.caseload import open_action_item_count
from web.access.guard import shown
from web.http.deps import CurrentUser, KasaneDep, ReadDep
from web.http.filters import PAGE_SIZE, After, Limit
from web.http.rendering import render

router = APIRouter(include_in_schema=False)

AGEING_DAYS = 90
"""A case this long in one status is shown to the supervisor."""
TOP = 10
"""Rows of each long list shown on the dashboard; the rest are one link away."""


@router.get("/caseload", name="caseload")
def caseload(request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep) -> Response:
    """Counts by status, coordinator, agency, area and issue; the most overdue reviews, items and longest cases."""
    today, scope = kasane.today(), user.case_scope
    totals = queries.caseload_totals(connection, today, ageing_days=AGEING_DAYS, visible_to=scope)
    overdue = queries.overdue_reviews(connection, today, visible_to=scope, limit=TOP, total=totals.overdue_reviews)
    ageing = queries.ageing(
        connection, today, at_least_days=AGEING_DAYS, visible_to=scope, limit=TOP, total=totals.ageing
    )
    items = totals.action_items
    overdue_items = queries.overdue_action_items(connection, today, visible_to=scope, limit=TOP, total=items.overdue)
    urgent_checks = casework_queries.open_urgent_checks(connection, today, visible_to=scope)
    context = {
        "counts": totals.counts,
        "overdue": overdue,
        "ageing": ageing,
        "ageing_days": AGEING_DAYS,
        "overdue_items": overdue_items,
        "open_item_count": items.open,
        "urgent_checks": urgent_checks,
    }
    shown(
        request,
        [c.case_id for c in overdue.items]
        + [c.case_id for c in ageing.items]
        + [o.item.case_id for o in overdue_items.items if o.item.case_id]
        + [u.case_id for u in urgent_checks],
    )
    return render(request, "pages/caseload.html", context)


@router.get("/caseload/action-items", name="overdue_action_items")
def overdue_action_items(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    limit: Limit = PAGE_SIZE,
    after: After = None,
) -> Response:
    """Every overdue meeting action item the reader may see, most overdue first, a page at a time."""
    scope = user.case_scope
    overdue_items = queries.overdue_action_items(connection, kasane.today(), visible_to=scope, limit=limit, after=after)
    context = {
        "overdue_items": overdue_items,
        "open_item_count": open_action_item_count(connection, visible_to=scope),
        "paged": True,
    }
    shown(request, [o.item.case_id for o in overdue_items.items if o.item.case_id])
    return render(request, "pages/overdue_items.html", context, fragment="partials/meetings/overdue_items.html")
