"""Navigation entries whose screens come in a later increment (support meetings, plans)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from web.deps import CurrentUser
from web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/meetings", name="meetings")
def meetings(request: Request, user: CurrentUser) -> Response:
    """Support meetings (支援会議): recording screens come with the meeting read models."""
    return render(request, "pages/coming_later.html", {"title_key": "nav_meetings"})

