"""The access matrix's rows: every route of the app, with the requests that exercise it and who may have an answer.

``tests/integration/web/test_access_matrix.py`` sends each request as each user of ``access_world``; a route without
a row here fails it. The rows are grouped by area, in the order the users go through them (logging out last).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote
from uuid import uuid4

from tests.integration.web.access_casework_routes import cases, corrections, everyday, meetings, support_plans
from tests.integration.web.access_world import (
    ADMIN_ONLY,
    CASEWORK,
    EVERYONE,
    PLANNERS,
    PUBLIC,
    SEES,
    Probe,
    Routes,
    World,
)
from tests.integration.web.conftest import HTMX
from tests.integration.web.plan_story import FY
from tests.plan_scenarios import PLAN_CODE


def probes(w: World) -> Routes:
    """Every route of the app, by method and path template, with the requests that exercise it (in order)."""
    return {
        **_entry(w),
        **cases(w),
        **support_plans(w),
        **meetings(w),
        **_planners(w),
        **corrections(w),
        **everyday(w),
        **_documents_and_years(w),
        **_logout(w),
    }


def _entry(w: World) -> Routes:
    """Signing in, the session, the schema and the administrators' screens and API."""
    c = w.case_id
    empty: dict[str, Any] = {}
    return {
        ("GET", "/health"): [Probe("/health", PUBLIC)],
        ("GET", "/login"): [Probe("/login", PUBLIC)],
        # a fresh name each time: failed logins lock a name
        ("POST", "/login"): [
            Probe("/login", PUBLIC, ok=401, data={"username": f"nobody-{uuid4().hex[:8]}", "password": "x" * 12})
        ],
        ("POST", "/login/code"): [
            Probe("/login/code", PUBLIC, ok=401, data={"token": "no-such-token", "code": "123456"})
        ],
        ("GET", "/api/session"): [Probe("/api/session", EVERYONE)],
        # FastAPI serves the schema outside the app's dependencies: public, no data (its examples name 山田家)
        ("GET", "/openapi.json"): [Probe("/openapi.json", PUBLIC, contents_checked=False)],
        ("GET", "/admin/audit"): [Probe(f"/admin/audit?case={c}", ADMIN_ONLY)],
        # master-data admin screens and API (admins only; empty bodies are refused and write nothing)
        ("GET", "/admin/master"): [Probe("/admin/master", ADMIN_ONLY, ok=303)],
        ("GET", "/admin/master/{slug}"): [
            Probe(f"/admin/master/{slug}", ADMIN_ONLY)
            for slug in ("agencies", "areas", "meeting-types", "staff", "audiences")
        ],
        ("POST", "/admin/master/{slug}"): [Probe("/admin/master/areas", ADMIN_ONLY, ok=422, data=empty)],
        ("POST", "/admin/master/{slug}/{code}/{action}"): [
            Probe("/admin/master/areas/kita/rename", ADMIN_ONLY, ok=422, data=empty)
        ],
        ("GET", "/api/admin/{slug}"): [Probe("/api/admin/staff", ADMIN_ONLY)],
        ("POST", "/api/admin/{slug}"): [Probe("/api/admin/agencies", ADMIN_ONLY, ok=422, json=empty)],
        ("POST", "/api/admin/{slug}/{code}/{action}"): [
            Probe("/api/admin/agencies/shakyo/reorder", ADMIN_ONLY, ok=422, json=empty)
        ],
    }


def _planners(w: World) -> Routes:
    """The planners' screens and API: aggregates, every role."""
    plan = PLAN_CODE
    fy = FY
    since = quote(w.moment)
    empty: dict[str, Any] = {}
    return {
        # planner screens and API: aggregates, every role
        ("GET", "/plans"): [Probe("/plans", EVERYONE)],
        ("GET", "/plans/{code}"): [Probe(f"/plans/{plan}?fy={fy}", EVERYONE)],
        ("GET", "/plans/{code}/indicators/{indicator}"): [
            Probe(f"/plans/{plan}/indicators/{code}?fy={fy}", EVERYONE) for code in ("C-TOTAL", "K6-2", "A02")
        ],
        ("GET", "/plans/{code}/changes"): [Probe(f"/plans/{plan}/changes?fy={fy}&since={since}", EVERYONE)],
        ("GET", "/plans/{code}/report.{fmt}"): [
            Probe(f"/plans/{plan}/report.{fmt}?fy={fy}", EVERYONE) for fmt in ("json", "csv")
        ],
        ("GET", "/plans/{code}/entries"): [Probe(f"/plans/{plan}/entries?fy={fy}", EVERYONE)],
        ("POST", "/plans/{code}/entries/{slug}"): [
            Probe(f"/plans/{plan}/entries/reviews?fy={fy}", PLANNERS, ok=422, data=empty, headers=HTMX)
        ],
        ("GET", "/plans/{code}/what-if"): [Probe(f"/plans/{plan}/what-if?fy={fy}", EVERYONE)],
        ("POST", "/plans/{code}/what-if"): [Probe(f"/plans/{plan}/what-if", PLANNERS, ok=422, data=empty)],
        ("GET", "/api/plans"): [Probe("/api/plans", EVERYONE)],
        ("GET", "/api/plans/{code}/years/{fiscal_year}"): [Probe(f"/api/plans/{plan}/years/{fy}", EVERYONE)],
        ("GET", "/api/plans/{code}/years/{fiscal_year}/indicators/{indicator}/provenance"): [
            Probe(f"/api/plans/{plan}/years/{fy}/indicators/{code}/provenance", EVERYONE)
            for code in ("C-TOTAL", "K6-2", "A02")
        ],
        ("GET", "/api/plans/{code}/years/{fiscal_year}/diff"): [
            Probe(f"/api/plans/{plan}/years/{fy}/diff?since={since}", EVERYONE)
        ],
        **{
            ("POST", f"/api/plans/{{code}}/years/{{fiscal_year}}/{entry}"): [
                Probe(f"/api/plans/{plan}/years/{fy}/{entry}", PLANNERS, ok=422, json=empty)
            ]
            for entry in (
                "indicator-values",
                "judgements",
                "reviews",
                "policies",
                "opinions",
                "ratings",
                "rating-clears",
            )
        },
    }


def _documents_and_years(w: World) -> Routes:
    """Caseload import, the caseload as of a day, printed documents, finalization and a plan across its years."""
    return {**_documents(w), **_ledger_and_plan_years(w)}


def _documents(w: World) -> Routes:
    """Caseload import, the caseload as of a day and the printed documents with their PDFs."""
    c = w.case_id
    s = w.support
    lay = w.layered
    empty: dict[str, Any] = {}
    return {
        # caseload import (admins only; an empty upload has no rows and is refused, a hash never kept is gone)
        ("GET", "/admin/import"): [Probe("/admin/import", ADMIN_ONLY)],
        ("GET", "/admin/import/template.xlsx"): [Probe("/admin/import/template.xlsx", ADMIN_ONLY)],
        ("POST", "/admin/import"): [Probe("/admin/import", ADMIN_ONLY, ok=422, data=empty)],
        ("POST", "/admin/import/{sha256}"): [Probe(f"/admin/import/{'0' * 64}", ADMIN_ONLY, ok=410, data=empty)],
        ("POST", "/api/imports/caseload"): [Probe("/api/imports/caseload", ADMIN_ONLY, ok=422, data=empty)],
        ("POST", "/api/imports/caseload/{sha256}"): [
            Probe(f"/api/imports/caseload/{'0' * 64}", ADMIN_ONLY, ok=410, data=empty)
        ],
        ("GET", "/caseload/as-of"): [Probe("/caseload/as-of?as_of=2026-06-30", CASEWORK)],
        ("GET", "/api/caseload/as-of"): [Probe("/api/caseload/as-of?as_of=2026-06-30", CASEWORK)],
        # printed documents (issue 15): print views (contents checked) and their PDFs (compressed: checked in
        # tests/integration/web/test_printed_documents.py), on the screens and under /api
        ("GET", "/meetings/{meeting_id}/print"): [
            Probe(f"/meetings/{m}/print", CASEWORK, scope) for m, scope in ((s, "support"), (lay, "layered"))
        ],
        ("GET", "/cases/{case_id}/record/print"): [Probe(f"/cases/{c}/record/print", CASEWORK, "case")],
        ("GET", "/cases/{case_id}/referrals/{referral_id}/print"): [
            Probe(f"/cases/{c}/referrals/{w.referral}/print", CASEWORK, "case")
        ],
        **{
            ("GET", f"{prefix}{path}.pdf"): [Probe(f"{prefix}{url}.pdf", CASEWORK, scope, contents_checked=False)]
            for prefix in ("", "/api")
            for path, url, scope in (
                ("/meetings/{meeting_id}/print", f"/meetings/{s}/print", "support"),
                ("/cases/{case_id}/record/print", f"/cases/{c}/record/print", "case"),
                ("/cases/{case_id}/referrals/{referral_id}/print", f"/cases/{c}/referrals/{w.referral}/print", "case"),
                ("/cases/{case_id}/plans/{version}/print", f"/cases/{c}/plans/1/print", "case"),
            )
        },
    }


def _ledger_and_plan_years(w: World) -> Routes:
    """The disclosure ledger, finalization, the what-if and a plan across its years."""
    c = w.case_id
    plan = PLAN_CODE
    fy = FY
    empty: dict[str, Any] = {}
    return {
        ("GET", "/admin/disclosures"): [Probe(f"/admin/disclosures?case={c}", ADMIN_ONLY)],
        ("POST", "/plans/{code}/finalize"): [Probe(f"/plans/{plan}/finalize", PLANNERS, ok=422, data=empty)],
        ("POST", "/api/plans/{code}/years/{fiscal_year}/finalize"): [
            Probe(f"/api/plans/{plan}/years/1999/finalize", PLANNERS, ok=422)
        ],
        ("GET", "/api/plans/{code}/years/{fiscal_year}/finalized"): [
            Probe(f"/api/plans/{plan}/years/{fy}/finalized", EVERYONE, ok=422)
        ],
        # the what-if in the API (issue 16): an empty body is refused and records nothing
        ("GET", "/api/plans/what-if-files"): [Probe("/api/plans/what-if-files", EVERYONE)],
        ("POST", "/api/plans/{code}/what-if"): [Probe(f"/api/plans/{plan}/what-if", PLANNERS, ok=422, json=empty)],
        # a plan across its years (issue 16): the 工程表 and one indicator's series
        ("GET", "/plans/{code}/roadmap"): [Probe(f"/plans/{plan}/roadmap", EVERYONE)],
        ("GET", "/plans/{code}/roadmap.{fmt}"): [
            Probe(f"/plans/{plan}/roadmap.{fmt}", EVERYONE) for fmt in ("csv", "xlsx")
        ],
        ("GET", "/plans/{code}/trend"): [Probe(f"/plans/{plan}/trend?indicator=C-TOTAL", EVERYONE)],
        ("GET", "/api/plans/{code}/roadmap"): [Probe(f"/api/plans/{plan}/roadmap", EVERYONE)],
        ("GET", "/api/plans/{code}/indicators/{indicator}/series"): [
            Probe(f"/api/plans/{plan}/indicators/K6-2/series", EVERYONE)
        ],
    }


def _logout(w: World) -> Routes:
    """Last: it ends the session."""
    return {
        # last: it ends the session
        ("POST", "/logout"): [Probe("/logout", EVERYONE, ok=303)],
    }


CASE_LINK = re.compile(r'href="(http://testserver)?/cases/')
NOT_ROUTES = {"/static"}
"""Mounted files (CSS, scripts), not routes: no data behind them."""


def expected_status(probe: Probe, role: str, relation: str) -> int:
    if probe.roles is None:
        return probe.ok
    if role not in probe.roles:
        return 403
    if probe.scope is not None and relation not in SEES[probe.scope]:
        return 404
    return probe.ok
