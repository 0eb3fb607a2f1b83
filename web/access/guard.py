"""The guard: every routed request passes here once, before its route runs.

It finds the rule for the path (``web.access.policy``), the session from its
cookie, the user behind it (registered and not retired), checks the role,
then the CSRF token of a state-changing request, then that a ``case_id`` in the
path (or query) names a case the user may see (``projections.cases.scope``) and a
``meeting_id`` a meeting their agency took part in (``projections.meetings.scope``);
otherwise 404, as if it did not exist, audited as ``denied``. Then it opens
the request's audit entry. It is installed as an app-wide dependency in
``web.app``, so every route mounted on the app, now or later, goes through it;
routes read the result through ``web.http.deps.CurrentUser``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import Depends, Request
from sqlalchemy.engine import Connection
from starlette.responses import JSONResponse, RedirectResponse, Response

from domain.actor import Actor
from domain.audit import AccessMade
from domain.errors import NotFound
from projections import directory
from projections.cases.scope import may_see_case
from projections.meetings.scope import may_see_meeting
from web.access import csrf
from web.access.errors import AccessDenied, NotAuthenticated
from web.access.policy import Rule, rule_for
from web.access.sessions import Session
from web.http.deps import ActingUser, ReadDep, RequestReadsDep, master_records
from web.http.htmx import is_htmx
from web.views.names import Records

SESSION_COOKIE = "kasane_session"
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""A path value the audit may keep: an id or a code of master data, never free text."""


@dataclass
class AuditContext:
    """What the audit middleware writes down once the response is known."""

    actor: Actor
    rule: Rule
    case_ids: list[str] = field(default_factory=list)
    action: str | None = None
    """Set to ``denied`` by a route that refused for scope after the guard let the request through."""
    path: str = ""
    """The route's template (``/cases/{case_id}``), never the raw URL: ids go to ``case_ids``."""
    query: str = ""
    """What a download held (``list=cases&format=csv&rows=12``), written by the route: never the conditions typed."""


def shown(request: Request, case_ids: Iterable[object]) -> None:
    """Routes that list cases name the ones they showed, so "who saw this household" includes lists."""
    context: AuditContext | None = getattr(request.state, "audit", None)
    if context is not None:
        context.case_ids.extend(str(c) for c in case_ids)


def read_by_post(request: Request) -> None:
    """A POST that only reads (a search, a form row: POST keeps what it carries out of URLs) is audited as a read."""
    context: AuditContext | None = getattr(request.state, "audit", None)
    if context is not None and context.action is None:
        context.action = "read"


def exported(request: Request, query: str, case_ids: Iterable[object]) -> None:
    """A list downloaded as a file is audited as ``export``: which list, format and row count, and its case ids."""
    context: AuditContext | None = getattr(request.state, "audit", None)
    if context is not None:
        context.action, context.query = "export", query
        context.case_ids.extend(str(c) for c in case_ids)


def printed(request: Request) -> None:
    """A print view or its PDF: audited as ``print``, with the document named by the route's path (ids only)."""
    context: AuditContext | None = getattr(request.state, "audit", None)
    if context is not None:
        context.action = "print"


def session_of(request: Request, connection: Connection | None = None) -> Session | None:
    """The request's session, looked up on ``connection`` (the request's read connection) when given."""
    return request.app.state.sessions.find(request.cookies.get(SESSION_COOKIE), connection)


def user_of(connection: ReadDep, username: str) -> ActingUser | None:
    entry = directory.entry(connection, "user", username)
    if entry is None or not entry.active:
        return None
    return ActingUser(username=entry.code, name=entry.name, role=entry.category, agency=entry.agency)


def acting(records: Records, username: str) -> ActingUser | None:
    """The user named, from the directory's cached records (``web.http.deps.master_data``): None if retired."""
    entry = records.get("user", {}).get(username)
    if entry is None or not entry.active:
        return None
    return ActingUser(username=entry.code, name=entry.name, role=entry.category, agency=entry.agency)


def guard(
    request: Request,
    reads: RequestReadsDep,
    token: Annotated[str | None, Depends(csrf.submitted_token)],
) -> None:
    """Authenticate, authorise, check CSRF, open the audit entry; raise to refuse. The request's read connection is
    opened here, in the guard's thread (``web.http.deps.RequestReads``): the session and the scope check are read
    on it, and the route reads on it after."""
    rule = rule_for(request.url.path)
    if rule.public:
        return
    connection = reads.open()
    session = session_of(request, connection)
    user = acting(master_records(request, connection), session.username) if session else None
    if session is None or user is None:
        raise NotAuthenticated("please log in")
    request.state.user, request.state.csrf_token = user, session.csrf_token
    if user.role not in rule.roles:
        _record_denied(request, user, rule)
        raise AccessDenied(f"a {user.role} may not open {request.url.path}", field="role")
    if request.method not in csrf.SAFE_METHODS and not rule.may_write(user.role):
        _record_denied(request, user, rule)
        raise AccessDenied(f"a {user.role} may not write to {request.url.path}", field="role")
    csrf.check(request, session.csrf_token, token)
    case_id = _uuid_in_path(request, "case_id") or _uuid_in_query(request, "case_id")
    if case_id is not None and not may_see_case(connection, user.agency, user.username, case_id):
        _record_denied(request, user, rule, status=404)
        raise NotFound("no such case", field="case_id")
    meeting_id = _uuid_in_path(request, "meeting_id")
    if meeting_id is not None and not may_see_meeting(connection, user.agency, meeting_id):
        _record_denied(request, user, rule, status=404)
        raise NotFound("no such meeting", field="id")
    request.state.audit = AuditContext(
        actor=user.actor,
        rule=rule,
        path=route_template(request),
        case_ids=[str(v) for k, v in request.path_params.items() if k == "case_id"],
    )


def route_template(request: Request) -> str:
    """What the audit writes for a path: the route's template with its ids and codes filled in, nothing else.

    A path value that is not an id or a short ASCII code (``consultations``, ``FY2023``) stays a placeholder,
    and the query string is never written, so no text typed into a URL outlives the household's erasure."""
    route = request.scope.get("route")
    template = str(getattr(route, "path", "")) or request.url.path
    for name, value in request.path_params.items():
        if CODE.fullmatch(str(value)):
            template = template.replace("{" + name + "}", str(value))
    return template


def _uuid_in_path(request: Request, name: str) -> UUID | None:
    try:
        return UUID(str(request.path_params[name]))
    except (KeyError, ValueError):
        return None


def _uuid_in_query(request: Request, name: str) -> UUID | None:
    """A case named in the query (``/meetings/case-row?case_id=…``) is scoped like one in the path."""
    try:
        return UUID(str(request.query_params[name]))
    except (KeyError, ValueError):
        return None


def _record_denied(request: Request, user: ActingUser, rule: Rule, status: int = 403) -> None:
    request.app.state.audit.record(
        AccessMade(
            actor=user.actor,
            action="denied",
            method=request.method,
            path=route_template(request),
            status=status,
            purpose=rule.purpose,
            case_ids=tuple(str(v) for k, v in request.path_params.items() if k == "case_id"),
        )
    )


def login_required(request: Request) -> Response:
    """The answer to a request without a session: 401 for the API, the login page for a person."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    login = f"/login?next={quote(target, safe='')}"
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {
                "detail": {
                    "code": NotAuthenticated.code,
                    "field": None,
                    "message": "please log in",
                    "errors": {"": NotAuthenticated.code},
                }
            },
            status_code=401,
        )
    if is_htmx(request):
        return Response(status_code=401, headers={"HX-Redirect": login})
    return RedirectResponse(login, status_code=303)
