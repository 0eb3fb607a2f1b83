"""The support-meeting screens over HTTP: the calendar, recording a meeting, its page, and refusals in place."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any
from uuid import UUID

from domain.master_data_commands import RegisterUser
from tests.builders import ADMIN, given_consent, given_meeting, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.scenarios import action_item, cancel_meeting, hold, refer, reschedule


def two_cases(web: Web) -> tuple[UUID, UUID]:
    return (
        web.seeded(given_open_case),
        web.seeded(lambda app: given_open_case(app, household_name="田中家", opened_on=date(2026, 6, 1))),
    )


def meeting_form(meeting_type: str, *cases: tuple[UUID, str], mode: str = "held", **extra: str) -> dict[str, Any]:
    """The new-meeting form as a coordinator fills it: two attendees, the cases, one action item on the first."""
    form: dict[str, Any] = {
        "mode": mode,
        "meeting_id": str(uuid.uuid4()),
        "meeting_type": meeting_type,
        "title": "11月 定例会議",
        "convenor_agency": "fukushi-soudan",
        "meeting_on": "2026-11-19",
        "summary": "各機関の役割を確認",
        "attendees-0-agency": "fukushi-soudan",
        "attendees-0-role": "相談支援包括化推進員",
        "attendees-1-agency": "shakyo",
        "attendees-1-role": "CSW",
        "items-0-description": "長男への同行訪問",
        "items-0-owner_agency": "shakyo",
        "items-0-due_on": "2026-12-01",
        "items-0-case_id": str(cases[0][0]) if cases else "",
    }
    for row, (case_id, household) in enumerate(cases):
        form |= {
            f"cases-{row}-case_id": str(case_id),
            f"cases-{row}-household": household,
            f"cases-{row}-outcome": "roles_allocated",
            f"cases-{row}-decisions": f"{household}の支援方針を共有",
        }
    return form | extra


def meeting_id_of(response: Any) -> str:
    found = re.search(r"/meetings/([0-9a-f-]{36})", response.headers.get("HX-Redirect") or response.headers["location"])
    assert found, response.headers
    return found[1]


def test_a_coordinator_records_a_held_meeting_with_two_cases_and_an_action_item(web: Web) -> None:
    first, second = two_cases(web)
    response = web.client.post(
        "/meetings/new", data=meeting_form("support", (first, "山田家"), (second, "田中家")), headers=HTMX
    )
    assert response.status_code == 204, response.text
    page = web.client.get(f"/meetings/{meeting_id_of(response)}").text
    for shown in (
        "11月 定例会議",
        "開催済み",
        "社会福祉協議会",
        "CSW",
        "山田家の支援方針を共有",
        "田中家",
        "長男への同行訪問",
        "未完了の役割分担 1件",
        "検討ケース 2件",
        "出席 2機関",
    ):
        assert shown in page, shown
    for case_id in (first, second):
        case_page = web.client.get(f"/cases/{case_id}").text
        assert "会議で検討" in case_page and "11月 定例会議" in case_page
    assert "長男への同行訪問" in web.client.get(f"/cases/{first}").text


def test_a_scheduled_meeting_is_later_recorded_as_held_from_its_own_form(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    form = meeting_form("layered", (case_id, "山田家"), mode="schedule", meeting_on="2026-12-10")
    created = web.client.post("/meetings/new", data=form, follow_redirects=False)
    assert created.status_code == 303, created.text
    meeting_id = meeting_id_of(created)
    page = web.client.get(f"/meetings/{meeting_id}").text
    assert "予定" in page and "検討予定のケース" in page and "開催を記録する" in page

    web.seeded(lambda app: reschedule(app, UUID(meeting_id), date(2026, 11, 18)))
    web.seeded(lambda app: given_consent(app, case_id, on=date(2026, 11, 1)))
    record = web.client.get(f"/meetings/{meeting_id}/record").text
    assert 'value="2026-11-18"' in record and "山田家" in record and 'name="expected_version" value="2"' in record

    data = meeting_form("layered", (case_id, "山田家"), meeting_on="2026-11-18", expected_version="2")
    recorded = web.client.post(f"/meetings/{meeting_id}/record", data=data, follow_redirects=False)
    assert recorded.status_code == 303, recorded.text
    assert "開催済み" in web.client.get(f"/meetings/{meeting_id}").text


def test_a_layered_meeting_refuses_a_case_without_consent_beside_that_case_and_stores_nothing(web: Web) -> None:
    consenting, refusing = two_cases(web)
    web.seeded(lambda app: given_consent(app, consenting, on=date(2026, 11, 1)))
    before = web.events()
    response = web.client.post(
        "/meetings/new", headers=HTMX, data=meeting_form("layered", (consenting, "山田家"), (refusing, "田中家"))
    )
    assert response.status_code == 422
    row = re.search(
        r'<fieldset class="meeting-row case-row has-error" id="meeting-cases-1-case_id".*?</fieldset>',
        response.text,
        re.S,
    )
    assert row and "田中家" in row[0] and "同意が記録されていません" in row[0]
    assert 'id="meeting-cases-0-case_id"' in response.text and "山田家の支援方針を共有" in response.text
    assert 'value="長男への同行訪問"' in response.text and 'value="CSW"' in response.text
    assert web.events() == before


def test_unreadable_fields_are_refused_beside_each_field_with_every_row_kept(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    form = meeting_form(
        "support",
        (case_id, "山田家"),
        title="",
        meeting_on="2026-02-30",
        **{"items-1-description": "つなぐシートの様式改訂", "items-1-due_on": "", "attendees-4-role": "民生委員"},
    )
    response = web.client.post("/meetings/new", data=form, headers=HTMX)
    assert response.status_code == 422
    for field in ("title", "meeting_on", "items-1-due_on", "items-1-owner_agency", "attendees-4-agency"):
        assert f'id="meeting-{field}-error"' in response.text, field
    assert "役割分担 2：期限" in response.text and "出席機関 5：機関" in response.text
    assert 'value="つなぐシートの様式改訂"' in response.text and 'value="民生委員"' in response.text
    assert web.events() == before


def test_the_meeting_form_and_its_refusals_switch_to_english(web: Web) -> None:
    form = web.client.get("/meetings/new?lang=en").text
    for label in (
        "Meeting type",
        "Find a case (household name or case number)",
        "Add an attendee row",
        "Owner agency",
        "Record a meeting that was held",
    ):
        assert label in form, label
    refused = web.client.post(
        "/meetings/new?lang=en",
        headers=HTMX,
        data={"mode": "held", "meeting_id": "x", "title": "", "attendees-0-role": "CSW"},
    )
    assert refused.status_code == 422
    for message in (
        "Meeting：That is not a valid id.",
        "Title：This field is required.",
        "Attendee 1：Agency：This field is required.",
    ):
        assert message in re.sub(r"\s*<[^>]+>\s*", "", refused.text), message


def test_a_domain_refusal_without_a_case_is_shown_at_its_section(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    form = meeting_form("support", (case_id, "山田家"), **{"items-0-due_on": "2026-11-01"})
    response = web.client.post("/meetings/new", data=form, headers=HTMX)
    assert response.status_code == 422
    assert 'id="meeting-items-error"' in response.text and "期限は開催日以降" in response.text
    no_attendees = {
        k: v for k, v in meeting_form("support", (case_id, "山田家")).items() if not k.startswith("attendees-")
    }
    response = web.client.post("/meetings/new", data=no_attendees, headers=HTMX)
    assert response.status_code == 422 and "出席した機関を1つ以上" in response.text


def test_recording_a_meeting_someone_changed_meanwhile_is_a_conflict_that_keeps_the_input(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support", scheduled_on=date(2026, 11, 10)))
    web.seeded(lambda app: reschedule(app, meeting_id, date(2026, 11, 12)))  # a colleague, meanwhile
    before = web.events()
    data = meeting_form("support", (case_id, "山田家"), meeting_on="2026-11-12", expected_version="1")
    response = web.client.post(f"/meetings/{meeting_id}/record", data=data, headers=HTMX)
    assert response.status_code == 409
    assert "他の人がこの会議を先に更新しました" in response.text
    assert "山田家の支援方針を共有" in response.text and 'name="expected_version" value="2"' in response.text
    assert web.events() == before


def test_a_meeting_already_recorded_cannot_be_recorded_again(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(lambda app: hold(app, meeting_id, date(2026, 11, 10), case_id))
    response = web.client.post(
        f"/meetings/{meeting_id}/record",
        headers=HTMX,
        data=meeting_form("support", (case_id, "山田家"), meeting_on="2026-11-10"),
    )
    assert response.status_code == 422 and "予定の状態ではない" in response.text


def test_a_scheduled_meeting_is_cancelled_with_a_reason(web: Web) -> None:
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="liaison", scheduled_on=date(2026, 11, 25)))
    refused = web.client.post(
        f"/meetings/{meeting_id}/cancel",
        data={"reason": "", "cancelled_on": "2026-11-20", "expected_version": "1"},
        headers=HTMX,
    )
    assert refused.status_code == 422 and 'id="cancel-reason-error"' in refused.text
    done = web.client.post(
        f"/meetings/{meeting_id}/cancel",
        follow_redirects=False,
        data={"reason": "台風のため中止", "cancelled_on": "2026-11-20", "expected_version": "1"},
    )
    assert done.status_code == 303
    page = web.client.get(f"/meetings/{meeting_id}").text
    assert "中止" in page and "台風のため中止" in page


def test_marking_an_action_item_done_returns_the_item_and_refreshes_the_counts(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    items = (action_item("shakyo", date(2026, 11, 15), case_id), action_item("fukushi-soudan", date(2026, 12, 1)))
    web.seeded(lambda app: hold(app, meeting_id, date(2026, 11, 10), case_id, items=items))
    page = web.client.get(f"/meetings/{meeting_id}").text
    assert "未完了の役割分担 2件" in page and "うち期限切れ 1件" in page

    url = f"/meetings/{meeting_id}/items/{items[0].item_id}/done"
    refused = web.client.post(url, data={"done_on": "2026-11-01"}, headers=HTMX)
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text
    done = web.client.post(url, data={"done_on": "2026-11-20"}, headers=HTMX)
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "meeting-changed"
    assert "完了" in done.text and "<html" not in done.text
    counts = web.client.get(f"/meetings/{meeting_id}/counts", headers=HTMX).text
    assert "未完了の役割分担 1件" in counts and "期限切れ" not in counts
    again = web.client.post(url, data={"done_on": "2026-11-20"}, headers=HTMX)
    assert again.status_code == 422 and 'role="alert"' in again.text


def test_the_calendar_shows_a_month_or_fiscal_year_filtered_by_type_and_status(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    held = web.seeded(lambda app: given_meeting(app, meeting_type="support", scheduled_on=date(2026, 11, 10)))
    web.seeded(lambda app: hold(app, held, date(2026, 11, 10), case_id))
    web.seeded(lambda app: given_meeting(app, meeting_type="layered", scheduled_on=date(2026, 11, 27)))
    cancelled = web.seeded(lambda app: given_meeting(app, meeting_type="liaison", scheduled_on=date(2027, 2, 3)))
    web.seeded(lambda app: cancel_meeting(app, cancelled, date(2026, 11, 20)))

    def calendar(query: str) -> str:
        return web.client.get(f"/meetings?{query}", headers=HTMX).text

    november = calendar("month=2026-11")
    assert november.lstrip().startswith('<section id="meeting-calendar"')
    assert "令和8年11月" in november and "開催済み 1" in november and "予定 1" in november
    assert "連携会議" not in november
    year = calendar("fy=2026")
    assert "令和8年度（FY2026）" in year and "2027年2月" in year and "中止 1" in year and "連携会議" in year
    only_held = calendar("fy=2026&status=held")
    assert "開催済み 1" in only_held and "予定 1" not in only_held
    only_layered = calendar("fy=2026&meeting_type=layered")
    assert "予定 1" in only_layered and "開催済み 1" not in only_layered
    assert '/meetings?fy=2025&amp;meeting_type=layered"' in only_layered
    page = web.client.get("/meetings?month=2026-11").text
    assert "<html" in page and '/meetings/new"' in page
    english = web.client.get("/meetings?month=2026-11&lang=en").text
    assert "Support meetings" in english and "Held 1" in english


def test_bad_calendar_filters_are_refused_not_errors(web: Web) -> None:
    for query in ("month=2026-13", "month=November", "fy=abc", "fy=1700", "status=postponed"):
        response = web.client.get(f"/meetings?{query}")
        assert response.status_code in (404, 422), query
        assert "<html" in response.text, query


def test_cases_are_found_by_household_name_or_case_number_and_added_as_rows(web: Web) -> None:
    first, _ = two_cases(web)
    by_name = web.client.post("/meetings/case-search", data={"q": "田中"}, headers=HTMX).text
    assert "田中家を追加" in by_name and "山田家" not in by_name
    by_number = web.client.post("/meetings/case-search", data={"q": first.hex[:6].upper()}, headers=HTMX).text
    assert "山田家を追加" in by_number
    added = web.client.post("/meetings/case-row", params={"case_id": str(first)}, data={"index": 3}, headers=HTMX)
    assert added.headers["HX-Trigger-After-Settle"] == "meeting-cases-changed"
    row = added.text
    assert 'name="cases-3-case_id"' in row and "山田家" in row
    field = web.client.post(
        "/meetings/item-case-field?row=0",
        headers=HTMX,
        data={"cases-3-case_id": str(first), "cases-3-household": "山田家", "items-0-case_id": str(first)},
    ).text
    assert re.search(rf'<option value="{first}" selected>山田家</option>', field), field
    item = web.client.post(
        "/meetings/rows/items",
        headers=HTMX,
        data={"index": 2, "cases-3-case_id": str(first), "cases-3-household": "山田家"},
    ).text
    assert 'name="items-2-description"' in item and f'value="{first}"' in item
    assert web.client.post("/meetings/rows/people", data={"index": 1}).status_code == 404
    assert (
        web.client.post("/meetings/case-row", params={"case_id": str(uuid.uuid4())}, data={"index": 0}).status_code
        == 404
    )


def test_missing_meetings_and_items_are_404_pages(web: Web) -> None:
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    for method, url in (
        ("get", f"/meetings/{uuid.uuid4()}"),
        ("get", "/meetings/not-an-id"),
        ("get", f"/meetings/{uuid.uuid4()}/record"),
        ("post", f"/meetings/{uuid.uuid4()}/cancel"),
        ("post", f"/meetings/{meeting_id}/items/{uuid.uuid4()}/done"),
    ):
        response = getattr(web.client, method)(url)
        assert response.status_code == 404, url


def test_support_meeting_decisions_are_shown_only_to_the_attending_agencies(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(
        lambda app: hold(
            app, meeting_id, date(2026, 11, 10), case_id, items=(action_item("shakyo", date(2026, 12, 1), case_id),)
        )
    )
    web.seeded(
        lambda app: app.execute(
            RegisterUser(actor=ADMIN, username="kobayashi", name="小林 誠", role="coordinator", agency="hello-work")
        )
    )
    assert "支援方針を共有" in web.client.get(f"/meetings/{meeting_id}").text
    outsider = web.login("kobayashi").client.get(f"/meetings/{meeting_id}")
    assert outsider.status_code == 404
    assert "支援方針を共有" not in outsider.text and "長男への同行訪問" not in outsider.text
    assert "11月 定例会議" not in web.client.get("/meetings", params={"month": "2026-11"}).text
    denied = [a for a in web.api.state.audit.accesses(username="kobayashi") if a.path == f"/meetings/{meeting_id}"]
    assert [(a.action, a.status) for a in denied] == [("denied", 404)]


def test_a_case_page_shows_a_support_meeting_its_agency_did_not_attend_only_by_type_and_date(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    support = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(
        lambda app: hold(
            app,
            support,
            date(2026, 11, 10),
            case_id,
            agencies=("fukushi-soudan",),
            items=(action_item("fukushi-soudan", date(2026, 12, 1), case_id),),
        )
    )
    web.seeded(lambda app: refer(app, case_id, date(2026, 6, 1), to_agency="shakyo"))
    page = web.login("suzuki").client.get(f"/cases/{case_id}")  # 社協: involved in the case, not at the meeting
    assert page.status_code == 200 and "山田家" in page.text
    section = page.text.split('id="case-meetings"')[1].split("</section>")[0]
    assert "支援会議" in section and "出席機関のみ" in section
    for secret in ("11月 定例会議", "長男への同行訪問", "支援方針を共有", f"/meetings/{support}"):
        assert secret not in page.text, secret


def test_the_supervisor_sees_open_and_overdue_action_items(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    items = (action_item("shakyo", date(2026, 11, 13), case_id), action_item("fukushi-soudan", date(2026, 12, 1)))
    web.seeded(lambda app: hold(app, meeting_id, date(2026, 11, 10), case_id, items=items))
    page = web.login("kimura").client.get("/caseload").text
    assert "期限切れの役割分担" in page and "未完了の役割分担 2件" in page and "うち期限切れ 1件" in page
    assert "長男への同行訪問" in page and "7日超過" in page
