"""Work not tied to a case over HTTP: community activities (/activities) and anonymous consultations."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from eventsourcing.persistence import StoredEvent

from domain.application import Kasane
from domain.community import CommunityActivity
from tests.builders import CSW, TODAY
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


def stored_before_audiences_were_coded(app: Kasane, activity: CommunityActivity, audience: str) -> StoredEvent:
    """The activity's ``Recorded`` as version 1 stored it: no ``class_version``, the audience as free text."""
    mapper = app.mapper
    stored = mapper.to_stored_event(activity.collect_events()[0])
    state = mapper.compressor.decompress(stored.state) if mapper.compressor else stored.state
    data = mapper.transcoder.decode(state)
    assert data.pop("class_version") == 2
    data["details"] = replace(data["details"], audience=audience)
    state = mapper.transcoder.encode(data)
    state = mapper.compressor.compress(state) if mapper.compressor else state
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, state)


def test_an_activitys_audience_is_chosen_shown_by_name_and_corrected_and_old_free_text_stays(web: Web) -> None:
    """Issue 16: the audience comes from the 対象者 list; one recorded as free text before stays as recorded."""
    web.login("suzuki")
    old = CommunityActivity.record(
        activity_id=uuid.uuid4(), actor=CSW, today=TODAY, kind="training", occurred_on=date(2026, 5, 1),
        agency="shakyo", title="庁外向け説明会", participants=9,
    )  # fmt: skip
    web.kasane.recorder.insert_events([stored_before_audiences_were_coded(web.kasane, old, "庁外の支援者")])
    assert web.kasane.community_activity(old.id).details.audience_text == "庁外の支援者"
    form = web.client.get("/activities").text.split('id="form-activity"')[1]
    assert '<option value="minsei-iin">民生委員・児童委員</option>' in form
    activity_id = str(uuid.uuid4())
    training = {**ACTIVITY, "kind": "training", "title": "民生委員研修", "audience": "minsei-iin"}
    before = web.events()
    refused = web.client.post("/activities", data={**training, "activity_id": str(uuid.uuid4()), "audience": "nobody"})
    assert (refused.status_code, web.events()) == (422, before)
    assert "見つかりません。登録されているものから選んでください。" in refused.text
    web.client.post("/activities", data={**training, "activity_id": activity_id})
    page = web.client.get("/activities?fy=2026").text
    assert "対象者：民生委員・児童委員" in page and "対象者：庁外の支援者" in page
    correction = {**training, "occurred_on": "2026-10-05", "audience": "jumin", "reason": "対象者の誤り"}
    response = web.client.post(f"/activities/{activity_id}/correct", data=correction, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = web.client.get("/activities?fy=2026").text
    assert "対象者：地域住民" in page and "対象者：民生委員・児童委員" not in page and "対象者：庁外の支援者" in page
    coded = {"reason": "対象者を登録済みの区分に", "changes": {"audience": "chonai-shokuin"}}
    assert web.client.post(f"/api/community-activities/{old.id}/correct", json=coded).status_code == 200
    assert "対象者：庁内職員" in web.client.get("/activities?fy=2026").text
    assert web.kasane.community_activity(old.id).details.audience_text == ""
