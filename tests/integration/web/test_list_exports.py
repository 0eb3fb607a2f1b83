"""Lists leave the building as files only as the reader's screen lists them: scoped, audited, inert.

The case list (and the caseload's lists, which are case lists with an urgency
condition) and the meeting list download as CSV (UTF-8 with BOM) or .xlsx with
Japanese headers and labels, from the screens (a POST form), the JSON API and
``kasane export``.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl.cell.cell import Cell

from tests.builders import given_meeting, given_open_case
from tests.integration.web.conftest import Web
from tests.scenarios import action_item, hold
from tests.workbooks import active_sheet

CASE_ID = "ケースID"


def csv_rows(body: bytes) -> list[dict[str, str]]:
    assert body.startswith("\ufeff".encode()), "a byte-order mark, so Excel reads the Japanese"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def listed_ids(html: str) -> list[str]:
    """The case ids the screen's list links to, in its order."""
    return re.findall(r'href="[^"]*/cases/([0-9a-f-]{36})"', html.split('id="case-table"')[1])


def test_the_exported_case_list_holds_the_screens_rows_for_the_same_filters(web: Web) -> None:
    web.seeded(given_open_case)
    web.seeded(lambda app: given_open_case(app, household_name="鈴木家"))
    screen = web.client.get("/cases", params={"include_closed": "false", "limit": 200}).text
    answer = web.client.post("/cases/export", data={"include_closed": "false", "format": "csv"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = csv_rows(answer.content)
    assert [r[CASE_ID] for r in rows] == listed_ids(screen) and len(rows) == 2
    assert {r["世帯名"] for r in rows} == {"山田家", "鈴木家"}
    assert rows[0]["ステータス"] in {"受付", "アセスメント", "プラン作成", "支援中", "モニタリング", "終結"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0]["受付日"]), "ISO dates"


def test_the_api_exports_the_same_rows_as_the_api_lists(web: Web) -> None:
    web.seeded(given_open_case)
    listed = web.client.get("/api/cases", params={"limit": 200}).json()["items"]
    answer = web.client.post("/api/cases/export", json={"format": "csv"})
    assert [r[CASE_ID] for r in csv_rows(answer.content)] == [c["case_id"] for c in listed]


def test_another_agencys_reader_does_not_get_its_cases(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.login("suzuki")  # 社会福祉協議会, no part in the case
    for answer in (
        web.client.post("/cases/export", data={"format": "csv"}),
        web.client.post("/api/cases/export", json={"format": "csv"}),
    ):
        assert str(case_id) not in [r[CASE_ID] for r in csv_rows(answer.content)]
    sheet = active_sheet(web.client.post("/api/cases/export", json={"format": "xlsx"}).content)
    assert str(case_id) not in {c.value for row in sheet.iter_rows() for c in row}


def test_a_household_name_starting_a_formula_stays_text_in_both_files(web: Web) -> None:
    web.seeded(lambda app: given_open_case(app, household_name='=HYPERLINK("http://evil.example","家")'))
    rows = csv_rows(web.client.post("/cases/export", data={"format": "csv"}).content)
    assert rows[0]["世帯名"] == '\'=HYPERLINK("http://evil.example","家")'
    sheet = active_sheet(web.client.post("/cases/export", data={"format": "xlsx"}).content)
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert '=HYPERLINK("http://evil.example","家")' in {c.value for c in cells}


def test_the_workbook_has_japanese_headers_dates_and_prints_a4_landscape(web: Web) -> None:
    web.seeded(given_open_case)
    answer = web.client.post("/cases/export", data={"format": "xlsx"})
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = active_sheet(answer.content)
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["受付番号", CASE_ID, "世帯名"]
    opened = sheet.cell(row=2, column=headers.index("受付日") + 1)
    assert isinstance(opened, Cell) and opened.is_date and opened.number_format == "yyyy-mm-dd"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.fitToWidth == 1


def test_an_export_is_audited_with_list_rows_and_ids_never_the_words(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.client.post("/cases/export", data={"format": "csv", "q": "山田"})
    web.client.post("/api/cases/export", json={"format": "xlsx", "review_overdue": True})
    audit = web.api.state.audit
    entries = [a for a in audit.accesses(username="sato") if a.action == "export"]
    assert [(a.path, a.query, a.case_ids) for a in entries] == [
        ("/cases/export", "list=cases&format=csv&rows=1", (str(case_id),)),
        ("/api/cases/export", "list=overdue_reviews&format=xlsx&rows=0", ()),
    ]
    assert all("山田" not in a.query + a.path for a in entries)


def test_bad_export_input_is_refused_and_exports_nothing(web: Web) -> None:
    assert web.client.post("/api/cases/export", json={"format": "pdf"}).status_code == 422
    assert web.client.post("/api/meetings/export", json={"format": "csv", "month": "2026-13"}).status_code == 422
    audit = web.api.state.audit
    assert [a for a in audit.accesses(username="sato") if a.action == "export"] == []


def test_the_meeting_list_exports_the_calendars_meetings_to_their_agencies_only(web: Web) -> None:
    meeting_id = web.seeded(given_meeting)
    listed = web.client.get("/api/meetings", params={"month": "2026-11"}).json()
    answer = web.client.post("/meetings/export", data={"month": "2026-11", "format": "csv"})
    rows = csv_rows(answer.content)
    assert [r["会議ID"] for r in rows] == [m["meeting_id"] for m in listed] == [str(meeting_id)]
    assert rows[0]["会議名"] == "11月 定例会議" and rows[0]["開催日（予定日）"] == "2026-11-10"
    web.login("suzuki")  # 社会福祉協議会: neither convened nor attended
    api = web.client.post("/api/meetings/export", json={"month": "2026-11", "format": "csv"})
    assert csv_rows(api.content) == []


def test_the_caseloads_overdue_action_items_export_every_one_the_supervisor_sees(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    items = (action_item("shakyo", date(2026, 11, 13), case_id), action_item("fukushi-soudan", date(2026, 12, 1)))
    web.seeded(lambda app: hold(app, meeting_id, date(2026, 11, 10), case_id, items=items))
    web.login("kimura")
    assert "Excelで出力" in web.client.get("/caseload").text
    rows = csv_rows(web.client.post("/caseload/action-items/export", data={"format": "csv"}).content)
    assert [(r["ケースID"], r["超過日数"], r["期限"]) for r in rows] == [(str(case_id), "7", "2026-11-13")]
    web.client.post("/api/caseload/action-items/export", json={"format": "xlsx"})
    audit = web.api.state.audit
    entries = [a for a in audit.accesses(username="kimura") if a.action == "export"]
    assert [(a.query, a.case_ids, a.purpose) for a in entries] == [
        ("list=overdue_action_items&format=csv&rows=1", (str(case_id),), "supervision"),
        ("list=overdue_action_items&format=xlsx&rows=1", (str(case_id),), "supervision"),
    ]
