"""取消 / 訂正 of a community activity, from its row on the activities page and through the API.

Every refusal answers with a clear Japanese message beside the field and writes nothing; an activity of another
agency is refused.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.community_commands import RecordCommunityActivity
from tests.builders import CSW
from tests.integration.web.conftest import HTMX, Web
from tests.plan_scenarios import fixed_id


def activity(web: Web, name: str = "a1") -> UUID:
    activity_id = fixed_id(name)
    web.seeded(
        lambda app: app.execute(
            RecordCommunityActivity(
                actor=CSW,
                activity_id=activity_id,
                kind="consultation_session",
                occurred_on=date(2026, 10, 3),
                agency="shakyo",
                title="出張相談会（北部地区）",
                participants=12,
                contacts=4,
            )
        )
    )
    return activity_id


def test_a_community_activity_is_voided_and_corrected_on_the_activities_page(web: Web) -> None:
    activity_id = activity(web)
    assert f"/activities/{activity_id}/void" not in web.client.get("/activities?fy=2026").text  # sato: 福祉相談課
    web.login("suzuki")
    listed = web.client.get("/activities?fy=2026").text
    assert "出張相談会（北部地区）" in listed and "相談会" in listed
    assert f"/activities/{activity_id}/void" in listed

    written = web.events()
    refused = web.client.post(
        f"/activities/{activity_id}/correct",
        headers=HTMX,
        data={
            "occurred_on": "2026-10-03",
            "title": "出張相談会（北部地区）",
            "participants": "12",
            "contacts": "4",
            "reason": "",
        },
    )
    assert refused.status_code == 422 and "理由を入力してください" in refused.text
    assert web.events() == written

    corrected = web.client.post(
        f"/activities/{activity_id}/correct",
        headers=HTMX,
        data={
            "occurred_on": "2026-10-03",
            "title": "出張相談会（北部地区）",
            "participants": "15",
            "contacts": "4",
            "reason": "参加者数の数え誤り",
        },
    )
    assert corrected.status_code == 200 and corrected.headers["HX-Trigger"] == "activity-changed"
    redrawn = web.client.get("/activities?fy=2026", headers=HTMX).text
    assert "訂正 1回" in redrawn and "<td>1</td><td>15</td><td>4</td>" in redrawn  # the totals follow

    voided = web.client.post(f"/activities/{activity_id}/void", headers=HTMX, data={"reason": "中止した"})
    assert voided.status_code == 200
    page = web.client.get("/activities?fy=2026").text
    assert "出張相談会" not in page and 'id="activity-totals"' not in page
    assert "取消：令和8年11月20日（2026-11-20）・理由：中止した" in web.client.get("/activities?fy=2026&voided=1").text


def test_the_former_community_activities_page_leads_to_the_one_activities_page(web: Web) -> None:
    moved = web.client.get("/community-activities?voided=1", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"].endswith("/activities?voided=1")


def test_without_htmx_the_void_form_opens_under_its_row_on_the_activities_page(web: Web) -> None:
    activity_id = activity(web)
    web.login("suzuki")
    page = web.client.get(f"/activities/{activity_id}/void").text
    assert f'id="form-void-{activity_id}"' in page and "地域活動の記録" in page
    done = web.client.post(f"/activities/{activity_id}/void", data={"reason": "中止した"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].endswith("/activities?fy=2026")


def test_community_activity_api_refuses_other_agencies_and_bad_input(web: Web) -> None:
    activity_id = activity(web)
    url = f"/api/community-activities/{activity_id}"
    written = web.events()
    assert web.client.post(f"{url}/void", json={"reason": "誤り"}).status_code == 404  # sato: 福祉相談課
    web.login("suzuki")
    assert web.client.post(f"{url}/void", json={"reason": ""}).json()["detail"]["field"] == "reason"
    assert web.client.post(f"{url}/correct", json={"reason": "誤り", "changes": {}}).status_code == 422
    assert web.events() == written
    corrected = web.client.post(f"{url}/correct", json={"reason": "誤り", "changes": {"contacts": 5}})
    assert corrected.status_code == 200
    [found] = [a for a in web.client.get("/api/community-activities").json() if a["activity_id"] == str(activity_id)]
    assert (found["contacts"], found["corrections"]) == (5, 1)
    assert web.client.post(f"{url}/void", json={"reason": "中止"}).status_code == 200
    again = web.client.post(f"{url}/void", json={"reason": "中止"})
    assert (again.status_code, again.json()["detail"]["field"]) == (422, "activity_id")
