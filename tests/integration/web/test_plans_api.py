"""The plan API over HTTP: plans, year reports as of a moment, provenance, diff, entries, and refusals."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.conftest import FAST_PASSWORD_HASHING
from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import EXPECTED, FY, fiscal_2023
from tests.plan_scenarios import PLAN_CODE, consult, fixed_id
from web.storage.settings import Settings

YEAR = f"/api/plans/{PLAN_CODE}/years/{FY}"


@pytest.fixture
def web(web: Web) -> Web:
    """Plan entries are the planners' work (web.access.policy.PLAN_WRITERS): these tests write as hayashi."""
    return web.login("hayashi")


@pytest.fixture
def settings(database_url: str) -> Settings:
    """k=1: these tests check the true figures through the API (suppression: test_report_suppression)."""
    return Settings(database_url=database_url, suppression_k=1, **FAST_PASSWORD_HASHING)


def figures(document: dict[str, Any]) -> dict[str, str | None]:
    return {i["code"]: i["actual"] for i in document["indicators"]}


def test_plans_and_a_year_report_now_and_as_of_a_moment(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    web.seeded(lambda app: consult(app, story.okada, date(2023, 12, 1), "late"))
    listed = web.client.get("/api/plans").json()
    assert [(p["code"], p["first_year"], p["last_year"], p["revisions"]) for p in listed] == [
        (PLAN_CODE, 2022, 2026, 1)
    ]
    now = web.client.get(YEAR).json()
    assert now["fiscal_year"] == {"year": 2023, "label": "FY2023", "label_ja": "令和5年度"}
    assert figures(now) == {**figures(now), **{k: v[0] for k, v in EXPECTED.items() if k != "C-TOTAL"}}
    assert figures(now)["C-TOTAL"] == "4"
    then = web.client.get(YEAR, params={"as_of": story.moment.isoformat()}).json()
    assert figures(then)["C-TOTAL"] == "3" and then["as_of"] is not None
    rates = {i["code"]: i["rate"] for i in then["indicators"]}
    assert {code: f"{rates[code]}%" for code in EXPECTED} == {k: v[2] for k, v in EXPECTED.items()}


def test_provenance_and_diff_name_the_events_and_cases(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    late = web.seeded(lambda app: consult(app, story.okada, date(2023, 12, 1), "late"))
    web.login("sato")  # record-level rows only within a coordinator's case scope (a planner gets counts)
    provenance = web.client.get(f"{YEAR}/indicators/C-TOTAL/provenance").json()
    assert provenance["count"] == 4
    assert sorted(e["case_id"] for e in provenance["events"]) == sorted([str(story.ishii)] * 2 + [str(story.okada)] * 2)
    meetings = web.client.get(f"{YEAR}/indicators/K6-2/provenance").json()
    assert [e["meeting_id"] for e in meetings["events"]] == [str(fixed_id("support-1"))]
    diff = web.client.get(f"{YEAR}/diff", params={"since": story.moment.isoformat()}).json()
    changed = {i["code"]: i for i in diff["indicators"]}
    assert changed["C-TOTAL"]["before"] == "3" and changed["C-TOTAL"]["after"] == "4"
    assert [(c["notification_id"], c["change"], c["case_id"]) for c in changed["C-TOTAL"]["changes"]] == [
        (late.notification_id, "recorded", str(story.okada))
    ]


def test_entries_are_recorded_and_show_in_the_report(web: Web) -> None:
    web.seeded(fiscal_2023)
    day = {"occurred_on": "2024-05-20"}
    bodies: list[tuple[str, dict[str, str | bool]]] = [
        ("indicator-values", {"indicator": "M3", "value": "導入検討", "note": "自己評価"}),
        ("judgements", {"programme": "7-1", "achieved": True, "note": "巡回相談会を計画どおり実施"}),
        ("reviews", {"measure": "7", "do": "巡回相談", "act": "周知の強化"}),
        ("policies", {"measure": "7", "programme": "7-1", "policy": "continue"}),
        ("opinions", {"measure": "7", "opinion": "継続されたい", "committee": "推進委員会"}),
    ]
    for path, body in bodies:
        answer = web.client.post(f"{YEAR}/{path}", json={**day, **body})
        assert answer.status_code == 201, (path, answer.text)
        assert answer.json()["notification_id"] == web.events()
    report = web.client.get(YEAR).json()
    assert figures(report)["M3"] == "導入検討"
    measure7 = next(m for m in report["measures"] if m["code"] == "7")
    assert measure7["rating"] == "A" and measure7["programmes"][0]["manual"] is True
    assert measure7["programmes"][0]["policy"]["code"] == "continue"
    assert measure7["opinions"][0]["opinion"] == "継続されたい"
    history = web.client.get(f"{YEAR}/indicators/M3/provenance").json()["events"]
    assert [e["record"] for e in history] == ["IndicatorValueRecorded"]


REFUSED: list[tuple[str, str, dict[str, Any] | None, int, str | None]] = [
    # method, path (under the year unless absolute), body, status, field
    ("GET", "?as_of=yesterday", None, 422, "as_of"),
    ("GET", "?as_of=2099-01-01T00:00", None, 422, "as_of"),
    ("GET", "?as_of=2001-01-01T00:00", None, 422, "as_of"),
    ("GET", "/api/plans/no-such-plan/years/2023", None, 404, "plan_code"),
    ("GET", f"/api/plans/{PLAN_CODE}/years/1999", None, 422, "fiscal_year"),
    ("GET", f"/api/plans/{PLAN_CODE}/years/twenty", None, 422, None),
    ("GET", "/indicators/NOPE/provenance", None, 404, "indicator_code"),
    ("GET", "/diff", None, 422, None),
    ("GET", "/diff?since=", None, 422, "since"),
    ("POST", "/indicator-values", {"indicator": "M3", "value": "完成"}, 422, "value"),
    ("POST", "/indicator-values", {"indicator": "C-TOTAL", "value": 3}, 422, "indicator"),
    ("POST", "/indicator-values", {"indicator": "NOPE", "value": 3}, 422, "indicator"),
    ("POST", "/indicator-values", {"indicator": "M3"}, 422, None),
    ("POST", "/judgements", {"programme": "7-1", "achieved": "perhaps", "note": "x"}, 422, None),
    ("POST", "/judgements", {"programme": "7-1", "achieved": True, "note": ""}, 422, "note"),
    ("POST", "/reviews", {"measure": "7"}, 422, "do"),
    ("POST", "/reviews", {"measure": "7", "do": "x", "colour": "red"}, 422, None),
    ("POST", "/policies", {"measure": "7", "policy": "grow"}, 422, "policy"),
    ("POST", "/policies", {"measure": "7", "programme": "6-2", "policy": "continue"}, 422, "programme"),
    ("POST", "/opinions", {"measure": "99", "opinion": "x"}, 422, "measure"),
    ("POST", "/opinions", {"measure": "7", "opinion": "x", "opinion_id": "not-an-id"}, 422, None),
    ("POST", "/api/plans/no-such-plan/years/2023/reviews", {"measure": "7", "do": "x"}, 404, "plan_code"),
    ("POST", f"/api/plans/{PLAN_CODE}/years/1999/reviews", {"measure": "7", "do": "x"}, 422, "fiscal_year"),
    ("POST", "/reviews", {"measure": "7", "do": "x", "occurred_on": "2099-01-01"}, 422, "occurred_on"),
]


@pytest.mark.parametrize("method, path, body, status, field", REFUSED)
def test_refusals_say_which_rule_and_field_and_store_nothing(
    web: Web, method: str, path: str, body: dict[str, Any] | None, status: int, field: str | None
) -> None:
    web.seeded(fiscal_2023)
    before = web.events()
    url = path if path.startswith("/api/") else f"{YEAR}{path}"
    answer = web.client.request(method, url, json=None if body is None else {"occurred_on": "2024-05-20", **body})
    assert answer.status_code == status, answer.text
    if field is not None:
        assert answer.json()["detail"]["field"] == field
    assert web.events() == before


def test_an_entry_from_a_stale_view_is_a_conflict(web: Web) -> None:
    web.seeded(fiscal_2023)
    body = {"occurred_on": "2024-05-20", "measure": "7", "do": "巡回相談"}
    assert web.client.post(f"{YEAR}/reviews", json={**body, "expected_version": 0}).status_code == 201
    before = web.events()
    stale = web.client.post(f"{YEAR}/reviews", json={**body, "expected_version": 0})
    assert stale.status_code == 409 and stale.json()["detail"]["code"] == "concurrent_change"
    assert web.events() == before


def test_the_plan_api_is_documented_in_openapi(web: Web) -> None:
    paths = web.client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/plans",
        "/api/plans/{code}/years/{fiscal_year}",
        "/api/plans/{code}/years/{fiscal_year}/indicators/{indicator}/provenance",
        "/api/plans/{code}/years/{fiscal_year}/diff",
        "/api/plans/{code}/years/{fiscal_year}/judgements",
    ):
        assert path in paths, path
    assert "/plans/{code}" not in paths  # screens stay out of the API description
    assert {"indicator-values", "reviews", "policies", "opinions"} <= {
        p.rsplit("/", 1)[1] for p in paths if p.startswith("/api/plans/")
    }
