"""The admin's access log: "who saw this household, when?" (read only; nothing here changes it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from web.access.guard import shown
from web.http.deps import CurrentUser
from web.http.rendering import render

router = APIRouter(include_in_schema=False)

SHOWN_AT_MOST = 500
"""Newest entries first; an admin narrows by case or user rather than paging through everything."""


@router.get("/admin/audit", name="audit_log")
def audit_log(
    request: Request,
    user: CurrentUser,
    case: Annotated[str, Query(max_length=100)] = "",
    username: Annotated[str, Query(alias="user", max_length=100)] = "",
) -> Response:
    """Accesses to one case and/or by one user, newest first (reading the log is itself logged)."""
    case, username = case.strip(), username.strip()
    entries = request.app.state.audit.accesses(case_id=case or None, username=username or None)
    if case:
        shown(request, [case])
    context = {
        "entries": list(reversed(entries))[:SHOWN_AT_MOST],
        "total": len(entries),
        "case": case,
        "username": username,
    }
    return render(request, "pages/audit.html", context)
