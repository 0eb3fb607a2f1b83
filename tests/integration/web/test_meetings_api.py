"""The meetings JSON API over HTTP: each command and query, and refusals that name the rule and the field."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from tests.builders import given_consent, given_meeting, given_open_case
from tests.integration.web.conftest import Web
from tests.scenarios import action_item, hold, reschedule


def outcome(*case_ids: UUID, held_on: str = "2026-11-19") -> dict[str, Any]:
    return {
        "held_on": held_on,
        "attendees": [
            {"agency": "fukushi-soudan", "role": "相談支援包括化推進員"},
            {"agency": "shakyo", "role": "CSW"},
        ],
        "discussions": [
            {"case_id": str(c), "outcome": "roles_allocated", "decisions": "支援方針を共有"} for c in case_ids
        ],
        "action_items": [
            {
                "description": "長男への同行訪問",
                "owner_agency": "shakyo",
                "due_on": "2026-12-01",
                "case_id": str(case_ids[0]),
            }
        ]
        if case_ids
        else [],
        "summary": "各機関の役割を確認",
    }


def held(meeting_type: str, *case_ids: UUID, **extra: Any) -> dict[str, Any]:
    return {
        "meeting_type": meeting_type,
        "title": "11月 定例会議",
        "convenor_agency": "fukushi-soudan",
        **outcome(*case_ids),
        **extra,
    }


def test_a_meeting_is_scheduled_recorded_and_its_action_item_completed(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    scheduled = web.client.post(
        "/api/meetings",
        json={
            "meeting_type": "support",
            "title": "11月 支援会議",
            "scheduled_on": "2026-11-19",
            "convenor_agency": "fukushi-soudan",
            "planned_case_ids": [str(case_id)],
        },
    )
    assert scheduled.status_code == 201, scheduled.text
    meeting_id = scheduled.json()["id"]
    listed = web.client.get("/api/meetings", params={"month": "2026-11"}).json()
    assert [(m["meeting_id"], m["status"]) for m in listed] == [(meeting_id, "scheduled")]

    recorded = web.client.post(f"/api/meetings/{meeting_id}/record", json=outcome(case_id) | {"expected_version": 1})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["notification_id"] == web.events()
    detail = web.client.get(f"/api/meetings/{meeting_id}").json()
    assert detail["meeting"]["status"] == "held" and len(detail["attendees"]) == 2
    assert [d["household_name"] for d in detail["discussions"]] == ["山田家"]
    item_id = detail["action_items"][0]["item_id"]

    done = web.client.post(
        f"/api/meetings/{meeting_id}/action-items/{item_id}/complete", json={"done_on": "2026-11-20"}
    )
    assert done.status_code == 200, done.text
    assert web.client.get(f"/api/meetings/{meeting_id}").json()["meeting"]["open_action_item_count"] == 0
    timeline = web.client.get(f"/api/cases/{case_id}/timeline").json()
    assert timeline[-1]["event_type"] == "DiscussedAtMeeting"


def test_a_held_meeting_is_recorded_in_one_request_with_two_cases(web: Web) -> None:
    first = web.seeded(given_open_case)
    second = web.seeded(lambda app: given_open_case(app, household_name="田中家"))
    response = web.client.post("/api/meetings/held", json=held("support", first, second))
    assert response.status_code == 201, response.text
    detail = web.client.get(f"/api/meetings/{response.json()['id']}").json()
    assert detail["meeting"]["discussed_case_count"] == 2 and detail["meeting"]["open_action_item_count"] == 1
    by_type = web.client.get("/api/meetings", params={"fy": 2026, "meeting_type": "support", "status": "held"}).json()
    assert len(by_type) == 1


def test_a_layered_meeting_without_consent_is_refused_naming_the_rule_and_stores_nothing(web: Web) -> None:
    consenting = web.seeded(given_open_case)
    refusing = web.seeded(lambda app: given_open_case(app, household_name="田中家"))
    web.seeded(lambda app: given_consent(app, consenting, on=date(2026, 11, 1)))
    before = web.events()
    response = web.client.post("/api/meetings/held", json=held("layered", consenting, refusing))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["code"] == "consent_required" and detail["field"] == "discussions"
    assert str(refusing) in detail["message"]
    assert web.events() == before


def test_refusals_answer_422_404_or_409_never_500(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(lambda app: reschedule(app, meeting_id, date(2026, 11, 12)))
    held_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(
        lambda app: hold(app, held_id, date(2026, 11, 10), case_id, items=(action_item("shakyo", date(2026, 12, 1)),))
    )
    before = web.events()
    cases: list[tuple[str, str, Any, int, str | None]] = [
        ("post", "/api/meetings", {"meeting_type": "support"}, 422, None),
        (
            "post",
            "/api/meetings",
            {"meeting_type": "nope", "title": "x", "scheduled_on": "2026-11-30", "convenor_agency": "fukushi-soudan"},
            422,
            "meeting_type",
        ),
        ("post", "/api/meetings/held", held("support", case_id, held_on="2026-12-24"), 422, "held_on"),
        ("post", "/api/meetings/held", held("support", case_id, attendees=[]), 422, "attendees"),
        ("post", "/api/meetings/held", held("support", uuid.uuid4()), 404, "case_id"),  # not a case the user may see
        ("post", "/api/meetings/held", held("support", case_id, meeting_id=str(meeting_id)), 409, "id"),
        ("post", f"/api/meetings/{uuid.uuid4()}/record", outcome(case_id), 404, "id"),
        (
            "post",
            f"/api/meetings/{meeting_id}/record",
            outcome(case_id) | {"expected_version": 1},
            409,
            "expected_version",
        ),
        ("post", f"/api/meetings/{held_id}/record", outcome(case_id), 422, "status"),
        ("post", f"/api/meetings/{meeting_id}/cancel", {"reason": "", "cancelled_on": "2026-11-20"}, 422, "reason"),
        ("post", f"/api/meetings/{held_id}/action-items/{uuid.uuid4()}/complete", {"done_on": "2026-11-20"}, 404, "id"),
        ("post", f"/api/meetings/{held_id}/action-items/{uuid.uuid4()}/complete", {"done": "x"}, 422, None),
        ("get", f"/api/meetings/{uuid.uuid4()}", None, 404, "id"),
        ("get", "/api/meetings/not-an-id", None, 422, None),
        ("get", "/api/meetings?month=2026-13", None, 422, "month"),
        ("get", "/api/meetings?status=postponed", None, 422, "status"),
        ("get", "/api/community-activities?fy=12", None, 422, None),
        (
            "post",
            "/api/community-activities",
            {"kind": "séance", "occurred_on": "2026-11-20", "agency": "shakyo", "title": "相談会"},
            422,
            "kind",
        ),
    ]
    for method, url, body, status, field in cases:
        response = getattr(web.client, method)(url, **({} if body is None else {"json": body}))
        assert response.status_code == status, (url, body, response.text)
        if field is not None:
            assert response.json()["detail"]["field"] == field, (url, response.text)
    assert web.events() == before


def test_community_activities_are_recorded_and_listed_by_fiscal_year(web: Web) -> None:
    response = web.client.post(
        "/api/community-activities",
        json={
            "kind": "consultation_session",
            "occurred_on": "2026-11-20",
            "agency": "shakyo",
            "title": "出張相談会（北部地区）",
            "area": "kita",
            "participants": 12,
            "contacts": 5,
        },
    )
    assert response.status_code == 201, response.text
    listed = web.client.get("/api/community-activities", params={"fy": 2026, "kind": "consultation_session"}).json()
    assert [a["title"] for a in listed] == ["出張相談会（北部地区）"]
    assert web.client.get("/api/community-activities", params={"fy": 2025}).json() == []


def test_the_meeting_endpoints_are_documented(web: Web) -> None:
    paths = web.client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/meetings",
        "/api/meetings/held",
        "/api/meetings/{meeting_id}",
        "/api/meetings/{meeting_id}/record",
        "/api/meetings/{meeting_id}/cancel",
        "/api/meetings/{meeting_id}/action-items/{item_id}/complete",
        "/api/community-activities",
    ):
        assert path in paths, path
    assert "409" in paths["/api/meetings/{meeting_id}/record"]["post"]["responses"]
    assert not any(p.startswith("/meetings") for p in paths)
