"""Work not tied to a case over HTTP: community activities (/activities) and anonymous consultations."""

from __future__ import annotations

import uuid

from tests.integration.web.conftest import Web

ACTIVITY = dict(
    kind="consultation_session",
    title="出張相談会（北部地区）",
    occurred_on="2026-10-05",
    agency="shakyo",
    area="kita",
    participants="23",
    contacts="7",
    audience="jumin",
    note="",
)


def test_a_community_activity_is_recorded_with_its_participants_and_summed(web: Web) -> None:
    before = web.events()
    response = web.client.post(
        "/activities", data={**ACTIVITY, "activity_id": str(uuid.uuid4())}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    assert web.events() == before + 1
    page = web.client.get(response.headers["location"]).text
    assert "登録しました。" in page and "出張相談会（北部地区）" in page and "令和8年度（FY2026）" in page
    web.client.post("/activities", data={**ACTIVITY, "activity_id": str(uuid.uuid4()), "participants": "10"})
    totals = web.client.get("/activities?fy=2026").text.split('id="activity-totals"')[1].split("</table>")[0]
    assert "相談会" in totals and "<td>2</td><td>33</td><td>14</td>" in totals


def test_a_bad_participant_number_is_refused_beside_the_field_with_the_input_kept(web: Web) -> None:
    before = web.events()
    response = web.client.post(
        "/activities", data={**ACTIVITY, "activity_id": str(uuid.uuid4()), "participants": "二十"}
    )
    assert response.status_code == 422
    assert "数字で入力してください。" in response.text and 'value="出張相談会（北部地区）"' in response.text
    assert web.events() == before


def test_activities_of_another_fiscal_year_are_listed_under_that_year(web: Web) -> None:
    web.client.post("/activities", data={**ACTIVITY, "activity_id": str(uuid.uuid4()), "occurred_on": "2025-06-01"})
    assert "出張相談会" not in web.client.get("/activities").text.split('id="activity-list-title"')[1]
    assert "出張相談会" in web.client.get("/activities?fy=2025").text


def test_an_anonymous_consultation_is_recorded_from_its_screen_without_a_case(web: Web) -> None:
    assert "匿名相談を記録" in web.client.get("/").text
    cases_before = web.client.get("/api/cases").json()["total"]
    response = web.client.post(
        "/anonymous-consultations",
        follow_redirects=False,
        data=dict(
            consultation_id=str(uuid.uuid4()),
            occurred_on="2026-11-19",
            channel="phone",
            agency="fukushi-soudan",
            handler_role="consultation_staff",
            issue_tags=["poverty"],
            topic="personal_worry",
        ),
    )
    assert response.status_code == 303, response.text
    page = web.client.get(response.headers["location"]).text
    assert "匿名相談：1件" in page and "本人の悩み・困りごと" in page
    assert web.client.get("/api/cases").json()["total"] == cases_before


def test_an_anonymous_consultation_with_an_unknown_channel_is_refused_and_writes_nothing(web: Web) -> None:
    before = web.events()
    response = web.client.post(
        "/anonymous-consultations",
        data=dict(
            consultation_id=str(uuid.uuid4()),
            occurred_on="2026-11-19",
            channel="pigeon",
            agency="fukushi-soudan",
            handler_role="consultation_staff",
        ),
    )
    assert response.status_code == 422 and "入力内容を確認してください" in response.text
    assert web.events() == before


def test_anonymous_consultations_over_the_api(web: Web) -> None:
    created = web.client.post(
        "/api/anonymous-consultations",
        json={
            "occurred_on": "2026-11-19",
            "agency": "fukushi-soudan",
            "channel": "window",
            "handler_role": "consultation_staff",
            "issue_tags": ["isolation"],
        },
    )
    assert created.status_code == 201, created.text
    listed = web.client.get("/api/anonymous-consultations?fy=2026").json()
    assert [(c["channel"], c["issue_tags"]) for c in listed] == [("window", ["isolation"])]
    refused = web.client.post(
        "/api/anonymous-consultations",
        json={
            "occurred_on": "2026-11-19",
            "agency": "fukushi-soudan",
            "channel": "window",
            "handler_role": "consultation_staff",
            "name": "山田 太郎",
        },
    )
    assert refused.status_code == 422  # no field can carry a name
