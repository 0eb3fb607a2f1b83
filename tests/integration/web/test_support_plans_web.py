"""Support plans (支援プラン) over HTTP: the form, the versions, the print view, the API, and the planner's count."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from domain.commands import ChangeCaseStatus
from tests.builders import COORDINATOR, given_consent, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.plan_story import YEAR_URL, actual, fiscal_2023
from tests.plan_scenarios import fixed_id, meeting


def plan_form(web: Web, case_id: uuid.UUID, query: str = "") -> str:
    page = web.client.get(f"/cases/{case_id}/plans/new{query}")
    assert page.status_code == 200, page.text
    return page.text


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def plan_fields(form: str, **overrides: str) -> dict[str, str]:
    fields = {
        "expected_version": hidden(form, "expected_version"),
        "revises_version": hidden(form, "revises_version"),
        "meeting_id": "",
        "plan_type": "layered",
        "adopted_on": "2026-06-01",
        "review_due_on": "令和8年9月1日",
        "goals-0": "父が介護サービスを利用できる",
        "goals-1": "長男が週1回外出できる",
        "actions-0-description": "父の介護保険申請を支援",
        "actions-0-agency": "houkatsu-kita",
        "actions-0-person": "北包括 田中",
        "actions-0-due_on": "2026-07-31",
        "actions-1-description": "長男の居場所づくり",
        "actions-1-agency": "shakyo",
        "actions-1-person": "",
        "actions-1-due_on": "",
    }
    fields.update(overrides)
    return fields


def in_planning(web: Web) -> uuid.UUID:
    def story(app: Any) -> uuid.UUID:
        case_id = given_open_case(app)
        for status, on in (("assessment", date(2026, 5, 15)), ("planning", date(2026, 5, 25))):
            app.execute(ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status=status, occurred_on=on))
        return case_id

    return web.seeded(story)


def test_plan_adopted_through_the_form_is_counted_by_the_planner(web: Web) -> None:
    story = web.seeded(fiscal_2023)
    assert actual(web.client.get(YEAR_URL).text, "K6-1") == "0"
    form = plan_form(web, story.ishii)
    answer = web.client.post(
        f"/cases/{story.ishii}/plans/new",
        data=plan_fields(form, adopted_on="2023-08-01", review_due_on="2023-11-01", **{"actions-0-due_on": ""}),
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith(f"/cases/{story.ishii}/plans/1")
    assert actual(web.client.get(YEAR_URL).text, "K6-1") == "1"


def test_plan_form_adopts_version_one_and_the_case_moves_into_support(web: Web) -> None:
    case_id = in_planning(web)
    answer = web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))
    assert answer.status_code == 200
    assert "第1版" in answer.text and "北包括 田中" in answer.text and "令和8年7月31日" in answer.text
    summary = web.client.get(f"/cases/{case_id}/summary").text
    assert "支援中" in summary and "父が介護サービスを利用できる" in summary and "令和8年9月1日" in summary
    timeline = web.client.get(f"/cases/{case_id}/timeline").text
    assert "父の介護保険申請を支援（北部地域包括支援センター・北包括 田中）" in timeline


def test_plan_form_without_goals_is_refused_in_japanese_and_writes_nothing(web: Web) -> None:
    case_id = in_planning(web)
    before = web.events()
    answer = web.client.post(
        f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id), **{"goals-0": "", "goals-1": ""})
    )
    assert answer.status_code == 422
    assert "目標を1つ以上入力してください。" in answer.text
    assert "invalid_input" not in answer.text and "goals" not in answer.text.split("<main")[1].split("name=")[0]
    assert web.events() == before


def test_plan_form_with_a_bad_action_date_names_the_actions(web: Web) -> None:
    case_id = in_planning(web)
    before = web.events()
    answer = web.client.post(
        f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id), **{"actions-0-due_on": "来月"})
    )
    assert answer.status_code == 422
    assert "役割分担の期限を" in answer.text and 'value="来月"' in answer.text
    assert web.events() == before


def test_another_goal_row_comes_from_the_server(web: Web) -> None:
    case_id = in_planning(web)
    row = web.client.get(f"/cases/{case_id}/plans/rows/goals?index=2", headers={"HX-Request": "true"})
    assert row.status_code == 200 and 'name="goals-2"' in row.text and "目標3" in row.text
    row = web.client.get(f"/cases/{case_id}/plans/rows/actions?index=2", headers={"HX-Request": "true"})
    assert 'name="actions-2-description"' in row.text and 'name="actions-2-person"' in row.text


def test_review_at_a_held_meeting_makes_version_two_linked_to_it(web: Web) -> None:
    case_id = in_planning(web)
    web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))

    def held(app: Any) -> None:
        given_consent(app, case_id, on=date(2026, 5, 20))
        meeting(app, "layered-plan-review", "layered", date(2026, 8, 3), (case_id,))

    web.seeded(held)
    meeting_id = fixed_id("layered-plan-review")
    page = web.client.get(f"/meetings/{meeting_id}").text
    link = re.search(r'href="([^"]+)">この会議でプランを作成・見直し<', page)
    assert link, page
    form = plan_form(web, case_id, "?" + link.group(1).split("?")[1].replace("&amp;", "&"))
    assert f'<option value="{meeting_id}" selected>' in form
    assert 'name="adopted_on" value="2026-08-03"' in form  # the meeting's day
    assert 'value="父が介護サービスを利用できる"' in form  # a review starts from the current version
    answer = web.client.post(
        f"/cases/{case_id}/plans/new",
        data=plan_fields(
            form,
            meeting_id=str(meeting_id),
            adopted_on="2026-08-03",
            review_due_on="2026-11-03",
            reason="介護サービス開始により目標を見直し",
            **{"goals-1": "長男が就労体験に参加する"},
        ),
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    versions = web.client.get(f"/api/cases/{case_id}/plans").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert (versions[0]["meeting_id"], versions[1]["meeting_id"]) == (None, str(meeting_id))
    case = web.client.get(f"/api/cases/{case_id}").json()["case"]
    assert (case["status"], case["plan_version"]) == ("in_support", 2)
    timeline = web.client.get(f"/api/cases/{case_id}/timeline").json()
    moves = [e["payload"]["to_status"] for e in timeline if e["event_type"] == "StatusChanged"]
    assert moves[-2:] == ["monitoring", "in_support"]
    page = web.client.get(f"/cases/{case_id}/plans").text
    assert "第2版" in page and "第1版" in page and "重層的支援会議" in page and "会議外で作成" in page


def test_print_view_has_no_navigation_and_japanese_dates(web: Web) -> None:
    case_id = in_planning(web)
    web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))
    page = web.client.get(f"/cases/{case_id}/plans/1/print")
    assert page.status_code == 200
    assert "<nav" not in page.text and "site-header" not in page.text
    assert "/static/print.css" in page.text
    assert "令和8年6月1日" in page.text and "父が介護サービスを利用できる" in page.text and "山田家" in page.text
    assert web.client.get(f"/cases/{case_id}/plans/2/print").status_code == 404


def test_api_adopts_refuses_a_second_first_plan_and_reviews_the_current_version(web: Web) -> None:
    case_id = in_planning(web)
    body = {
        "plan_type": "layered",
        "goals": ["父が介護サービスを利用できる"],
        "actions": [{"description": "介護保険申請の支援", "agency": "houkatsu-kita", "person": "田中"}],
        "review_due_on": "2026-09-01",
    }
    adopted = web.client.post(f"/api/cases/{case_id}/plans", json={**body, "adopted_on": "2026-06-01"})
    assert adopted.status_code == 201, adopted.text
    assert (adopted.json()["plan_version"], adopted.json()["case_status"]) == (1, "in_support")
    before = web.events()
    again = web.client.post(f"/api/cases/{case_id}/plans", json={**body, "adopted_on": "2026-06-02"})
    assert again.status_code == 409 and again.json()["detail"]["field"] == "plan"
    review = {**body, "reviewed_on": "2026-08-01", "review_due_on": "2026-11-01", "reason": "目標の見直し"}
    missing = web.client.post(f"/api/cases/{case_id}/plans/2/reviews", json=review)
    assert missing.status_code == 404
    assert web.events() == before
    reviewed = web.client.post(f"/api/cases/{case_id}/plans/1/reviews", json=review)
    assert reviewed.status_code == 201, reviewed.text
    assert reviewed.json()["plan_version"] == 2
    stale = web.client.post(f"/api/cases/{case_id}/plans/1/reviews", json=review)
    assert stale.status_code == 409 and stale.json()["detail"]["field"] == "version"
    versions = web.client.get(f"/api/cases/{case_id}/plans").json()
    assert [(v["version"], v["reason"], v["actions"][0]["person"]) for v in versions] == [
        (1, "", "田中"),
        (2, "目標の見直し", "田中"),
    ]


def test_api_refuses_a_review_without_a_reason(web: Web) -> None:
    case_id = in_planning(web)
    body = {
        "goals": ["外出できる"],
        "actions": [{"description": "同行", "agency": "shakyo"}],
        "review_due_on": "2026-09-01",
    }
    assert web.client.post(f"/api/cases/{case_id}/plans", json={**body, "adopted_on": "2026-06-01"}).status_code == 201
    before = web.events()
    answer = web.client.post(
        f"/api/cases/{case_id}/plans/1/reviews",
        json={**body, "reviewed_on": "2026-08-01", "review_due_on": "2026-11-01", "reason": " "},
    )
    assert answer.status_code == 422 and answer.json()["detail"]["field"] == "reason"
    assert web.events() == before


def test_monitoring_from_the_case_page_moves_the_case_to_monitoring(web: Web) -> None:
    case_id = in_planning(web)
    empty = web.client.get(f"/cases/{case_id}/plan-reviews", headers=HTMX)
    assert "このケースにはまだ支援プランがありません。" in empty.text
    web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))
    version = str(web.client.get(f"/api/cases/{case_id}").json()["case"]["version"])
    answer = web.client.post(
        f"/cases/{case_id}/plan-reviews",
        headers=HTMX,
        data={
            "expected_version": version,
            "plan_version": "1",
            "reviewed_on": "2026-08-01",
            "findings": "介護申請済み。長男はサロンに2回参加",
            "next_review_due_on": "2026-11-01",
        },
    )
    assert answer.status_code == 200, answer.text
    case = web.client.get(f"/api/cases/{case_id}").json()["case"]
    assert (case["status"], case["next_review_due_on"], case["plan_version"]) == ("monitoring", "2026-11-01", 1)


def test_monitoring_form_without_findings_is_refused_and_writes_nothing(web: Web) -> None:
    case_id = in_planning(web)
    web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))
    before = web.events()
    answer = web.client.post(
        f"/cases/{case_id}/plan-reviews",
        headers=HTMX,
        data={"plan_version": "1", "reviewed_on": "2026-08-01", "findings": "", "next_review_due_on": "2026-07-01"},
    )
    assert answer.status_code == 422
    assert "見直しの内容" in answer.text and "入力してください。" in answer.text
    assert web.events() == before


def test_api_monitoring_keeps_the_plan_and_refuses_an_old_version(web: Web) -> None:
    case_id = in_planning(web)
    body = {
        "goals": ["外出できる"],
        "actions": [{"description": "同行", "agency": "shakyo"}],
        "review_due_on": "2026-09-01",
        "adopted_on": "2026-06-01",
    }
    assert web.client.post(f"/api/cases/{case_id}/plans", json=body).status_code == 201
    monitoring = {"reviewed_on": "2026-08-01", "findings": "経過良好", "next_review_due_on": "2026-11-01"}
    answer = web.client.post(f"/api/cases/{case_id}/plans/1/monitoring", json=monitoring)
    assert answer.status_code == 201, answer.text
    assert (answer.json()["case_status"], answer.json()["plan_version"]) == ("monitoring", 1)
    assert web.client.post(f"/api/cases/{case_id}/plans/2/monitoring", json=monitoring).status_code == 404


def test_a_review_from_a_stale_form_is_a_conflict_that_keeps_the_input(web: Web) -> None:
    case_id = in_planning(web)
    web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))
    stale = plan_form(web, case_id)
    web.client.post(
        f"/cases/{case_id}/plans/new",
        data=plan_fields(
            plan_form(web, case_id), adopted_on="2026-07-01", review_due_on="2026-10-01", reason="先に見直した"
        ),
    )
    before = web.events()
    answer = web.client.post(
        f"/cases/{case_id}/plans/new",
        data=plan_fields(stale, adopted_on="2026-07-02", review_due_on="2026-10-02", reason="古い画面からの見直し"),
    )
    assert answer.status_code == 409
    assert "古い画面からの見直し" in answer.text and web.events() == before
    assert 'name="revises_version" value="2"' in answer.text


def test_plan_pages_speak_english_on_request(web: Web) -> None:
    case_id = in_planning(web)
    form = web.client.get(f"/cases/{case_id}/plans/new?lang=en").text
    for text in ("Make the support plan", "Goal 1", "Action 1", "Person in charge", "Review due", "Adopt"):
        assert text in form, text
    for text in ("支援プランを作成", "目標1", "担当者", "見直し予定日"):
        assert text not in form, text
    web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))
    page = web.client.get(f"/cases/{case_id}/plans/1?lang=en").text
    assert "Made outside a meeting" in page and "All versions" in page


def test_plan_form_for_a_case_at_intake_does_not_promise_the_move_into_support(web: Web) -> None:
    """Domain decision 2: a plan adopted for a case in 受付 or アセスメント leaves its status alone, so the form must
    not tell the coordinator the case will move to 支援中 (issue 11's journey found it saying so)."""
    at_intake = web.seeded(given_open_case)
    form = plan_form(web, at_intake)
    assert "プランを採択するとケースは「支援中」に移ります" not in form
    assert "このケースは「受付」のため、プランを採択してもステータスは変わりません" in form
    assert "プランを採択するとケースは「支援中」に移ります" in plan_form(web, in_planning(web))


def test_monitoring_posted_by_the_case_page_with_its_page_version_reviews_the_current_plan(web: Web) -> None:
    """htmx sends the case page's ``page_version`` (the case's version) with every form; the plan version the
    monitoring form carries is another number and must not be replaced by it (the case-page journey found
    「見直そうとした版は現行版ではありません」 for plan version 1 on a case at version 6)."""
    case_id = in_planning(web)
    web.client.post(f"/cases/{case_id}/plans/new", data=plan_fields(plan_form(web, case_id)))
    version = str(web.client.get(f"/api/cases/{case_id}").json()["case"]["version"])
    answer = web.client.post(
        f"/cases/{case_id}/plan-reviews",
        headers=HTMX,
        data={
            "expected_version": version,
            "page_version": version,
            "plan_version": "1",
            "reviewed_on": "2026-08-01",
            "findings": "介護申請済み。長男はサロンに2回参加",
            "next_review_due_on": "2026-11-01",
        },
    )
    assert answer.status_code == 200, answer.text
    assert "現行版ではありません" not in answer.text
    case = web.client.get(f"/api/cases/{case_id}").json()["case"]
    assert (case["status"], case["plan_version"]) == ("monitoring", 1)
