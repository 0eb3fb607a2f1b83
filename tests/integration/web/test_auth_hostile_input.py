"""Hostile input over HTTP: huge bodies, broken UTF-8, scripts and SQL in free text. Never a 5xx, never run."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.commands import RecordConsultation
from tests.builders import COORDINATOR, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_api import OPEN_CASE
from tests.integration.web.test_case_forms import VALID

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE kasane_events; -- ' OR '1'='1"


def test_an_oversized_body_is_refused_without_a_server_error_and_stores_nothing(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    huge = "あ" * 2_000_000
    answers = [
        web.client.post("/api/cases", json={**OPEN_CASE, "household_name": huge}),
        web.client.post(
            f"/api/cases/{case_id}/consultations",
            json={
                "occurred_on": "2026-11-20",
                "agency": "fukushi-soudan",
                "channel": "phone",
                "handler_role": "consultation_staff",
                "requester_type": "family",
                "issue_tags": ["hikikomori"],
                "summary": huge,
            },
        ),
        web.client.post(
            f"/cases/{case_id}/consultations", data={**VALID["consultations"], "summary": huge}, headers=HTMX
        ),
        web.client.post(
            f"/cases/{case_id}/consultations",
            files={"summary": ("a.txt", b"x" * 3_000_000)},
            data={"csrf_token": web.client.headers["X-CSRF-Token"]},
        ),
    ]
    assert [a.status_code for a in answers if a.status_code >= 500] == []
    assert all(a.status_code in (400, 413, 422) for a in answers), [a.status_code for a in answers]
    assert web.events() == before


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/json"])
def test_bytes_that_are_not_utf8_are_refused_without_a_server_error(web: Web, content_type: str) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    body = b"summary=\xff\xfe\xfa&occurred_on=2026-11-20" if "form" in content_type else b'{"summary": "\xff\xfe"}'
    for url in (f"/cases/{case_id}/consultations", f"/api/cases/{case_id}/consultations", "/api/cases"):
        answer = web.client.post(url, content=body, headers={"Content-Type": content_type} | HTMX)
        assert 400 <= answer.status_code < 500, (url, answer.status_code)
    assert web.client.get("/cases?coordinator=%FF%FE").status_code < 500
    assert web.events() == before


def test_a_script_in_free_text_is_shown_as_text_on_every_page(web: Web) -> None:
    created = web.client.post("/api/cases", json={**OPEN_CASE, "household_name": SCRIPT, "coordinator": "sato"})
    assert created.status_code == 201, created.text
    case_id = UUID(created.json()["id"])
    web.seeded(
        lambda app: app.execute(
            RecordConsultation(
                actor=COORDINATOR,
                case_id=case_id,
                entry_id=uuid4(),
                occurred_on=date(2026, 11, 20),
                agency="fukushi-soudan",
                channel="phone",
                handler_role="consultation_staff",
                requester_type="family",
                is_new=False,
                summary=SCRIPT,
            )
        )
    )
    pages = [
        "/",
        "/cases",
        f"/cases/{case_id}",
        f"/cases/{case_id}/timeline",
        f"/cases/{case_id}/summary",
        f"/cases/{case_id}/consultations",
        f"/cases?coordinator={SCRIPT}",
    ]
    for url in pages:
        html = web.client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;alert" in web.client.get(f"/cases/{case_id}").text
    admin = web.login("admin").client.get("/admin/audit", params={"user": SCRIPT, "case": SCRIPT}).text
    assert "<script>alert" not in admin and "&lt;script&gt;" in admin


def test_sql_in_free_text_and_filters_is_only_ever_data(web: Web) -> None:
    created = web.client.post("/api/cases", json={**OPEN_CASE, "household_name": SQL, "coordinator": "sato"})
    assert created.status_code == 201
    assert web.client.get(f"/api/cases/{created.json()['id']}").json()["case"]["household_name"] == SQL
    for field in ("coordinator", "lead_agency", "area", "status", "issue_tag"):
        answer = web.client.get("/api/cases", params={field: SQL})
        assert answer.status_code in (200, 422) and (answer.status_code == 422 or answer.json()["items"] == []), field
    assert web.client.get("/api/cases").json()["total"] == 1
    assert web.events() > 0
