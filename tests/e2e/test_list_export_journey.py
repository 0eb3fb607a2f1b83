"""Downloading the case list a coordinator is looking at, in a real browser: the file holds the list's rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Site, log_in

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
    sheet = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert sheet["C2"].value == "山田家" and sheet.page_setup.orientation == "landscape"
    assert "export" not in page.url, "the list stays on the screen; nothing about the list went into a URL"
