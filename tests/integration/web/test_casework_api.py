"""The JSON API of everyday case handling: reassignment, transfers, household, issues, placement ends."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

from domain.activity import Placement
from domain.commands import StartPlacement
from tests.builders import COORDINATOR, given_open_case
from tests.integration.web.conftest import Web

DAY = "2026-11-20"


def test_reassignment_over_the_api_is_one_step(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    response = web.client.post(
        f"/api/cases/{case_id}/assignment", json={"coordinator": "kimura", "reason": "担当替え", "occurred_on": DAY}
    )
    assert response.status_code == 200, response.text
    assert web.kasane.case(case_id).coordinator == "kimura"


def test_reassigning_to_another_agencys_coordinator_is_a_422_naming_the_field(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    response = web.client.post(
        f"/api/cases/{case_id}/assignment", json={"coordinator": "suzuki", "reason": "担当替え", "occurred_on": DAY}
    )
    assert response.status_code == 422 and response.json()["detail"]["field"] == "coordinator"
    assert web.events() == before


def request_transfer(web: Web, case_id: UUID) -> UUID:
    response = web.client.post(
        f"/api/cases/{case_id}/transfers", json={"to_agency": "shakyo", "reason": "就労準備が中心", "occurred_on": DAY}
    )
    assert response.status_code == 201, response.text
    web.read_models.catch_up()
    transfers = web.client.get(f"/api/cases/{case_id}/transfers").json()
    assert [t["state"] for t in transfers] == ["requested"]
    return UUID(transfers[0]["transfer_id"])


def test_a_transfer_is_requested_seen_by_the_receiver_and_accepted(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    transfer_id = request_transfer(web, case_id)
    web.login("suzuki")
    incoming = web.client.get("/api/transfers/incoming").json()
    assert [(i["household_name"], i["transfer"]["from_agency"]) for i in incoming] == [("山田家", "fukushi-soudan")]
    response = web.client.post(
        f"/api/cases/{case_id}/transfers/{transfer_id}/accept", json={"coordinator": "suzuki", "occurred_on": DAY}
    )
    assert response.status_code == 200, response.text
    web.read_models.catch_up()
    case = web.client.get(f"/api/cases/{case_id}").json()["case"]
    assert (case["lead_agency"], case["coordinator"]) == ("shakyo", "suzuki")
    assert web.client.get("/api/transfers/incoming").json() == []


def test_only_the_receiving_agency_answers_and_a_decline_needs_a_reason(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    transfer_id = request_transfer(web, case_id)
    before = web.events()
    own = web.client.post(
        f"/api/cases/{case_id}/transfers/{transfer_id}/accept", json={"coordinator": "sato", "occurred_on": DAY}
    )
    assert own.status_code == 422 and own.json()["detail"]["code"] == "not_receiving_agency"
    web.login("suzuki")
    empty = web.client.post(
        f"/api/cases/{case_id}/transfers/{transfer_id}/decline", json={"reason": "", "occurred_on": DAY}
    )
    assert empty.status_code == 422 and empty.json()["detail"]["field"] == "reason"
    assert web.events() == before
    declined = web.client.post(
        f"/api/cases/{case_id}/transfers/{transfer_id}/decline", json={"reason": "対象外", "occurred_on": DAY}
    )
    assert declined.status_code == 200
    web.read_models.catch_up()
    assert web.client.get(f"/api/cases/{case_id}").status_code == 404  # no longer asked: out of scope again


def test_the_sender_withdraws_a_transfer_request(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    transfer_id = request_transfer(web, case_id)
    response = web.client.post(
        f"/api/cases/{case_id}/transfers/{transfer_id}/withdraw", json={"reason": "継続", "occurred_on": DAY}
    )
    assert response.status_code == 200
    assert web.kasane.case(case_id).pending_transfer is None


def test_members_are_added_corrected_and_leave_over_the_api(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    member_id = uuid.uuid4()
    added = web.client.post(
        f"/api/cases/{case_id}/members",
        json={
            "occurred_on": DAY,
            "member": {"member_id": str(member_id), "name": "山田 花子", "relationship": "child"},
        },
    )
    assert added.status_code == 201, added.text
    corrected = web.client.post(
        f"/api/cases/{case_id}/members/{member_id}",
        json={"occurred_on": DAY, "member": {"name": "佐々木 花子", "relationship": "child"}},
    )
    assert corrected.status_code == 200, corrected.text
    assert web.kasane.case(case_id).members[member_id].name == "佐々木 花子"
    left = web.client.post(
        f"/api/cases/{case_id}/members/{member_id}/departure", json={"reason": "転出", "occurred_on": DAY}
    )
    assert left.status_code == 200
    assert member_id not in web.kasane.case(case_id).members
    before = web.events()
    unknown = web.client.post(
        f"/api/cases/{case_id}/members/{uuid.uuid4()}/departure", json={"reason": "転出", "occurred_on": DAY}
    )
    assert unknown.status_code == 422 and unknown.json()["detail"]["field"] == "member_id"
    assert web.events() == before


def test_issue_tags_and_a_placement_end_over_the_api(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    tagged = web.client.post(f"/api/cases/{case_id}/issue-tags", json={"issue_tags": ["poverty"], "occurred_on": DAY})
    assert tagged.status_code == 200 and web.kasane.case(case_id).issue_tags == ("poverty",)
    entry_id = uuid.uuid4()
    web.seeded(
        lambda app: app.execute(
            StartPlacement(
                actor=COORDINATOR,
                case_id=case_id,
                entry_id=entry_id,
                started_on=date(2026, 9, 1),
                agency="shakyo",
                resource_type="place_to_belong",
                host_organisation="居場所ひだまり",
            )
        )
    )
    bad = web.client.post(f"/api/cases/{case_id}/placements/{entry_id}/end", json={"ended_on": DAY, "outcome": "ufo"})
    assert bad.status_code == 422 and bad.json()["detail"]["field"] == "outcome"
    ended = web.client.post(
        f"/api/cases/{case_id}/placements/{entry_id}/end",
        json={"ended_on": DAY, "outcome": "dropped_out", "note": "体調不良"},
    )
    assert ended.status_code == 200, ended.text
    placement = web.kasane.case(case_id).entry(entry_id)
    assert isinstance(placement, Placement) and placement.outcome == "dropped_out"
