"""Roles: one table decides who may open what, for every route, including routes added later."""

from __future__ import annotations

import re

import pytest
from fastapi import APIRouter

from tests.builders import given_open_case
from tests.integration.web.conftest import HTMX, Web
from web.access.policy import rule_for

CASE_PAGES = (
    "/",
    "/cases",
    "/cases/CASE",
    "/cases/CASE/summary",
    "/cases/CASE/timeline",
    "/cases/CASE/consultations",
    "/cases/new",
    "/caseload",
    "/api/cases",
    "/api/cases/CASE",
    "/api/cases/CASE/timeline",
    "/api/caseload",
)

ALLOWED = [
    # role's user, path (CASE is replaced), status
    *(("sato", path, 200) for path in CASE_PAGES),
    *(("kimura", path, 200) for path in CASE_PAGES),
    *(("hayashi", path, 403) for path in CASE_PAGES),
    *(("admin", path, 403) for path in CASE_PAGES),
    ("hayashi", "/plans", 200),
    ("sato", "/plans", 200),
    ("admin", "/plans", 200),
    ("admin", "/admin/audit", 200),
    ("sato", "/admin/audit", 403),
    ("kimura", "/admin/audit", 403),
    ("hayashi", "/admin/audit", 403),
]


@pytest.mark.parametrize("username, path, status", ALLOWED, ids=lambda v: str(v))
def test_each_role_opens_only_its_screens(web: Web, username: str, path: str, status: int) -> None:
    case_id = web.seeded(given_open_case)
    web.login(username)
    response = web.client.get(path.replace("CASE", str(case_id)))
    assert response.status_code == status
    if status == 403:
        assert "山田" not in response.text, "a refusal shows no case data"


def test_a_planner_cannot_record_anything_on_a_case_either(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.login("hayashi")
    before = web.events()
    response = web.client.post(
        f"/cases/{case_id}/status",
        data={"status": "assessment", "occurred_on": "2026-11-20", "reason": "x"},
        headers=HTMX,
    )
    assert response.status_code == 403 and web.events() == before


def test_the_navigation_offers_only_what_the_role_may_open(web: Web) -> None:
    def navigation(html: str) -> set[str]:
        return set(re.findall(r'<li><a href="http://testserver(/[^"]*)"', html.split("<nav")[1].split("</nav>")[0]))

    assert navigation(web.login("hayashi").client.get("/plans").text) == {"/plans"}
    assert navigation(web.login("sato").client.get("/").text) == {
        "/",
        "/cases",
        "/cases/new",
        "/caseload",
        "/meetings",
        "/activities",
        "/plans",
    }
    assert navigation(web.login("admin").client.get("/admin/audit").text) == {
        "/plans",
        "/admin/audit",
        "/admin/master",
        "/admin/import",
    }


@pytest.mark.own_app  # it adds a route to the app
def test_a_screen_added_later_is_guarded_by_default_and_closed_to_planners(web: Web) -> None:
    later = APIRouter()

    @later.get("/meetings/{meeting_id}/minutes")
    def minutes(meeting_id: str) -> dict[str, str]:
        return {"minutes": "山田家について協議"}

    web.api.include_router(later)
    assert rule_for("/meetings/m1/minutes").personal
    assert web.login("sato").client.get("/meetings/m1/minutes").status_code == 200
    refused = web.login("hayashi").client.get("/meetings/m1/minutes")
    assert refused.status_code == 403 and "山田" not in refused.text
    web.logout()
    assert web.client.get("/meetings/m1/minutes", follow_redirects=False).status_code == 303
