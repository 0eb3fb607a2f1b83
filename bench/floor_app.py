"""The floor's server: the cheapest pages an authenticated, audited Kasane could serve, from Kasane's own parts.

Three routes, each a sync ``def`` run in the thread pool as Kasane's routes are, on the same store, through the
same FastAPI and uvicorn (``bench.floor`` runs ``python -m bench.floor_app --port P --workers N``, which starts
it as ``kasane serve`` starts Kasane, with the same HTTP protocol):

- ``/floor/plain``: a trivial template, nothing else (the framework's own cost per page);
- ``/floor/session``: the session looked up from its cookie (``web.access.sessions``, one indexed read), then
  the template;
- ``/floor/audited``: the session, the audit entry (``web.storage.audit_chain``: insert and link in one
  transaction, as every case page writes it), then the template.

None of them has Kasane's guard, middleware, read-model catch-up or page: what Kasane adds to
``/floor/audited`` for a case page is the case page's own cost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from jinja2 import DictLoader, Environment
from starlette.responses import HTMLResponse, Response

from domain.actor import Actor
from domain.audit import AccessMade
from web.access.guard import SESSION_COOKIE
from web.access.sessions import Session
from web.storage.bootstrap import build_access
from web.storage.settings import Settings

PAGE = """<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>{{ user }}</p><form method="post"><input type="hidden" name="csrf_token"
value="{{ token }}"></form></main></body></html>"""
TEMPLATES = Environment(loader=DictLoader({"page.html": PAGE}), autoescape=True, auto_reload=False)


def render(user: str, token: str) -> Response:
    return HTMLResponse(TEMPLATES.get_template("page.html").render(title="ケース", user=user, token=token))


def create_floor_app() -> FastAPI:
    """The app (``uvicorn bench.floor_app:create_floor_app --factory``), on ``KASANE_DATABASE_URL``'s store."""
    app = FastAPI(lifespan=_lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    def session_of(request: Request) -> Session | None:
        found: Session | None = request.app.state.access.sessions.find(request.cookies.get(SESSION_COOKIE))
        return found

    @app.get("/floor/plain")
    def plain() -> Response:
        return render("—", "—")

    @app.get("/floor/session")
    def with_session(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return Response(status_code=401)
        return render(session.username, session.csrf_token)

    @app.get("/floor/audited")
    def audited(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return Response(status_code=401)
        actor = Actor(user_id=session.username, role="coordinator", agency_id="bench")
        access = AccessMade(actor=actor, action="read", method="GET", path="/floor/audited", purpose="casework")
        request.app.state.access.audit.record(access)
        return render(session.username, session.csrf_token)

    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.access = build_access(Settings())
    try:
        yield
    finally:
        app.state.access.close()


def main(argv: list[str] | None = None) -> None:
    import argparse

    import uvicorn

    from web.http.no_delay import NoDelayHTTPProtocol

    parser = argparse.ArgumentParser(description="the floor's server (see the module docstring)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    uvicorn.run(
        "bench.floor_app:create_floor_app",
        factory=True,
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        timeout_worker_healthcheck=120,
        http=NoDelayHTTPProtocol,
    )


if __name__ == "__main__":
    main()
