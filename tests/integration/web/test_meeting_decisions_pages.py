"""Issue 11 on the meeting screens over HTTP: the consent warning at scheduling, the planned-case count, the case
preselected from its page, time/place/recorder in the minutes, 終結 decided at a meeting, a trial without cases."""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID

from domain.commands import InvolveAgency
from tests.builders import COORDINATOR, given_consent, given_meeting, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_meetings_pages import meeting_form, meeting_id_of
from web.views.meeting_view import case_number


def closing(case_id: UUID, household: str = "山田家", reason: str = "resolved") -> dict[str, str]:
    return {
        "cases-0-case_id": str(case_id),
        "cases-0-household": household,
        "cases-0-outcome": "closure_decided",
        "cases-0-closure_reason": reason,
        "cases-0-decisions": "就労が安定した。\n見守りは地域で継続する。",
    }


def test_scheduling_a_layered_meeting_with_a_case_without_consent_warns_by_household_and_case_number(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    form = meeting_form("layered", (case_id, "山田家"), mode="schedule", meeting_on="2026-12-10")
    created = web.client.post("/meetings/new", data=form, follow_redirects=False)
    assert created.status_code == 303, created.text
    page = web.client.get(f"/meetings/{meeting_id_of(created)}").text
    assert "開催日に有効な同意が記録されていないケースがあります" in page
    assert f"山田家（ケース番号 {case_number(case_id)}）：会議での検討への同意がありません" in page
    assert "予定" in page


def test_no_consent_warning_once_consent_covers_the_day(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: given_consent(app, case_id, on=date(2026, 11, 1)))
    meeting_id = web.seeded(lambda app: given_meeting(app, planned_case_ids=(case_id,)))
    assert "同意が記録されていないケース" not in web.client.get(f"/meetings/{meeting_id}").text


def test_a_scheduled_meeting_counts_its_planned_cases_not_zero_discussed(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support", planned_case_ids=(case_id,)))
    page = web.client.get(f"/meetings/{meeting_id}").text
    assert "検討予定ケース 1件" in page
    assert "検討ケース 0件" not in page


def test_the_meeting_link_on_a_case_page_opens_the_form_with_that_case_taken_up(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    case_page = web.client.get(f"/cases/{case_id}").text
    assert f"/meetings/new?case_id={case_id}" in case_page
    form = web.client.get(f"/meetings/new?case_id={case_id}").text
    assert f'name="cases-0-case_id" value="{case_id}"' in form
    assert "山田家" in form


def test_the_minutes_show_time_place_recorder_and_a_decisions_box_of_six_lines(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    form_page = web.client.get(f"/meetings/new?case_id={case_id}").text
    assert 'name="cases-0-decisions" rows="6"' in form_page
    for label in ("開始時刻", "終了時刻", "場所", "記録者"):
        assert label in form_page, label
    data = meeting_form(
        "support",
        (case_id, "山田家"),
        starts_at="14:00",
        ends_at="15:30",
        place="市役所 第3会議室",
        recorder="佐藤 花子",
    )
    created = web.client.post("/meetings/new", data=data, headers=HTMX)
    assert created.status_code == 204, created.text
    page = web.client.get(f"/meetings/{meeting_id_of(created)}").text
    for shown in ("14:00〜15:30", "市役所 第3会議室", "佐藤 花子"):
        assert shown in page, shown


def test_a_meeting_ending_before_it_starts_is_refused_in_japanese_beside_the_end_time(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    data = meeting_form("support", (case_id, "山田家"), starts_at="15:00", ends_at="14:00")
    refused = web.client.post("/meetings/new", data=data, headers=HTMX)
    assert refused.status_code == 422
    assert "終了時刻は 15:30 のように、開始時刻より後の時刻を入力してください" in refused.text
    assert 'href="#meeting-ends_at"' in refused.text


def test_closure_decided_at_a_meeting_closes_the_case_and_the_timeline_links_the_meeting(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    data = meeting_form("support", (case_id, "山田家")) | closing(case_id)
    created = web.client.post("/meetings/new", data=data, headers=HTMX)
    assert created.status_code == 204, created.text
    meeting_id = meeting_id_of(created)
    meeting_page = web.client.get(f"/meetings/{meeting_id}").text
    assert "終結（この会議で決定）" in meeting_page and "課題解決" in meeting_page
    case_page = web.client.get(f"/cases/{case_id}").text
    assert "支援会議で終結を決定" in case_page
    assert re.search(rf'class="event-meeting" href="[^"]*/meetings/{meeting_id}"', case_page)


def test_closure_at_a_meeting_without_a_reason_is_refused_beside_the_case(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    data = meeting_form("support", (case_id, "山田家")) | closing(case_id, reason="")
    refused = web.client.post("/meetings/new", data=data, headers=HTMX)
    assert refused.status_code == 422
    assert "終結の理由を選んでください" in refused.text
    assert 'id="meeting-cases-0-closure_reason-error"' in refused.text


def test_a_trial_support_meeting_is_recorded_without_cases(web: Web) -> None:
    data = meeting_form("support", is_trial="on", summary="つなぐシートの運用を試行")
    data |= {"items-0-description": "", "items-0-due_on": "", "items-0-owner_agency": ""}
    created = web.client.post("/meetings/new", data=data, headers=HTMX)
    assert created.status_code == 204, created.text
    page = web.client.get(f"/meetings/{meeting_id_of(created)}").text
    assert "試行実施" in page and "検討ケース 0件" in page


def test_the_record_form_of_a_scheduled_meeting_starts_from_its_time_and_place(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(
        lambda app: given_meeting(
            app,
            meeting_type="support",
            planned_case_ids=(case_id,),
            starts_at="10:00",
            place="社協 会議室",
            recorder="佐藤",
        )
    )
    form = web.client.get(f"/meetings/{meeting_id}/record").text
    for value in ('name="starts_at" value="10:00"', 'name="place" value="社協 会議室"', 'name="recorder" value="佐藤"'):
        assert value in form, value


def test_the_warning_and_the_minutes_read_in_english_with_lang_en(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(
        lambda app: given_meeting(app, planned_case_ids=(case_id,), starts_at="10:00", place="Room 3", recorder="Sato")
    )
    page = web.client.get(f"/meetings/{meeting_id}?lang=en").text
    for shown in (
        "Some planned cases have no consent in force on the meeting date",
        f"山田家 (case no. {case_number(case_id)}): no consent to discussion at the meeting",
        "1 cases planned",
        "Minutes taken by",
        "Place",
    ):
        assert shown in page, shown
    assert "開催日に有効な同意" not in page


def test_an_agency_that_took_no_part_sees_the_closure_on_the_timeline_without_a_link_to_the_record(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(
        lambda app: app.execute(
            InvolveAgency(actor=COORDINATOR, case_id=case_id, agency="shakyo", occurred_on=date(2026, 6, 1))
        )
    )
    data = meeting_form("support", (case_id, "山田家")) | closing(case_id)
    data |= {
        "attendees-1-agency": "",
        "attendees-1-role": "",
        "items-0-description": "",
        "items-0-due_on": "",
        "items-0-owner_agency": "",
        "items-0-case_id": "",
    }
    assert web.client.post("/meetings/new", data=data, headers=HTMX).status_code == 204
    case_page = web.login("suzuki").client.get(f"/cases/{case_id}").text
    assert "支援会議で終結を決定" in case_page
    assert 'class="event-meeting"' not in case_page
