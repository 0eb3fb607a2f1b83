"""Issue 11 in the meetings JSON API: the consent warning in the schedule answer, time/place/recorder,
終結 decided at a meeting, and a trial meeting without cases."""

from __future__ import annotations

from datetime import date

from tests.builders import given_consent, given_open_case
from tests.integration.web.conftest import Web
from tests.integration.web.test_meetings_api import held
from web.views.meeting_view import case_number


def test_scheduling_answers_with_a_japanese_warning_for_each_case_without_consent(web: Web) -> None:
    without = web.seeded(given_open_case)
    with_consent = web.seeded(lambda app: given_open_case(app, household_name="田中家"))
    web.seeded(lambda app: given_consent(app, with_consent, on=date(2026, 11, 1)))
    scheduled = web.client.post(
        "/api/meetings",
        json={
            "meeting_type": "layered",
            "title": "12月 重層的支援会議",
            "scheduled_on": "2026-12-10",
            "convenor_agency": "fukushi-soudan",
            "planned_case_ids": [str(without), str(with_consent)],
        },
    )
    assert scheduled.status_code == 201, scheduled.text
    [warning] = scheduled.json()["consent_warnings"]
    assert (warning["case_id"], warning["case_number"], warning["household_name"]) == (
        str(without),
        case_number(without),
        "山田家",
    )
    assert warning["message"] == f"山田家（ケース番号 {case_number(without)}）：会議での検討への同意がありません"
    detail = web.client.get(f"/api/meetings/{scheduled.json()['id']}").json()
    assert detail["meeting"]["status"] == "scheduled" and detail["meeting"]["planned_case_count"] == 2


def test_a_support_meeting_schedule_has_no_consent_warnings(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    scheduled = web.client.post(
        "/api/meetings",
        json={
            "meeting_type": "support",
            "title": "支援会議",
            "scheduled_on": "2026-12-10",
            "convenor_agency": "fukushi-soudan",
            "planned_case_ids": [str(case_id)],
        },
    )
    assert scheduled.json()["consent_warnings"] == []


def test_time_place_and_recorder_are_kept_and_shown(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    sitting = {"starts_at": "14:00", "ends_at": "15:30", "place": "市役所 第3会議室", "recorder": "佐藤"}
    created = web.client.post("/api/meetings/held", json=held("support", case_id, **sitting))
    assert created.status_code == 201, created.text
    meeting = web.client.get(f"/api/meetings/{created.json()['id']}").json()["meeting"]
    assert {k: meeting[k] for k in sitting} == sitting


def test_a_meeting_ending_before_it_starts_is_a_422_naming_the_field(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    refused = web.client.post("/api/meetings/held", json=held("support", case_id, starts_at="15:00", ends_at="14:00"))
    assert refused.status_code == 422
    assert "ends_at" in refused.text
    assert web.events() == before


def test_closure_decided_at_a_meeting_closes_the_case(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    body = held("support", case_id)
    body["discussions"][0] |= {"outcome": "closure_decided", "closure_reason": "resolved"}
    created = web.client.post("/api/meetings/held", json=body)
    assert created.status_code == 201, created.text
    case = web.client.get(f"/api/cases/{case_id}").json()
    assert case["case"]["status"] == "closed" and case["case"]["closure_reason"] == "resolved"
    [closed] = [e for e in web.client.get(f"/api/cases/{case_id}/timeline").json() if e["event_type"] == "Closed"]
    assert closed["payload"]["meeting_id"] == created.json()["id"]
    again = held("support", case_id)
    again["discussions"][0] |= {"outcome": "closure_decided", "closure_reason": "resolved"}
    before = web.events()
    refused = web.client.post("/api/meetings/held", json=again)
    assert refused.status_code == 422, refused.text
    assert "discussions" in refused.text and "transition_not_allowed" in refused.text
    assert web.events() == before


def test_a_trial_support_meeting_without_cases_is_recorded(web: Web) -> None:
    body = held("support") | {"is_trial": True}
    created = web.client.post("/api/meetings/held", json=body)
    assert created.status_code == 201, created.text
    meeting = web.client.get(f"/api/meetings/{created.json()['id']}").json()["meeting"]
    assert (meeting["status"], meeting["is_trial"], meeting["discussed_case_count"]) == ("held", True, 0)
