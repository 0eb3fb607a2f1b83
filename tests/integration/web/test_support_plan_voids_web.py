"""Voiding a support plan version over HTTP: from its timeline row (htmx), from its page, and by the JSON API."""

from __future__ import annotations

import uuid

from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.plan_story import YEAR_URL, actual, fiscal_2023
from tests.integration.web.test_support_plans_web import in_planning, plan_fields, plan_form

BODY = {
    "plan_type": "layered",
    "goals": ["父が介護サービスを利用できる"],
    "actions": [{"description": "介護保険申請の支援", "agency": "houkatsu-kita"}],
    "review_due_on": "2026-09-01",
}


def with_two_versions(web: Web) -> uuid.UUID:
    case_id = in_planning(web)
    assert web.client.post(f"/api/cases/{case_id}/plans", json={**BODY, "adopted_on": "2026-06-01"}).status_code == 201
    review = {**BODY, "reviewed_on": "2026-08-01", "review_due_on": "2026-11-01", "reason": "目標の見直し"}
    assert web.client.post(f"/api/cases/{case_id}/plans/1/reviews", json=review).status_code == 201
    return case_id


def test_the_current_plan_version_is_voided_from_its_timeline_row_and_the_one_before_is_current_again(web: Web) -> None:
    case_id = with_two_versions(web)
    timeline = web.client.get(f"/cases/{case_id}/timeline").text
    assert f"/cases/{case_id}/plans/2/void" in timeline and f"/cases/{case_id}/plans/1/void" not in timeline
    form = web.client.get(f"/cases/{case_id}/plans/2/void", headers=HTMX).text
    assert "ケースの状況（支援中など）は自動では戻りません" in form

    written = web.events()
    refused = web.client.post(f"/cases/{case_id}/plans/2/void", headers=HTMX, data={"reason": ""})
    assert refused.status_code == 422 and "理由を入力してください" in refused.text
    assert web.events() == written

    voided = web.client.post(f"/cases/{case_id}/plans/2/void", headers=HTMX, data={"reason": "別世帯のプランを誤登録"})
    assert voided.status_code == 200 and voided.headers["HX-Trigger"] == "case-changed"
    timeline = web.client.get(f"/cases/{case_id}/timeline").text
    assert "支援プランの版の取消" in timeline and "別世帯のプランを誤登録" in timeline
    assert f"/cases/{case_id}/plans/1/void" in timeline  # version 1 is in force again
    versions = web.client.get(f"/api/cases/{case_id}/plans").json()
    assert [v["version"] for v in versions] == [1]


def test_the_plan_page_offers_the_void_and_lands_back_on_the_plan(web: Web) -> None:
    case_id = with_two_versions(web)
    page = web.client.get(f"/cases/{case_id}/plans/2").text
    assert f"/cases/{case_id}/plans/2/void" in page and "この版を取り消す" in page
    assert f"/cases/{case_id}/plans/1/void" not in web.client.get(f"/cases/{case_id}/plans/1").text
    assert web.client.get(f"/cases/{case_id}/plans/1/void").status_code == 404  # only the version in force
    from_its_page = {**HTMX, "HX-Current-URL": f"http://testserver/cases/{case_id}/plans/2/void"}
    refused = web.client.post(f"/cases/{case_id}/plans/2/void", headers=from_its_page, data={"reason": ""})
    assert refused.status_code == 422 and "理由を入力してください" in refused.text
    done = web.client.post(f"/cases/{case_id}/plans/2/void", headers=from_its_page, data={"reason": "誤登録"})
    assert done.status_code == 200 and done.headers["HX-Redirect"].endswith(f"/cases/{case_id}/plans")
    assert "第1版" in web.client.get(done.headers["HX-Redirect"]).text


def test_a_voided_plan_leaves_the_planners_count(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    answer = web.client.post(
        f"/cases/{story.ishii}/plans/new",
        data=plan_fields(
            plan_form(web, story.ishii), adopted_on="2023-08-01", review_due_on="2023-11-01", **{"actions-0-due_on": ""}
        ),
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert actual(web.client.get(YEAR_URL).text, "K6-1") == "1"
    voided = web.client.post(f"/api/cases/{story.ishii}/plans/1/void", json={"reason": "別世帯のプランを誤登録"})
    assert voided.status_code == 200, voided.text
    assert voided.json()["plan_version"] == 0
    assert actual(web.client.get(YEAR_URL).text, "K6-1") == "0"


def test_the_api_refuses_bad_voids_of_a_plan_and_writes_nothing(web: Web) -> None:
    case_id = with_two_versions(web)
    url = f"/api/cases/{case_id}/plans"
    written = web.events()
    assert web.client.post(f"{url}/2/void", json={"reason": ""}).json()["detail"]["field"] == "reason"
    old = web.client.post(f"{url}/1/void", json={"reason": "誤り"})
    assert (old.status_code, old.json()["detail"]["field"]) == (422, "plan_version")
    assert web.client.post(f"{url}/9/void", json={"reason": "誤り"}).status_code == 404
    assert web.client.post(f"{url}/2/void", json={"reason": "誤り", "name": "山田"}).status_code == 422
    assert web.events() == written
    voided = web.client.post(f"{url}/2/void", json={"reason": "誤り"})
    assert voided.status_code == 200 and voided.json()["plan_version"] == 1
