"""Logging in and out, and the session as the JSON API sees it."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from domain.actor import Actor
from domain.audit import AccessMade
from web.access.guard import SESSION_COOKIE, user_of
from web.access.policy import HOME, may_open
from web.http.deps import ActingUser, CurrentUser, FormDep, ReadDep
from web.http.rendering import render

router = APIRouter()


def _safe_next(target: object) -> str | None:
    """Only a path on this site (never ``//host`` or a full URL) may be the place to go after login."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return None


def _login_page(
    request: Request,
    *,
    next_path: str | None,
    username: str = "",
    failed: bool = False,
    notice: str | None = None,
    locked_minutes: int | None = None,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "next": next_path or "",
        "username": username,
        "failed": failed,
        "notice": notice,
        "locked_minutes": locked_minutes,
    }
    status = 429 if locked_minutes is not None else 401 if failed else status_code
    return render(request, "pages/login.html", context, status_code=status)


def _minutes_until(moment: datetime) -> int:
    return max(1, math.ceil((moment - datetime.now(UTC)).total_seconds() / 60))


@router.get("/login", name="login", include_in_schema=False)
def login_form(request: Request) -> Response:
    """The login form; ``?next=`` is where to go afterwards."""
    notice = request.query_params.get("notice")
    return _login_page(
        request,
        next_path=_safe_next(request.query_params.get("next")),
        notice=notice if notice in ("logged_out", "session_expired") else None,
    )


@router.post("/login", name="log_in", include_in_schema=False)
def log_in(request: Request, values: FormDep, connection: ReadDep) -> Response:
    """Check the password; on success start a fresh session and go on (a failure says nothing more).

    A username locked after repeated failures (``web.access.login_throttle``) is refused before its password is
    looked at, with the same answer whether or not the account exists.
    """
    username, password = str(values.get("username") or "").strip(), str(values.get("password") or "")
    next_path = _safe_next(values.get("next"))
    state = request.app.state
    typed = Actor(user_id=username[:100], role="", agency_id="")
    locked = state.throttle.locked_until(username) if username else None
    if locked is not None:
        state.credentials.spend_as_much(password[:1024])
        state.audit.record(AccessMade(actor=typed, action="login_locked", method="POST", path="/login", status=429))
        return _login_page(request, next_path=next_path, username=username, locked_minutes=_minutes_until(locked))
    user = user_of(connection, username) if username and len(username) <= 100 else None
    if user is None:
        state.credentials.spend_as_much(password[:1024])
    verified = state.credentials.verify(username, password[:1024]) if user else False
    if user is None or not verified:
        failure = state.throttle.failed(username) if username else None
        state.audit.record(AccessMade(actor=typed, action="login_failed", method="POST", path="/login", status=401))
        if failure is None or failure.locked_until is None:
            return _login_page(request, next_path=next_path, username=username, failed=True)
        state.audit.record(
            AccessMade(
                actor=typed,
                action="locked_out",
                method="POST",
                path="/login",
                status=429,
                query=f"failures={failure.failures}",
            )
        )
        return _login_page(
            request, next_path=next_path, username=username, locked_minutes=_minutes_until(failure.locked_until)
        )
    if state.second_factors.required(user.username):
        return _code_page(request, token=state.second_factors.begin(user.username, next_path))
    return _start_session(request, user, next_path)


def _code_page(request: Request, *, token: str, failed: bool = False) -> Response:
    return render(
        request, "pages/login_code.html", {"token": token, "failed": failed}, status_code=401 if failed else 200
    )


@router.post("/login/code", name="log_in_code", include_in_schema=False)
def log_in_code(request: Request, values: FormDep, connection: ReadDep) -> Response:
    """The second step for a user with a second factor (``web.access.second_factor``): the 6-digit code.

    A wrong code is a failed login (counted by the lock-out); an unknown or expired
    token goes back to the first step.
    """
    state, token = request.app.state, str(values.get("token") or "")[:100]
    pending = state.second_factors.pending(token) if token else None
    user = user_of(connection, pending.username) if pending else None
    if pending is None or user is None:
        return _login_page(request, next_path=None, notice="login_code_expired", status_code=401)
    locked = state.throttle.locked_until(user.username)
    if locked is not None:
        state.second_factors.end(token)
        state.audit.record(
            AccessMade(actor=user.actor, action="login_locked", method="POST", path="/login", status=429)
        )
        return _login_page(request, next_path=None, username=user.username, locked_minutes=_minutes_until(locked))
    if not state.second_factors.check(user.username, str(values.get("code") or "")[:20]):
        failure = state.throttle.failed(user.username)
        state.audit.record(
            AccessMade(actor=user.actor, action="login_failed", method="POST", path="/login", status=401)
        )
        if failure.locked_until is None:
            return _code_page(request, token=token, failed=True)
        state.second_factors.end(token)
        state.audit.record(
            AccessMade(
                actor=user.actor,
                action="locked_out",
                method="POST",
                path="/login",
                status=429,
                query=f"failures={failure.failures}",
            )
        )
        return _login_page(
            request, next_path=None, username=user.username, locked_minutes=_minutes_until(failure.locked_until)
        )
    state.second_factors.end(token)
    return _start_session(request, user, _safe_next(pending.next_path))


def _start_session(request: Request, user: ActingUser, next_path: str | None) -> Response:
    """Every check passed: a fresh session (never the one the browser came with), and on to the next screen."""
    state = request.app.state
    state.throttle.succeeded(user.username)
    state.sessions.end(request.cookies.get(SESSION_COOKIE))
    token, session = state.sessions.start(user.username)
    state.audit.record(AccessMade(actor=user.actor, action="login", method="POST", path="/login", status=303))
    target = next_path if next_path and may_open(user.role, next_path.split("?")[0]) else HOME[user.role]
    response = RedirectResponse(target, status_code=303)
    settings = state.settings
    secure = settings.cookie_secure if settings.cookie_secure is not None else request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
        max_age=int(timedelta(hours=settings.session_absolute_hours).total_seconds()),
    )
    return response


@router.post("/logout", name="log_out", include_in_schema=False)
def log_out(request: Request, user: CurrentUser) -> Response:
    """End the session here and in the database."""
    state = request.app.state
    state.sessions.end(request.cookies.get(SESSION_COOKIE))
    state.audit.record(AccessMade(actor=user.actor, action="logout", method="POST", path="/logout", status=303))
    response = RedirectResponse("/login?notice=logged_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/api/session", tags=["api"])
def session_info(request: Request, user: CurrentUser) -> dict[str, str]:
    """Who the session is, and the CSRF token that state-changing API requests send as ``X-CSRF-Token``."""
    return {
        "username": user.username,
        "name": user.name,
        "role": user.role,
        "agency": user.agency,
        "csrf_token": request.state.csrf_token,
    }
