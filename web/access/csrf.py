"""CSRF: every state-changing request carries the session's token.

Forms send it as the hidden field ``csrf_token`` (the ``csrf_field()``
template global); htmx sends it as the ``X-CSRF-Token`` header, set once on
``<body hx-headers>``; JSON API clients send the same header (their token comes
from ``GET /api/session``). The session cookie is SameSite=Lax as well, but the
token is what is checked: a missing or wrong one is refused with 403 before
the route runs, so nothing is written.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator

from markupsafe import Markup, escape
from starlette.requests import Request

from domain.errors import KasaneError

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfRejected(KasaneError):
    """Raised when a state-changing request lacks the session's CSRF token or carries a wrong one."""

    code = "csrf_rejected"


async def submitted_token(request: Request) -> AsyncIterator[str | None]:
    """The token the request carries: the header, else the form field.

    The form is parsed once (Starlette caches it for the route) and its uploaded files are closed
    after the response, since no route declares them.
    """
    header = request.headers.get(HEADER)
    if request.method in SAFE_METHODS or header:
        yield header
        return
    if not request.headers.get("content-type", "").startswith(FORM_TYPES):
        yield None
        return
    form = await request.form()
    try:
        value = form.get(FIELD)
        yield value if isinstance(value, str) else None
    finally:
        await form.close()


def check(request: Request, expected: str, submitted: str | None) -> None:
    if request.method in SAFE_METHODS:
        return
    if not submitted or not hmac.compare_digest(submitted.encode(), expected.encode()):
        raise CsrfRejected("missing or wrong CSRF token", field=FIELD)


def hidden_field(token: str | None) -> Markup:
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token or "")}">')
