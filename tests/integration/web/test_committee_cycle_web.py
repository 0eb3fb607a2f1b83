"""The planner's 確定 button and the API: the year's report becomes 確定, then stands beside the restated figures."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.conftest import FAST_PASSWORD_HASHING
from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import FY, YEAR_URL, fiscal_2023
from tests.plan_scenarios import PLAN_CODE, consult
from web.storage.settings import Settings

YEAR = f"/api/plans/{PLAN_CODE}/years/{FY}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, suppression_k=1, **FAST_PASSWORD_HASHING)


def test_the_planner_finalizes_the_year_and_every_view_shows_the_finalized_figures_beside_the_restated(
    web: Web,
) -> None:
    story = web.seeded(fiscal_2023)
    web.login("hayashi")
    draft = web.client.get(YEAR_URL).text
    assert "この年度の報告は案です" in draft and 'id="finalize-form"' in draft
    assert web.client.get(f"{YEAR}/finalized").status_code == 422
    assert web.client.get(YEAR).json()["finalization"] == {"status": "draft", "status_ja": "案"}
    assert {r["報告の状態"] for r in progress_rows(web).values()} == {"案"}

    answer = web.client.post(f"/plans/{PLAN_CODE}/finalize", data={"fy": str(FY)}, follow_redirects=False)
    assert answer.status_code == 303
    page = web.client.get(YEAR_URL).text
    assert "確定報告" in page and "再作成した報告書と一致しています" in page and 'id="finalize-form"' not in page

    finalized = web.client.get(f"{YEAR}/finalized").json()
    download = f"/plans/{PLAN_CODE}/report.json"
    document = web.client.get(download, params={"fy": FY, "as_of": finalized["as_of"]}).content
    assert hashlib.sha256(document).hexdigest() == finalized["document_sha256"]

    web.seeded(lambda app: consult(app, story.okada, date(2023, 12, 1), "late"))
    after = web.client.get(f"{YEAR}/finalized").json()
    assert after["document_verified"] and "C-TOTAL" in after["restated"]
    total = next(f for f in after["figures"] if f["code"] == "C-TOTAL")
    assert (total["finalized"], total["restated"]) == ("3", "4")
    assert "訂正あり" in web.client.get(YEAR_URL).text
    assert web.client.get(download, params={"fy": FY, "as_of": finalized["as_of"]}).content == document

    the_year = web.client.get(YEAR).json()
    assert the_year["finalization"] == after and the_year["finalization"]["corrections"]["indicators"]
    assert web.client.get(download, params={"fy": FY}).json()["finalization"] == after
    rows = progress_rows(web)
    assert {r["報告の状態"] for r in rows.values()} == {"確定"}
    assert (rows["C-TOTAL"]["確定実績"], rows["C-TOTAL"]["実績"], rows["C-TOTAL"]["確定後の訂正"]) == (
        "3",
        "4",
        "訂正あり",
    )
    assert (rows["C-DISTINCT"]["確定実績"], rows["C-DISTINCT"]["確定後の訂正"]) == ("2", "")
    workbook = load_workbook(io.BytesIO(web.client.get(f"/plans/{PLAN_CODE}/report.xlsx", params={"fy": FY}).content))
    assert "報告の状態：確定" in workbook["進捗管理シート"]["A2"].value
    indicators = {r[0]: r for r in workbook["指標"].iter_rows(min_row=5, values_only=True)}
    assert indicators["C-TOTAL"][-2:] == (3, "訂正あり")
    corrections = list(workbook["確定後の訂正"].iter_rows(min_row=5, values_only=True))
    assert ("C-TOTAL", 3, 4, "確定後に入力") in [r[:1] + r[2:5] for r in corrections]


def progress_rows(web: Web) -> dict[str, dict[str, str]]:
    """The year's 進捗管理シート as known now, downloaded as CSV, by indicator code."""
    text = web.client.get(f"/plans/{PLAN_CODE}/report.csv", params={"fy": FY}).content.decode("utf-8-sig")
    return {row["指標コード"]: row for row in csv.DictReader(io.StringIO(text)) if row["指標コード"]}


def test_only_a_planner_finalizes_and_a_year_is_finalized_once(web: Web) -> None:
    web.seeded(fiscal_2023)
    assert web.login("kimura").client.post(f"{YEAR}/finalize").status_code == 403
    web.login("hayashi")
    assert web.client.post(f"{YEAR}/finalize").status_code == 201
    again = web.client.post(f"{YEAR}/finalize")
    assert again.status_code == 409 or again.status_code == 422
    assert again.json()["detail"]["field"] == "fiscal_year"
    assert web.client.post(f"/plans/{PLAN_CODE}/finalize", data={"fy": "next"}).status_code == 422
