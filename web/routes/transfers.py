"""The receiving agency's list of transfer requests waiting for its answer (decision 10)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from projections.cases import casework_queries
from web.access.guard import shown
from web.http.deps import CurrentUser, ReadDep
from web.http.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/transfers", name="incoming_transfers")
def incoming_transfers(request: Request, connection: ReadDep, user: CurrentUser) -> Response:
    """Requests to take the lead of a case, oldest first; each links to the case page to answer there."""
    incoming = casework_queries.incoming_transfers(connection, user.agency)
    shown(request, [i.transfer.case_id for i in incoming])
    return render(request, "pages/transfers.html", {"incoming": incoming})
