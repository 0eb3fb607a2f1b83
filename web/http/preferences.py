"""Remembering the reader's language switch: ``?lang=en`` sets a cookie.

Only remembering happens here; which language a request has is decided by
``web.http.deps`` (query, then cookie, then default). Who the user is comes only
from the login session (``web.access.guard``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from web.http.deps import LANG_COOKIE
from web.i18n.language import LANGUAGES

YEAR = 365 * 24 * 3600


async def remember_switches(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    lang = request.query_params.get("lang")
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=YEAR, httponly=True, samesite="lax")
    return response
