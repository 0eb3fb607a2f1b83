"""Navigation entries whose screens come in a later increment (plans)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from web.deps import CurrentUser
from web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/plans", name="plans")
def plans(request: Request, user: CurrentUser) -> Response:
    """Plans and indicators (計画・指標): screens come with the indicator engine."""
    return render(request, "pages/coming_later.html", {"title_key": "nav_plans"})
