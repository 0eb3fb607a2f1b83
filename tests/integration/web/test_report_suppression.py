"""Small counts about households leave the building withheld: downloads, the plan API and ``kasane report``.

The story (``plan_story.fiscal_2023``, FY2023, k=3 by default): 福祉相談課 had
3 consultations (C-TOTAL, shown), from 2 households (C-DISTINCT, withheld), 2
of them new (C-NEW, withheld), 2 in calendar 2023 (C-CY, withheld); 0 layered
plans (K6-1, zero is shown); 1 support meeting held (K6-2) and 1 attendance
by the 社協 (A02) — counts of meetings, not of people, shown. Programme 4-1's
outcome and measure 4's rating (A) are computed from withheld counts, yet the
evaluation is what committees publish (domain decision 14): it stays, and a
withheld count's 達成率 reads as a band.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import FY, YEAR_URL, Story, actual, fiscal_2023
from tests.plan_scenarios import PLAN_CODE, consult
from web.cli.main import cli
from web.storage.settings import Settings

API = f"/api/plans/{PLAN_CODE}/years/{FY}"
DOWNLOAD = f"/plans/{PLAN_CODE}/report"
WITHHELD = {"C-DISTINCT", "C-NEW", "C-CY"}
BANDS = {"100%以上", "70%以上100%未満", "40%以上70%未満", "20%以上40%未満", "20%未満"}
SHOWN = {"C-TOTAL": "3", "K6-1": "0", "K6-2": "1", "K6-3": "0", "A02": "1"}


def with_late_consultation(web: Web) -> Story:
    """The story, then a consultation of December 2023 entered late: C-TOTAL 3→4, C-CY 2→3, households still 2."""
    story = web.seeded(fiscal_2023)
    web.seeded(lambda app: consult(app, story.okada, date(2023, 12, 1), "late"))
    return story


def indicator_entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every indicator of a report, in the flat list and under each programme."""
    nested = [i for m in document["measures"] for p in m["programmes"] for i in p["indicators"]]
    return document["indicators"] + nested


def assert_withheld_as_in_the_story(document: dict[str, Any], shown: dict[str, str] = SHOWN) -> None:
    for item in indicator_entries(document):
        if item["code"] in WITHHELD:
            assert item["suppressed"] is True, item["code"]
            assert (item["actual"], item["rate"]) == (None, None), item["code"]
            if item["target"] is not None:
                assert item["rate_band"] in BANDS
                assert item["achieved"] is not None, "達成/未達成 is the evaluation: never withheld"
        else:
            assert (item["suppressed"], item["rate_band"]) == (False, None), item["code"]
    assert {i["code"]: i["actual"] for i in document["indicators"] if i["code"] in shown} == shown
    measures = {m["code"]: m for m in document["measures"]}
    assert (measures["4"]["rating"], measures["4"]["computed_rating"]) == ("A", "A"), "a small count never blanks A–D"
    assert [p["outcome"] for p in measures["4"]["programmes"]] == ["achieved"]
    assert {code: measures[code]["rating"] for code in ("6", "7")} == {"6": "D", "7": "D"}
    summary = {line["rating"]: line for line in document["summary"]}
    assert summary["A"]["measures"] == ["4"] and summary["A"]["count"] == 1
    assert "withheld" not in summary and summary["D"]["measures"] == ["6", "7"]
    assert document["suppression"]["k"] == 3


def test_the_json_csv_and_excel_downloads_withhold_small_household_counts_and_what_follows_from_them(web: Web) -> None:
    web.seeded(fiscal_2023)
    web.login("hayashi")
    document = json.loads(web.client.get(f"{DOWNLOAD}.json", params={"fy": str(FY)}).content)
    assert_withheld_as_in_the_story(document)

    text = web.client.get(f"{DOWNLOAD}.csv", params={"fy": str(FY)}).content.decode("utf-8-sig")
    rows = {row["指標コード"]: row for row in csv.DictReader(io.StringIO(text))}
    for code in WITHHELD:
        assert (rows[code]["実績"], rows[code]["達成状況"], rows[code]["評価"]) == ("<3", "達成", "A"), code
    assert rows["C-DISTINCT"]["達成率"] == "100%以上" and rows["C-CY"]["達成率"] == "", "no target, no rate"
    assert (rows["C-TOTAL"]["実績"], rows["C-TOTAL"]["達成率"], rows["C-TOTAL"]["評価"]) == ("3", "100.0%", "A")
    assert (rows["K6-2"]["実績"], rows["K6-2"]["達成率"], rows["K6-2"]["評価"]) == ("1", "33.3%", "D")
    assert (rows["A02"]["実績"], rows["A02"]["評価"]) == ("1", "D")

    workbook = load_workbook(io.BytesIO(web.client.get(f"{DOWNLOAD}.xlsx", params={"fy": str(FY)}).content))
    sheet = workbook["指標"]
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "指標コード")
    cells = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(values_only=True)
        if r[0] in {*WITHHELD, *SHOWN}
    }
    assert {code: cells[code]["実績"] for code in WITHHELD} == dict.fromkeys(WITHHELD, "<3")
    assert (cells["C-DISTINCT"]["達成率"], cells["C-DISTINCT"]["達成"]) == ("100%以上", "達成")
    assert {code: cells[code]["実績"] for code in SHOWN} == {code: int(v) for code, v in SHOWN.items()}
    for name in ("進捗管理シート", "評価総括表", "指標"):
        notes = [r[0] for r in workbook[name].iter_rows(values_only=True) if isinstance(r[0], str)]
        assert "「<3」は1〜2（世帯・人・件）のため非公表" in notes[-1], name
    summary = {r[0]: r for r in workbook["評価総括表"].iter_rows(values_only=True) if r[0]}
    assert summary["A"][2:] == (1, "4") and "＊" not in summary and summary["合計"][2] == 4
    progress = [r for r in workbook["進捗管理シート"].iter_rows(values_only=True) if r[2] in WITHHELD]
    assert {r[11] for r in progress} == {"<3"} and "100%以上" in {r[12] for r in progress}

    inside = web.client.get(YEAR_URL).text
    assert (actual(inside, "C-DISTINCT"), actual(inside, "C-NEW")) == ("2", "2"), "the screens show true figures"


def test_the_plan_api_withholds_them_now_as_of_a_moment_in_provenance_and_in_changes(web: Web) -> None:
    story = with_late_consultation(web)
    then = web.client.get(API, params={"as_of": story.moment.isoformat()}).json()
    assert_withheld_as_in_the_story(then)
    now = web.client.get(API).json()
    assert {i["code"]: i["actual"] for i in now["indicators"]}["C-CY"] == "3", "3 households in calendar 2023"
    assert {i["code"] for i in now["indicators"] if i["suppressed"]} == {"C-DISTINCT", "C-NEW"}

    hidden = web.client.get(f"{API}/indicators/C-DISTINCT/provenance").json()
    assert hidden["suppressed"] is True
    assert (hidden["count"], hidden["units"], hidden["cases"], hidden["events"]) == (None, None, None, [])
    assert hidden["indicator"]["actual"] is None and hidden["rule"]["events"] == ["case.consultation"]
    shown = web.client.get(f"{API}/indicators/C-TOTAL/provenance").json()
    assert (shown["suppressed"], shown["count"], len(shown["events"])) == (False, 4, 4)
    then_hidden = web.client.get(f"{API}/indicators/C-CY/provenance", params={"as_of": story.moment.isoformat()})
    assert then_hidden.json()["events"] == [] and then_hidden.json()["count"] is None

    diff = web.client.get(f"{API}/diff", params={"since": story.moment.isoformat()}).json()
    changed = {i["code"]: i for i in diff["indicators"]}
    assert (changed["C-TOTAL"]["before"], changed["C-TOTAL"]["after"]) == ("3", "4")
    assert len(changed["C-TOTAL"]["changes"]) == 1 and changed["C-TOTAL"]["suppressed"] is False
    cy = changed["C-CY"]
    assert (cy["before"], cy["before_suppressed"], cy["after"], cy["changes"]) == (None, True, "3", []), (
        "the one late entry would give away the 2 before it"
    )


def test_k_is_a_setting_and_the_cli_report_withholds_alike(
    web: Web, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    web.seeded(fiscal_2023)
    web.api.state.settings = settings.model_copy(update={"suppression_k": 4})
    at_four = web.client.get(API).json()
    assert {i["code"] for i in at_four["indicators"] if i["suppressed"]} == {*WITHHELD, "C-TOTAL"}
    web.api.state.settings = settings.model_copy(update={"suppression_k": 1})
    assert not [i for i in web.client.get(API).json()["indicators"] if i["suppressed"]]

    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "indicators", "--plan", PLAN_CODE, "--fy", str(FY)])
    assert result.exit_code == 0, result.output
    assert_withheld_as_in_the_story(json.loads(result.stdout_bytes))
    result = runner.invoke(cli, ["report", "indicators", "--plan", PLAN_CODE, "--fy", str(FY), "--format", "csv"])
    rows = {r["指標コード"]: r for r in csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig")))}
    assert {code: rows[code]["実績"] for code in ("C-DISTINCT", "C-TOTAL")} == {"C-DISTINCT": "<3", "C-TOTAL": "3"}
    result = runner.invoke(cli, ["report", "provenance", "--plan", PLAN_CODE, "--fy", str(FY), "--indicator", "C-NEW"])
    assert json.loads(result.stdout_bytes)["events"] == []

    for bad in ("0", "two", "-1", "2.5"):
        monkeypatch.setenv("KASANE_SUPPRESSION_K", bad)
        refused = runner.invoke(cli, ["report", "indicators", "--plan", PLAN_CODE, "--fy", str(FY)])
        assert refused.exit_code == 2 and refused.stdout_bytes == b""
        assert "KASANE_SUPPRESSION_K must be a whole number of at least 1" in refused.stderr, bad
    monkeypatch.setenv("KASANE_SUPPRESSION_K", "2")
    at_two = json.loads(runner.invoke(cli, ["report", "indicators", "--plan", PLAN_CODE, "--fy", str(FY)]).stdout_bytes)
    assert not [i for i in at_two["indicators"] if i["suppressed"]] and at_two["suppression"]["k"] == 2
