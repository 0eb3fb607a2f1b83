"""The FastAPI application factory: the one composition root for the web side.

Nothing connects at import time: the lifespan builds the application and
its read models once, catches the read models up with the log, and closes
both on shutdown.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from web.access.audit import record_access
from web.access.guard import guard
from web.access.second_factor import SecondFactors
from web.http import errors, overload
from web.http.access_log import drop_query_strings
from web.http.preferences import remember_switches
from web.http.rendering import build_templates
from web.http.response_start import on_response_start
from web.http.security_headers import add_security_headers
from web.http.unstorable_text import refuse_unstorable_text
from web.i18n.catalogs import load_catalogs
from web.routes import (
    activities,
    admin,
    admin_api,
    admin_import,
    admin_master,
    anonymous_consultations,
    api,
    auth,
    case_forms,
    caseload,
    caseload_history,
    cases,
    casework_api,
    disclosures,
    exports,
    finalization,
    import_api,
    intake,
    meeting_api,
    meetings,
    member_forms,
    plan_api,
    plan_period,
    plan_what_if,
    plans,
    print_api,
    print_documents,
    support_plan_api,
    support_plan_voids,
    support_plans,
    transfers,
    what_if_api,
)
from web.routes.corrections import ROUTERS as CORRECTION_ROUTERS
from web.storage.bootstrap import build_access, build_application, build_read_models
from web.storage.event_store import engines_on
from web.storage.settings import Settings
from web.storage.wal_checkpoints import WalCheckpoints
from web.views.names import MasterDataCache
from web.views.report_cache import ReportCache

STATIC = Path(__file__).parent / "static"


ROUTERS = (
    # support_plans before case_forms: its /cases/{case_id}/plans is not a case form's slug
    *(
        module.router
        for module in (
            auth,
            admin,
            intake,
            cases,
            support_plans,
            case_forms,
            caseload,
            api,
            meetings,
            meeting_api,
            plans,
            plan_api,
            support_plan_api,
            support_plan_voids,
            admin_master,
            admin_api,
        )
    ),
    *CORRECTION_ROUTERS,
    *(m.router for m in (casework_api, transfers, activities, anonymous_consultations, member_forms, exports)),
    admin_import.router,
    import_api.router,
    caseload_history.router,
    caseload_history.api,
    *(m.router for m in (print_documents, print_api)),  # printed documents (issue 15): paths of 2+ segments
    disclosures.router,
    finalization.router,
    finalization.api,
    plan_what_if.router,
    what_if_api.router,
    plan_period.router,
    plan_period.api,
)
"""Every router, in the order their paths are matched."""


def create_app(settings: Settings | None = None, *, today: Callable[[], date] | None = None) -> FastAPI:
    """Build the web app; nothing connects to a database until it starts (``today``: default the settings' clock)."""
    settings = settings or Settings()
    drop_query_strings()
    # Every route, whoever adds it, passes the guard: login, role, CSRF, audit (web.access.guard).
    # No /docs or /redoc pages: FastAPI's load Swagger UI from a CDN with inline scripts, which closed networks
    # and the Content-Security-Policy forbid; /openapi.json is served for any local viewer.
    web = FastAPI(
        title="Kasane",
        summary="重層的支援体制整備事業のケース・会議管理",
        lifespan=_lifespan,
        dependencies=[Depends(refuse_unstorable_text), Depends(guard)],
        docs_url=None,
        redoc_url=None,
    )
    web.state.settings, web.state.today = settings, today
    web.state.templates = build_templates()
    web.state.catalogs = load_catalogs(settings.locale_dir)
    for hook in (remember_switches, record_access, add_security_headers):  # the last added runs first
        web.add_middleware(on_response_start(hook))
    errors.install(web)
    overload.install(web, max_in_flight=settings.max_in_flight, queue_seconds=settings.queue_seconds)
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        web.include_router(router)

    @web.get("/health", tags=["health"])
    def health() -> dict[str, object]:
        """Liveness and the store's last notification id."""
        return {"status": "ok", "events": web.state.kasane.recorder.max_notification_id() or 0}

    return web


@asynccontextmanager
async def _lifespan(api: FastAPI) -> AsyncIterator[None]:
    """Open the stores when the server starts (read models caught up once), close them when it stops.

    The stores come from ``api.state.settings`` and ``api.state.today`` as they are at start-up, not from
    ``create_app``'s arguments: a test process builds the app (and FastAPI its ~150 routes' dependants, about half
    a second) once, then starts it on each test's own store (``tests/integration/web/conftest.py``).
    """
    settings, today = api.state.settings, api.state.today
    kasane = build_application(settings, today=today)
    read_models = build_read_models(settings, kasane)
    read_models.catch_up()
    api.state.kasane, api.state.read_models = kasane, read_models
    api.state.master_data = MasterDataCache()
    api.state.report_cache = ReportCache(settings.report_cache)
    access = build_access(settings, today=today)
    api.state.credentials, api.state.sessions, api.state.audit = access.credentials, access.sessions, access.audit
    api.state.throttle = access.throttle
    api.state.second_factors = SecondFactors(access.engine)
    checkpoints = WalCheckpoints.start(engines_on(settings.database_url))
    try:
        yield
    finally:
        if checkpoints is not None:
            checkpoints.stop()
        access.close()
        read_models.close()
        kasane.close()
