"""New case intake over HTTP: the household, its members, issues and consent, or field errors and nothing stored."""

from __future__ import annotations

import uuid
from typing import Any

from projections.cases import queries
from tests.integration.web.conftest import HTMX, Web

INTAKE: dict[str, Any] = {
    "case_id": str(uuid.uuid4()),
    "consent_id": str(uuid.uuid4()),
    "household_name": "高橋家",
    "area": "minami",
    "issue_tags": ["young_carer", "child_rearing"],
    "members-0-name": "高橋 恵",
    "members-0-kana": "タカハシ メグミ",
    "members-0-birth_date": "昭和55年3月1日",
    "members-0-relationship": "principal",
    "members-1-name": "高橋 蓮",
    "members-1-birth_date": "2012-07-07",
    "members-1-relationship": "child",
    "members-2-name": "",
    "members-2-relationship": "",
    "opened_on": "2026-11-20",
    "channel": "phone",
    "requester_type": "agency",
    "intake_agency": "kodomo-katei",
    "lead_agency": "fukushi-soudan",
    "coordinator": "sato",
    "summary": "学校から、長男が母の介護で欠席がちと連絡",
    "consent_decision": "given",
    "consent_scopes": ["meeting_discussion", "information_sharing"],
    "consent_given_by": "本人（母）",
}


def test_opening_a_case_records_household_members_and_consent_and_goes_to_its_page(web: Web) -> None:
    data = {**INTAKE, "case_id": str(uuid.uuid4())}
    response = web.client.post("/cases/new", data=data, headers=HTMX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].endswith(f"/cases/{data['case_id']}")
    with web.read_models.engine.connect() as connection:
        detail = queries.case_detail(connection, uuid.UUID(data["case_id"]))
    assert detail is not None
    case = detail.case
    assert (case.household_name, case.member_count, case.meeting_consent) == ("高橋家", 2, "given")
    assert case.issue_tags == ("child_rearing", "young_carer")
    page = web.client.get(f"/cases/{data['case_id']}").text
    assert "高橋 恵（本人）、高橋 蓮（子）" in page and "同意の記録" in page


def test_without_htmx_opening_a_case_redirects_to_it(web: Web) -> None:
    data = {**INTAKE, "case_id": str(uuid.uuid4()), "consent_decision": ""}
    response = web.client.post("/cases/new", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/cases/{data['case_id']}")


BAD_INTAKE: list[tuple[dict[str, str | list[str]], str, str]] = [
    ({"household_name": ""}, "household_name", "入力してください"),
    ({"opened_on": "令和8年13月1日"}, "opened_on", "日付を「2026-05-11」"),
    ({"opened_on": "2027-01-01"}, "opened_on", "未来の日付は入力できません"),
    ({"members-1-birth_date": "2012-02-30"}, "members-1-birth_date", "日付を「2026-05-11」"),
    ({"members-1-name": ""}, "members-1-name", "入力してください"),
    (
        {
            "members-0-name": "",
            "members-0-kana": "",
            "members-0-birth_date": "",
            "members-1-name": "",
            "members-1-birth_date": "",
        },
        "members-0-name",
        "入力してください",
    ),
    ({"area": "atlantis"}, "area", "見つかりません"),
    ({"coordinator": "nobody"}, "coordinator", "見つかりません"),
    ({"consent_scopes": [""]}, "consent_scopes", "入力してください"),
    ({"issue_tags": ["martian"]}, "issue_tags", "課題を選んでください"),
]


def test_bad_intake_input_is_shown_beside_the_field_and_nothing_is_stored(web: Web) -> None:
    before = web.events()
    for changes, field, message in BAD_INTAKE:
        response = web.client.post("/cases/new", data={**INTAKE, **changes}, headers=HTMX)
        assert response.status_code == 422, changes
        assert web.events() == before, changes
        assert message in response.text, changes
        assert f'id="intake-{field}' in response.text, changes
        assert "学校から、長男が母の介護で欠席がちと連絡" in response.text, "the input is kept"


def test_one_more_member_row_is_a_fragment(web: Web) -> None:
    response = web.client.get("/cases/new/member-row?index=3", headers=HTMX)
    assert response.status_code == 200
    assert 'name="members-3-name"' in response.text and "世帯員 4" in response.text
    # a bad value in the query string is a clear 422, not "not found"
    assert web.client.get("/cases/new/member-row?index=-1", headers=HTMX).status_code == 422
