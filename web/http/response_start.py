"""Middleware that looks at a response as it starts: its status, and headers to add before the client sees them.

Why not ``@app.middleware("http")``: Starlette runs each such middleware (``BaseHTTPMiddleware``) in a task group of
its own and copies the response through memory streams; Kasane's three (security headers, audit, language switch)
cost ~2 ms of CPU per request together, a static file's whole cost twice over. A plain ASGI middleware that wraps
``send`` does the same work at the same moment: the hook runs when the app starts its response, before that start
(and therefore any of the body) is passed on, and an exception in the hook fails the request as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Hook = Callable[[Request, int, MutableHeaders], Awaitable[None]]
"""Called with the request, the response's status and its headers (to add to) as the response starts."""


def on_response_start(hook: Hook) -> Callable[[ASGIApp], ASGIApp]:
    """The middleware factory for ``app.add_middleware``: ``hook`` runs on every HTTP response."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def call(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            request = Request(scope)

            async def starting(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message.setdefault("headers", [])
                    message["headers"] = list(message["headers"])
                    await hook(request, message["status"], MutableHeaders(scope=message))
                await send(message)

            await app(scope, receive, starting)

        return call

    return middleware
