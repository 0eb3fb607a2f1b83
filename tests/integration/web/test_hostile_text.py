"""Text no database can store (a NUL byte, a lone surrogate) and moments no calendar holds are refused, never a 500.

PostgreSQL refuses NUL in text and a driver cannot encode a lone surrogate,
so such a value reaching a query used to be a 500 (SQLite stored it). Every
path, query, form and JSON value is checked once, before any route runs:
422, nothing written, on both stores.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.plan_story import FY, fiscal_2023
from tests.integration.web.test_api import OPEN_CASE
from tests.plan_scenarios import PLAN_CODE
from web.cli.main import cli
from web.storage.settings import Settings

NUL, SURROGATE = "\x00", "\ud800"


def test_a_nul_byte_in_a_query_value_is_refused(web: Web) -> None:
    api = web.client.get("/api/cases", params={"coordinator": f"sato{NUL}"})
    assert api.status_code == 422 and api.json()["detail"]["code"] == "invalid_text"
    assert api.json()["detail"]["field"] == "coordinator"
    page = web.client.get("/cases", params={"coordinator": f"sato{NUL}"})
    assert page.status_code == 422 and "記録できない文字" in page.text


def test_a_nul_byte_in_a_path_is_refused(web: Web) -> None:
    web.seeded(fiscal_2023)
    for path in (f"/plans/{PLAN_CODE}%00", f"/api/plans/{PLAN_CODE}%00/years/{FY}"):
        assert web.client.get(path).status_code == 422, path


def test_a_nul_byte_in_the_anonymous_login_form_is_refused(web: Web) -> None:
    web.logout()
    for data in ({"username": f"sato{NUL}", "password": "x" * 12}, {"username": "sato", "password": f"x{NUL}" * 6}):
        answer = web.client.post("/login", data=data, follow_redirects=False)
        assert answer.status_code == 422, data
        assert "kasane_session" not in web.client.cookies


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "lone-surrogate"])
def test_bad_text_in_json_is_refused_and_nothing_is_written(web: Web, bad: str) -> None:
    before = web.events()
    escaped = "\\u0000" if bad == NUL else "\\ud800"
    body = ('{"household_name": "伊藤' + escaped + '家", "opened_on": "2026-11-02"}').encode()
    answer = web.client.post("/api/cases", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert (detail["code"], detail["field"]) == ("invalid_text", "household_name")
    complete = web.client.post(
        "/api/cases",
        content=json.dumps({**OPEN_CASE, "household_name": f"伊藤{bad}家"}),
        headers={"Content-Type": "application/json"},
    )
    assert complete.status_code == 422
    assert web.events() == before


def test_bad_text_in_a_page_form_is_refused_and_nothing_is_written(web: Web) -> None:
    before = web.events()
    answer = web.client.post("/cases/new", data={"household_name": f"伊藤{NUL}家"}, headers=HTMX)
    assert answer.status_code == 422
    assert web.events() == before


ANCIENT = "0001-01-01T00:00"
AS_OF_ROUTES: list[tuple[str, dict[str, Any]]] = [
    (f"/plans/{PLAN_CODE}", {"fy": str(FY), "as_of": ANCIENT}),
    (f"/plans/{PLAN_CODE}/indicators/C-TOTAL", {"fy": str(FY), "as_of": ANCIENT}),
    (f"/plans/{PLAN_CODE}/changes", {"fy": str(FY), "since": ANCIENT}),
    (f"/plans/{PLAN_CODE}/report.json", {"fy": str(FY), "as_of": ANCIENT}),
    (f"/api/plans/{PLAN_CODE}/years/{FY}", {"as_of": ANCIENT}),
    (f"/api/plans/{PLAN_CODE}/years/{FY}/indicators/C-TOTAL/provenance", {"as_of": ANCIENT}),
    (f"/api/plans/{PLAN_CODE}/years/{FY}/diff", {"since": ANCIENT}),
    (f"/api/plans/{PLAN_CODE}/years/{FY}", {"as_of": "9999-12-31T23:59-10:00"}),
]


@pytest.mark.parametrize(("path", "params"), AS_OF_ROUTES, ids=[f"{p}?{list(q)[-1]}" for p, q in AS_OF_ROUTES])
def test_a_moment_at_the_edge_of_the_calendar_is_refused(web: Web, path: str, params: dict[str, str]) -> None:
    web.seeded(fiscal_2023)
    web.login("hayashi")
    answer = web.client.get(path, params=params)
    assert answer.status_code == 422, answer.text[:300]


def test_the_report_command_refuses_a_moment_at_the_edge_of_the_calendar(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, web: Web
) -> None:
    web.seeded(fiscal_2023)
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["report", "indicators", "--plan", PLAN_CODE, "--fy", "2023", "--as-of", ANCIENT])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("エラー / error [--as-of]:")
    assert "Traceback" not in result.output
