"""Long lists come a page at a time: the case list (page and API), my cases, the caseload's long lists.

A page holds at most ``limit`` rows (50 unless asked, never more than 200);
"next" continues after the last row shown and keeps the filters; the totals
count every matching case, whichever page is shown.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import pytest

from domain.commands import CloseCase
from tests.builders import COORDINATOR, given_meeting, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.scenarios import action_item, adopt_plan, hold, move

OPENINGS = [
    date(2026, 4, 1),
    date(2026, 6, 1),
    date(2026, 6, 1),
    date(2026, 6, 1),
    date(2026, 7, 15),
    date(2026, 5, 3),
    date(2026, 8, 30),
]
NAMES = ["青木家", "井上家", "上田家", "遠藤家", "小川家", "加藤家", "木下家"]


def given_seven_cases(web: Web) -> list[UUID]:
    """Seven of sato's cases; three opened the same day. Returned in the list's order: newest first, then by name."""
    ids = {
        name: web.seeded(given_open_case, household_name=name, opened_on=day)
        for name, day in zip(NAMES, OPENINGS, strict=True)
    }
    order = sorted(zip(OPENINGS, NAMES, strict=True), key=lambda pair: (-pair[0].toordinal(), pair[1]))
    return [ids[name] for _, name in order]


def pages(web: Web, **params: Any) -> list[dict[str, Any]]:
    """Every page of ``GET /api/cases``, following ``next_after``."""
    answers = [web.client.get("/api/cases", params=params).json()]
    while answers[-1]["next_after"] is not None:
        answers.append(web.client.get("/api/cases", params={**params, "after": answers[-1]["next_after"]}).json())
    return answers


def test_the_api_pages_through_every_case_once_in_order_with_an_exact_total(web: Web) -> None:
    expected = given_seven_cases(web)
    answers = pages(web, limit=3)
    assert [len(a["items"]) for a in answers] == [3, 3, 1]
    assert [UUID(c["case_id"]) for a in answers for c in a["items"]] == expected
    assert {a["total"] for a in answers} == {7} and [a["start"] for a in answers] == [0, 3, 6]
    assert [c["case_id"] for c in web.client.get("/api/cases").json()["items"]] == [str(c) for c in expected]
    assert web.client.get("/api/cases").json()["limit"] == 50


def test_paging_keeps_the_filters(web: Web) -> None:
    given_seven_cases(web)
    theirs = {
        web.seeded(given_open_case, household_name=n, coordinator="suzuki", opened_on=date(2026, 6, 1))
        for n in ("佐々木家", "清水家", "田村家")
    }
    web.login("suzuki")
    answers = pages(web, coordinator="suzuki", limit=2)
    assert {UUID(c["case_id"]) for a in answers for c in a["items"]} == theirs
    assert [a["total"] for a in answers] == [3, 3]


def test_a_case_that_stops_matching_between_pages_still_marks_the_place(web: Web) -> None:
    expected = given_seven_cases(web)
    first = web.client.get("/api/cases", params={"limit": 3, "include_closed": "false"}).json()
    web.seeded(
        lambda app: app.execute(
            CloseCase(actor=COORDINATOR, case_id=expected[2], reason="resolved", occurred_on=date(2026, 11, 1))
        )
    )
    second = web.client.get(
        "/api/cases", params={"limit": 3, "include_closed": "false", "after": first["next_after"]}
    ).json()
    assert [UUID(c["case_id"]) for c in second["items"]] == expected[3:6] and second["total"] == 6


def test_the_case_list_page_shows_a_page_with_a_next_link_that_keeps_the_filters(web: Web) -> None:
    expected = given_seven_cases(web)
    page = web.client.get("/cases", params={"coordinator": "sato", "limit": 3}).text
    assert "7件" in page and "1〜3件目" in page
    assert [n in page for n in NAMES].count(True) == 3
    link = re.search(r'<a rel="next" href="([^"]+)"', page)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    assert "coordinator=sato" in href and "limit=3" in href and f"after={expected[2]}" in href
    second = web.client.get(href, headers=HTMX)
    assert second.status_code == 200 and second.text.lstrip().startswith('<section id="case-table"')
    assert "4〜6件目" in second.text and "先頭に戻る" in second.text
    last = web.client.get(href.replace(str(expected[2]), str(expected[5]))).text
    assert "7〜7件目" in last and 'rel="next"' not in last and "<html" in last


def test_my_cases_come_a_page_at_a_time_too(web: Web) -> None:
    given_seven_cases(web)
    mine = web.client.get("/", params={"limit": 5}).text
    assert "7件" in mine and "1〜5件目" in mine and 'rel="next"' in mine


def test_a_short_list_has_no_pager(web: Web) -> None:
    given_seven_cases(web)
    page = web.client.get("/cases").text
    assert "7件" in page and "件目" not in page and 'class="pager"' not in page


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 201}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"after": "not-an-id"}, "after"),
        ({"in_status_days": -1}, "in_status_days"),
    ],
)
def test_a_page_size_or_cursor_out_of_bounds_is_refused_clearly(web: Web, params: dict[str, Any], field: str) -> None:
    given_seven_cases(web)
    api = web.client.get("/api/cases", params=params)
    assert api.status_code == 422 and api.json()["detail"]["field"] == field
    page = web.client.get("/cases", params=params)
    assert page.status_code == 422
    message = {
        "limit": "表示件数は1〜200件の整数で指定してください",
        "after": "続きの位置が一覧にありません",
        "in_status_days": "日数は0以上の整数で指定してください",
    }[field]
    assert message in page.text and "青木家" not in page.text


def test_continuing_after_a_case_that_is_not_in_the_list_is_refused(web: Web) -> None:
    given_seven_cases(web)
    hidden = web.seeded(
        lambda app: given_open_case(
            app, household_name="他機関家", coordinator="suzuki", intake_agency="shakyo", lead_agency="shakyo"
        )
    )
    for after in (uuid.uuid4(), hidden):  # unknown, and out of the reader's scope: the same answer
        api = web.client.get("/api/cases", params={"after": str(after)})
        assert api.status_code == 422 and api.json()["detail"]["field"] == "after", api.text
        page = web.client.get("/cases", params={"after": str(after)})
        assert page.status_code == 422 and "続きの位置が一覧にありません" in page.text


def test_the_urgent_lists_are_most_urgent_first(web: Web) -> None:
    due = {
        "青木家": date(2026, 9, 30),
        "井上家": date(2026, 8, 1),
        "上田家": date(2026, 12, 1),
        "遠藤家": date(2026, 10, 15),
    }
    ids: dict[str, UUID] = {}
    for name, review_due_on in due.items():
        ids[name] = web.seeded(given_open_case, household_name=name)
        web.seeded(adopt_plan, ids[name], date(2026, 6, 1), review_due_on=review_due_on)
    overdue = web.client.get("/api/cases", params={"review_overdue": "true"}).json()
    assert [c["household_name"] for c in overdue["items"]] == ["井上家", "青木家", "遠藤家"]
    web.seeded(lambda app: move(app, ids["遠藤家"], "assessment", date(2026, 5, 20)))
    web.seeded(lambda app: move(app, ids["青木家"], "assessment", date(2026, 10, 1)))
    long_running = web.client.get("/api/cases", params={"in_status_days": 90}).json()
    names = [c["household_name"] for c in long_running["items"]]
    assert set(names[:2]) == {"井上家", "上田家"} and names[2:] == ["遠藤家"], "in intake since 5/11, then 5/20"


def test_the_caseload_shows_the_ten_most_overdue_and_links_to_all_of_them(web: Web) -> None:
    for n in range(12):
        case_id = web.seeded(given_open_case, household_name=f"期限{n:02d}家")
        web.seeded(adopt_plan, case_id, date(2026, 6, 1), review_due_on=date(2026, 7, 1) + timedelta(days=n))
    page = web.login("kimura").client.get("/caseload").text
    overdue = page.split('id="overdue-title"')[1].split("</section>")[0]
    assert [f"期限{n:02d}家" in overdue for n in range(12)] == [True] * 10 + [False] * 2
    assert "全12件" in overdue and "すべて表示（12件）" in overdue
    link = re.search(r'<a href="([^"]*review_overdue=true[^"]*)"', overdue)
    assert link is not None
    full = web.client.get(link.group(1).replace("&amp;", "&")).text
    assert "12件" in full and all(f"期限{n:02d}家" in full for n in range(12))
    api = web.client.get("/api/caseload").json()
    assert len(api["overdue_reviews"]) == 10 and api["overdue_review_total"] == 12
    assert api["ageing_total"] == 12 and len(web.client.get("/api/caseload", params={"top": 3}).json()["ageing"]) == 3
    assert web.client.get("/api/caseload", params={"top": 500}).status_code == 422


def test_every_count_on_the_caseload_equals_the_total_of_the_list_it_links_to(web: Web) -> None:
    given_seven_cases(web)
    web.seeded(lambda app: given_open_case(app, household_name="南家", area="minami", issue_tags=("poverty",)))
    counts = web.login("kimura").client.get("/api/caseload").json()["counts"]
    for dimension, param in (
        ("by_coordinator", "coordinator"),
        ("by_lead_agency", "lead_agency"),
        ("by_area", "area"),
        ("by_issue_tag", "issue_tag"),
    ):
        for code, n in counts[dimension].items():
            listed = web.client.get("/api/cases", params={param: code, "include_closed": "false", "limit": 1})
            assert listed.json()["total"] == n, (dimension, code)


def test_the_full_list_of_overdue_action_items_pages(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    items = tuple(action_item("fukushi-soudan", date(2026, 11, 1) + timedelta(days=n), case_id) for n in range(13))
    web.seeded(lambda app: hold(app, meeting_id, date(2026, 10, 30), case_id, items=items))
    dashboard = web.login("kimura").client.get("/caseload").text
    section = dashboard.split('id="overdue-items"')[1].split("</section>")[0]
    assert section.count("日超過") == 10 and "うち期限切れ 13件" in section and "すべて表示（13件）" in section
    full = web.client.get("/caseload/action-items", params={"limit": 5}).text
    assert full.count("日超過") == 5 and "1〜5件目" in full and "19日超過" in full  # due 11/1: the most overdue
    link = re.search(r'<a rel="next" href="([^"]+)"', full)
    assert link is not None
    rest = web.client.get(link.group(1).replace("&amp;", "&"), headers=HTMX).text
    assert rest.lstrip().startswith('<section id="overdue-items"') and "6〜10件目" in rest
    assert web.client.get("/caseload/action-items", params={"limit": 1000}).status_code == 422


def test_a_planner_may_not_open_the_action_item_list(web: Web) -> None:
    assert web.login("hayashi").client.get("/caseload/action-items").status_code == 403
