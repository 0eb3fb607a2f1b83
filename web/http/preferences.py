"""Remembering the reader's language switch: ``?lang=en`` sets a cookie.

Only remembering happens here; which language a request has is decided by
``web.http.deps`` (query, then cookie, then default). Who the user is comes only
from the login session (``web.access.guard``).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response

from web.http.deps import LANG_COOKIE
from web.i18n.catalogs import LANGUAGES

YEAR = 365 * 24 * 3600


async def remember_switches(request: Request, _status: int, headers: MutableHeaders) -> None:
    lang = request.query_params.get("lang")
    if lang in LANGUAGES:
        cookie = Response()
        cookie.set_cookie(LANG_COOKIE, lang, max_age=YEAR, httponly=True, samesite="lax")
        headers.append("set-cookie", cookie.headers["set-cookie"])
