"""The JSON API over HTTP: each command and query, and refusals that say what was wrong."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from tests.builders import given_open_case
from tests.integration.web.conftest import Web
from tests.scenarios import move

OPEN_CASE: dict[str, Any] = {
    "opened_on": "2026-11-02",
    "household_name": "伊藤家",
    "members": [{"name": "伊藤 和子", "relationship": "principal", "birth_date": "1941-02-11"}],
    "issue_tags": ["elderly", "no_kin"],
    "area": "chuo",
    "intake_agency": "houkatsu-kita",
    "lead_agency": "houkatsu-kita",
    "coordinator": "suzuki",
    "channel": "visit",
    "requester_type": "neighbour",
}
COMMANDS: list[tuple[str, dict[str, Any]]] = [
    (
        "consultations",
        {
            "occurred_on": "2026-11-20",
            "agency": "fukushi-soudan",
            "channel": "phone",
            "handler_role": "consultation_staff",
            "requester_type": "family",
            "is_new": False,
            "issue_tags": ["hikikomori"],
            "summary": "電話相談",
        },
    ),
    (
        "outreach-visits",
        {
            "occurred_on": "2026-11-20",
            "agency": "shakyo",
            "visit_kind": "accompanied_visit",
            "handler_role": "csw",
            "contact_made": True,
            "accompanying_agencies": ["houkatsu-kita"],
        },
    ),
    (
        "referrals",
        {"from_agency": "fukushi-soudan", "to_agency": "hello-work", "reason": "就労支援", "sent_on": "2026-11-20"},
    ),
    (
        "placements",
        {
            "started_on": "2026-11-20",
            "agency": "shakyo",
            "resource_type": "salon",
            "host_organisation": "ふれあいサロン",
        },
    ),
    ("consents", {"decision": "given", "scopes": ["meeting_discussion"], "decided_on": "2026-11-20"}),
    ("status", {"status": "assessment", "occurred_on": "2026-11-20"}),
    ("close", {"reason": "resolved", "occurred_on": "2026-11-20"}),
]


def test_opening_a_case_then_reading_it_back(web: Web) -> None:
    created = web.client.post("/api/cases", json=OPEN_CASE)
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    web.login("suzuki")  # the case's coordinator (sato's agency has no part in it, so sato no longer sees it)
    listed = web.client.get("/api/cases", params={"coordinator": "suzuki"}).json()
    assert [c["case_id"] for c in listed["items"]] == [case_id] and listed["total"] == 1
    detail = web.client.get(f"/api/cases/{case_id}").json()
    assert detail["case"]["household_name"] == "伊藤家" and detail["agencies"][0]["relation"] == "lead"
    timeline = web.client.get(f"/api/cases/{case_id}/timeline").json()
    assert [e["event_type"] for e in timeline] == ["Opened"]
    assert timeline[0]["actor_user"] == "sato"


def test_each_case_command_is_recorded_and_shows_in_the_read_models(web: Web) -> None:
    for path, body in COMMANDS:
        case_id = web.seeded(given_open_case)
        response = web.client.post(f"/api/cases/{case_id}/{path}", json=body)
        assert response.status_code == (201 if path in CREATING else 200), (path, response.text)
        assert response.json()["notification_id"] == web.events(), path
        timeline = web.client.get(f"/api/cases/{case_id}/timeline").json()
        assert len(timeline) == 2, path


CREATING = {"consultations", "outreach-visits", "referrals", "placements", "consents"}


def test_a_referral_is_answered_and_a_closed_case_reopened(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    sent = {"referral_id": str(uuid.uuid4()), **dict(COMMANDS)["referrals"]}
    web.client.post(f"/api/cases/{case_id}/referrals", json=sent)
    answer = web.client.post(
        f"/api/cases/{case_id}/referrals/{sent['referral_id']}/answer",
        json={"accepted": True, "answered_on": "2026-11-20"},
    )
    assert answer.status_code == 200, answer.text
    assert web.client.get(f"/api/cases/{case_id}").json()["referrals"][0]["state"] == "accepted"
    web.client.post(f"/api/cases/{case_id}/close", json={"reason": "resolved", "occurred_on": "2026-11-20"})
    reopened = web.client.post(f"/api/cases/{case_id}/reopen", json={"reason": "再相談", "occurred_on": "2026-11-20"})
    assert reopened.status_code == 200
    assert web.client.get(f"/api/cases/{case_id}").json()["case"]["status"] == "intake"


def test_the_caseload_figures(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: move(app, case_id, "assessment", date(2026, 5, 12)))
    caseload = web.client.get("/api/caseload", params={"ageing_days": 30}).json()
    assert caseload["counts"]["by_status"] == {"assessment": 1}
    assert caseload["ageing"][0]["days_in_status"] == (date(2026, 11, 20) - date(2026, 5, 12)).days


BAD_REQUESTS: list[tuple[str, str, dict[str, Any], dict[str, str], int, str | None]] = [
    # method, path (CASE is replaced), body, headers, status, field named in the answer
    (
        "post",
        "/api/cases/CASE/consultations",
        {**dict(COMMANDS)["consultations"], "occurred_on": "2026-02-30"},
        {},
        422,
        None,
    ),
    (
        "post",
        "/api/cases/CASE/consultations",
        {**dict(COMMANDS)["consultations"], "occurred_on": "2027-01-01"},
        {},
        422,
        "occurred_on",
    ),
    (
        "post",
        "/api/cases/CASE/consultations",
        {**dict(COMMANDS)["consultations"], "agency": "nowhere"},
        {},
        422,
        "agency",
    ),
    ("post", "/api/cases/CASE/consultations", {**dict(COMMANDS)["consultations"], "surprise": 1}, {}, 422, None),
    (
        "post",
        "/api/cases/CASE/consultations",
        {**dict(COMMANDS)["consultations"], "expected_version": 99},
        {},
        409,
        "expected_version",
    ),
    ("post", "/api/cases/CASE/status", {"status": "closed", "occurred_on": "2026-11-20"}, {}, 422, "status"),
    ("post", "/api/cases/CASE/reopen", {"reason": "x", "occurred_on": "2026-11-20"}, {}, 422, "status"),
    (
        "post",
        "/api/cases/CASE/referrals/" + str(uuid.uuid4()) + "/answer",
        {"accepted": True, "answered_on": "2026-11-20"},
        {},
        422,
        "referral_id",
    ),
    ("post", f"/api/cases/{uuid.uuid4()}/consultations", dict(COMMANDS)["consultations"], {}, 404, "case_id"),
    ("get", f"/api/cases/{uuid.uuid4()}", {}, {}, 404, "case_id"),
    ("get", f"/api/cases/{uuid.uuid4()}/timeline", {}, {}, 404, "case_id"),
    ("get", "/api/cases/not-an-id", {}, {}, 422, None),
    ("post", "/api/cases", OPEN_CASE, {"X-CSRF-Token": "forged"}, 403, "csrf_token"),
    ("post", "/api/cases", {**OPEN_CASE, "members": []}, {}, 422, "members"),
    ("post", "/api/cases", {**OPEN_CASE, "channel": "telepathy"}, {}, 422, "channel"),
]


def test_refused_requests_say_what_was_wrong_and_store_nothing(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    for method, path, body, headers, status, field in BAD_REQUESTS:
        kwargs: dict[str, Any] = {"headers": headers} | ({"json": body} if method == "post" else {})
        response = getattr(web.client, method)(path.replace("CASE", str(case_id)), **kwargs)
        assert response.status_code == status, (path, body, response.text)
        assert web.events() == before, (path, body)
        detail = response.json()["detail"]
        if field is None:
            assert detail, "a validation error lists what was wrong"
        else:
            assert detail["field"] == field and detail["message"] and detail["code"], (path, detail)


def test_the_api_is_documented_in_openapi(web: Web) -> None:
    spec = web.client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/cases",
        "/api/cases/{case_id}",
        "/api/cases/{case_id}/timeline",
        "/api/caseload",
        "/api/cases/{case_id}/consultations",
        "/api/cases/{case_id}/outreach-visits",
        "/api/cases/{case_id}/referrals",
        "/api/cases/{case_id}/referrals/{referral_id}/answer",
        "/api/cases/{case_id}/placements",
        "/api/cases/{case_id}/consents",
        "/api/cases/{case_id}/status",
        "/api/cases/{case_id}/close",
        "/api/cases/{case_id}/reopen",
    ):
        assert path in paths, path
    assert "409" in paths["/api/cases/{case_id}/consultations"]["post"]["responses"]
    assert not any(p.startswith("/cases") for p in paths), "screens are not part of the API"
