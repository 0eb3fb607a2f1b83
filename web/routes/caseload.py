"""The supervisor's caseload dashboard; every count links to the matching case list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from projections import queries
from projections.meeting_queries import open_action_items
from web.auth import shown
from web.deps import CurrentUser, KasaneDep, ReadDep
from web.rendering import render

router = APIRouter(include_in_schema=False)

AGEING_DAYS = 90
"""A case this long in one status is shown to the supervisor."""


@router.get("/caseload", name="caseload")
def caseload(request: Request, connection: ReadDep, user: CurrentUser, kasane: KasaneDep) -> Response:
    """Counts by status, coordinator, agency, area and issue; overdue reviews; long-running cases."""
    today = kasane.today()
    context = {
        "counts": queries.caseload_counts(connection),
        "overdue": queries.overdue_reviews(connection, today),
        "ageing": queries.ageing(connection, today, at_least_days=AGEING_DAYS),
        "ageing_days": AGEING_DAYS,
        "overdue_items": queries.overdue_action_items(connection, today),
        "open_item_count": len(open_action_items(connection)),
    }
    shown(request, [c.case_id for c in (*context["overdue"], *context["ageing"])])
    return render(request, "pages/caseload.html", context)
