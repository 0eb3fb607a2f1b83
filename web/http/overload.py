"""An overloaded server says so at once: 503 with ``Retry-After``, never a 30-second wait ending in a 500.

Two bounds, per server process (each ``kasane serve --workers`` worker has its own):

- **requests in flight**: at most ``max_in_flight`` requests run at a time; one more waits for a slot for at most
  ``queue_seconds``, then is answered 503. Without this bound every request is taken in and handed to the thread
  pool, where 20 slow pages wait on 15 database connections; the last ones wait for the pool's timeout (30 s by
  default) and fail with a 500.
- **database connections**: the engines' pools wait ``POOL_TIMEOUT`` seconds for a connection instead of 30;
  a pool that stays exhausted raises ``sqlalchemy.exc.TimeoutError``, answered here as 503 too.

Static files and ``/health`` are not bounded: they take no database connection (``/health`` takes the store's
head, one query, and must answer a load balancer even under load).
"""

from __future__ import annotations

import asyncio
import json

import sqlalchemy as sa
from fastapi import FastAPI, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from web.i18n.language import choose_language

RETRY_AFTER_SECONDS = 2
POOL_TIMEOUT = 5.0
"""Seconds a request waits for a database connection before it is answered 503 (SQLAlchemy's default: 30)."""
UNBOUNDED = ("/static/", "/health")
BUSY = {
    "ja": "ただいま混み合っています。少し待ってから、もう一度お試しください。",
    "en": "The server is busy. Please wait a moment and try again.",
}
LANG_COOKIE = "kasane_lang"


def busy_response(path: str, lang: str) -> Response:
    """503 with ``Retry-After``: JSON for the API, a short page (in the reader's language) for a person."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if path.startswith("/api/"):
        body = {"detail": {"code": "busy", "field": None, "message": BUSY["en"], "errors": {"": "busy"}}}
        return Response(json.dumps(body), status_code=503, headers=headers, media_type="application/json")
    message = BUSY["en"] if lang == "en" else BUSY["ja"]
    page = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Kasane</title></head>'
        f"<body><main><h1>{message}</h1></main></body></html>"
    )
    return Response(page, status_code=503, headers=headers, media_type="text/html; charset=utf-8")


def _language(scope: Scope) -> str:
    request = Request(scope)
    return choose_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


class ShedLoad:
    """ASGI middleware: at most ``max_in_flight`` requests at a time; others wait ``queue_seconds``, then 503."""

    def __init__(self, app: ASGIApp, *, max_in_flight: int, queue_seconds: float) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.queue_seconds = queue_seconds
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(UNBOUNDED):
            await self.app(scope, receive, send)
            return
        if self._slots is None:  # made inside the server's event loop
            self._slots = asyncio.Semaphore(self.max_in_flight)
        if not await self._slot(self._slots):
            await busy_response(str(scope.get("path", "")), _language(scope))(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()

    async def _slot(self, slots: asyncio.Semaphore) -> bool:
        """Take a slot: at once when one is free, else within ``queue_seconds``; False when none came free."""
        if not slots.locked():
            await slots.acquire()  # free: returns without waiting
            return True
        if self.queue_seconds <= 0:
            return False
        try:
            await asyncio.wait_for(slots.acquire(), timeout=self.queue_seconds)
        except TimeoutError:
            return False
        return True


def pool_exhausted(request: Request, _error: Exception) -> Response:
    """A database pool still exhausted after ``POOL_TIMEOUT``: the server is overloaded, not broken."""
    return busy_response(request.url.path, _language(request.scope))


def install(web: FastAPI, *, max_in_flight: int, queue_seconds: float) -> None:
    web.add_exception_handler(sa.exc.TimeoutError, pool_exhausted)
    web.add_middleware(ShedLoad, max_in_flight=max_in_flight, queue_seconds=queue_seconds)
