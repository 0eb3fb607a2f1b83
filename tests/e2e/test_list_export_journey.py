"""Downloading the lists a person is looking at, in a real browser: the case list, the meeting list and the
caseload's overdue action items; each file holds the list's rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Locator, Page, expect

from domain.application import Kasane
from tests.builders import given_meeting, given_open_case, given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import Site, log_in, seeded, serving, with_passwords
from tests.integration.web.conftest import given_staff_of_every_role
from tests.scenarios import action_item, hold
from tests.workbooks import active_sheet
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e


def test_a_coordinator_downloads_the_filtered_case_list_as_csv_and_excel(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases?include_closed=false")
    table = page.locator("#case-table")
    expect(table.get_by_role("link", name="山田家")).to_be_visible()
    with page.expect_download() as csv_download:
        table.get_by_role("button", name="CSVで出力").click()
    text = Path(csv_download.value.path()).read_bytes()
    assert text.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert [(r["ケースID"], r["世帯名"]) for r in rows] == [(str(site.case_id), "山田家")]
    assert csv_download.value.suggested_filename.endswith(".csv")
    with page.expect_download() as xlsx_download:
        table.get_by_role("button", name="Excelで出力").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    sheet = active_sheet(Path(xlsx_download.value.path()).read_bytes())
    assert sheet["C2"].value == "山田家" and sheet.page_setup.orientation == "landscape"
    assert "export" not in page.url, "the list stays on the screen; nothing about the list went into a URL"


def a_city_with_a_meeting_and_an_overdue_action_item(app: Kasane) -> UUID:
    """One household taken up at a 支援会議 on 11月10日, the 社協's follow-up visit due 11月13日 (overdue by 20日)."""
    given_standard_setup(app)
    given_staff_of_every_role(app)
    case_id = given_open_case(app)
    meeting_id = given_meeting(app, meeting_type="support")
    hold(app, meeting_id, date(2026, 11, 10), case_id, items=(action_item("shakyo", date(2026, 11, 13), case_id),))
    return meeting_id


@pytest.fixture
def meeting_site(tmp_path: Path) -> Iterator[tuple[str, UUID]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", **FAST_PASSWORD_HASHING)
    meeting_id = seeded(settings, a_city_with_a_meeting_and_an_overdue_action_item)
    with_passwords(settings, "sato", "kimura")
    with serving(settings) as url:
        yield url, meeting_id


def downloaded(page: Page, button: Locator) -> tuple[str, bytes]:
    with page.expect_download() as download:
        button.click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def test_the_meeting_list_and_the_caseloads_overdue_items_download_as_csv_and_excel(
    page: Page, meeting_site: tuple[str, UUID]
) -> None:
    url, meeting_id = meeting_site
    log_in(page, url, "sato")
    page.goto(f"{url}/meetings?month=2026-11")
    name, body = downloaded(page, page.get_by_role("button", name="CSVで出力"))
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert name == "meetings-2026-11.csv"
    assert [(r["会議ID"], r["会議名"], r["開催日（予定日）"]) for r in rows] == [
        (str(meeting_id), "11月 定例会議", "2026-11-10")
    ]
    name, body = downloaded(page, page.get_by_role("button", name="Excelで出力"))
    assert name == "meetings-2026-11.xlsx"
    sheet = active_sheet(body)
    assert str(meeting_id) in {c.value for row in sheet.iter_rows() for c in row}

    page.get_by_role("button", name="ログアウト").click()
    log_in(page, url, "kimura")
    page.goto(f"{url}/caseload")
    overdue = page.locator("#overdue-items")
    expect(overdue).to_contain_text("長男への同行訪問")
    name, body = downloaded(page, overdue.get_by_role("button", name="CSVで出力"))
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert name.startswith("overdue_action_items-") and name.endswith(".csv")
    assert [(r["世帯"], r["超過日数"], r["期限"]) for r in rows] == [("山田家", "7", "2026-11-13")]
    name, body = downloaded(page, overdue.get_by_role("button", name="Excelで出力"))
    sheet = active_sheet(body)
    assert name.endswith(".xlsx") and "長男への同行訪問" in {c.value for row in sheet.iter_rows() for c in row}
