"""Urgent checks over HTTP: set on the case page, overdue on the caseload, gone once recorded; and the API."""

from __future__ import annotations

import uuid

from tests.builders import given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_intake import INTAKE


def urgent_section(web: Web) -> str:
    return web.client.get("/caseload").text.split('id="urgent-checks"')[1].split("</section>")[0]


def test_an_urgent_check_set_on_the_case_page_is_overdue_on_the_caseload_until_recorded(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    response = web.client.post(
        f"/cases/{case_id}/urgent-checks",
        headers=HTMX,
        data=dict(
            check_id=str(uuid.uuid4()), reason="学校から不登校と家庭内の怒鳴り声の連絡", occurred_on="2026-11-17"
        ),
    )
    assert response.status_code == 200, response.text
    section = urgent_section(web)
    assert "山田家" in section and "期限超過" in section and "2026-11-19" in section

    form = web.client.get(f"/cases/{case_id}/urgent-check-done", headers=HTMX).text
    assert "期限超過" in form
    check = web.kasane.case(case_id).open_urgent_check
    assert check is not None
    check_id = check.check_id
    response = web.client.post(
        f"/cases/{case_id}/urgent-check-done",
        headers=HTMX,
        data=dict(check_id=str(check_id), note="訪問し本人と面会、けがなし", occurred_on="2026-11-20"),
    )
    assert response.status_code == 200, response.text
    assert "山田家" not in urgent_section(web)
    assert "訪問し本人と面会" in web.client.get(f"/cases/{case_id}/timeline", headers=HTMX).text


def test_a_check_set_today_is_listed_but_not_overdue(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.client.post(
        f"/cases/{case_id}/urgent-checks",
        headers=HTMX,
        data=dict(check_id=str(uuid.uuid4()), reason="民生委員から連絡", occurred_on="2026-11-20"),
    )
    section = urgent_section(web)
    assert "山田家" in section and "期限超過" not in section


def test_urgent_checks_over_the_api(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    created = web.client.post(
        f"/api/cases/{case_id}/urgent-checks", json={"reason": "通報", "occurred_on": "2026-11-17"}
    )
    assert created.status_code == 201, created.text
    (listed,) = web.client.get("/api/urgent-checks").json()
    assert (listed["household_name"], listed["due_on"], listed["overdue"]) == ("山田家", "2026-11-19", True)
    before = web.events()
    early = web.client.post(
        f"/api/cases/{case_id}/urgent-checks/{listed['check_id']}/done",
        json={"note": "確認", "occurred_on": "2026-11-16"},
    )
    assert early.status_code == 422 and early.json()["detail"]["field"] == "occurred_on"
    assert web.events() == before
    checked = web.client.post(
        f"/api/cases/{case_id}/urgent-checks/{listed['check_id']}/done",
        json={"note": "訪問で確認", "occurred_on": "2026-11-18"},
    )
    assert checked.status_code == 200
    assert web.client.get("/api/urgent-checks").json() == []


def test_an_urgent_check_asked_for_at_intake_is_on_the_caseload_of_the_new_case(web: Web) -> None:
    data = {
        **INTAKE,
        "case_id": str(uuid.uuid4()),
        "consent_decision": "",
        "urgent_check": "on",
        "urgent_reason": "学校から、長男にけがの跡があると連絡",
    }
    response = web.client.post("/cases/new", data=data, headers=HTMX)
    assert response.status_code == 204, response.text
    check = web.kasane.case(uuid.UUID(data["case_id"])).open_urgent_check
    assert check is not None and check.due_on.isoformat() == "2026-11-22"
    assert "高橋家" in urgent_section(web)


def test_an_urgent_check_ticked_at_intake_without_a_reason_refuses_the_intake(web: Web) -> None:
    before = web.events()
    data = {**INTAKE, "case_id": str(uuid.uuid4()), "consent_decision": "", "urgent_check": "on", "urgent_reason": ""}
    response = web.client.post("/cases/new", data=data, headers=HTMX)
    assert response.status_code == 422 and "状況確認が必要な理由" in response.text
    assert web.events() == before
