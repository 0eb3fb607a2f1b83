"""The FastAPI application factory: the one composition root for the web side."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from web.bootstrap import build_application
from web.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web app; nothing connects to a database until the app starts."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        api.state.kasane = build_application(settings)
        try:
            yield
        finally:
            api.state.kasane.close()

    api = FastAPI(title="Kasane", lifespan=lifespan)

    @api.get("/health")
    def health() -> dict[str, object]:
        """Liveness and the store's last notification id."""
        return {"status": "ok", "events": api.state.kasane.recorder.max_notification_id() or 0}

    @api.get("/", response_class=HTMLResponse)
    def home() -> str:
        """Placeholder start page until the coordinator screens exist."""
        return (
            '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>Kasane 重ね</title></head>'
            "<body><h1>Kasane（重ね）</h1><p>重層的支援体制整備事業のケース・会議管理</p></body></html>"
        )

    return api
