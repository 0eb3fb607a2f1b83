"""Security headers on every response, pages, fragments, API and static files alike.

The Content-Security-Policy allows scripts only from Kasane itself (htmx is
served from /static; no template has an inline script, an ``on…`` attribute
or ``hx-on``, and htmx's eval is switched off in base.html). Style attributes
are allowed (``style-src-attr``) for the bar widths of the caseload table;
they cannot run code. Framing is refused (clickjacking).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


async def add_security_headers(request: Request, _status: int, headers: MutableHeaders) -> None:
    for name, value in HEADERS.items():
        headers.setdefault(name, value)
    if not request.url.path.startswith("/static/"):
        headers.setdefault("Cache-Control", "no-store")  # personal data stays out of shared caches
