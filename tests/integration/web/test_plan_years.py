"""A plan across its years (issue 16): 前年度比 in the year's views, the 工程表, and one indicator's series.

Figures are worked out from the consultations and meetings the story records, year by year; the API and the
CSV leave the building, so counts about households from 1 to k−1 (k=3) are withheld there, the page shows them.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path

from openpyxl import load_workbook

from domain.application import Kasane
from domain.fiscal_year import FiscalYear
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN
from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import fiscal_2023, row
from tests.plan_scenarios import PLAN, PLAN_CODE, consult

CONSULTED = [date(2023, 5, 10), date(2023, 9, 1), date(2024, 2, 10), date(2024, 4, 2)]
"""The story's consultations at the 福祉相談課 (``plan_story.fiscal_2023``)."""
LATER = [("ishii", date(2024, 6, 1)), ("ishii", date(2025, 1, 15)), ("okada", date(2025, 5, 1))]
MEETINGS = {2023: 1}
"""The story's one support meeting (K6-2), in FY2023."""
WITH_ROADMAP = PLAN.replace(
    'code = "4-1"\n', 'code = "4-1"\nroadmap = { 2022 = "検討", 2023 = "試行", 2024 = "implement", 2026 = "拡充" }\n'
)


def consultations_per_year() -> Counter[int]:
    return Counter(FiscalYear.of(day).year for day in [*CONSULTED, *(day for _, day in LATER)])


def test_previous_year_roadmap_and_series_follow_the_recorded_years(web: Web) -> None:
    given_later_years_and_a_roadmap(web)
    web.login("hayashi")
    per_year = consultations_per_year()
    previous_year_in_the_api(web, per_year)
    previous_year_in_the_csv_and_on_the_page(web, per_year)
    roadmap_against_results(web)
    series_across_the_years(web, per_year)


def given_later_years_and_a_roadmap(web: Web) -> None:
    """The story of FY2023, the consultations of ``LATER``, and the plan reloaded with its 工程表."""
    story = web.seeded(fiscal_2023)
    cases = {"ishii": story.ishii, "okada": story.okada}
    for n, (who, day) in enumerate(LATER):
        web.seeded(partial(consult, case_id=cases[who], on=day, entry=f"later-{n}"))

    def with_roadmap(app: Kasane) -> None:
        app.execute(LoadPlan(actor=ADMIN, source=WITH_ROADMAP, occurred_on=date(2024, 4, 1), reason="工程表"))

    web.seeded(with_roadmap)


def previous_year_in_the_api(web: Web, per_year: Counter[int]) -> None:
    # 前年度比 in the API (k=3): a count shown on both sides gets its change and ratio; a withheld one none
    fy2024 = {i["code"]: i for i in web.client.get(f"/api/plans/{PLAN_CODE}/years/2024").json()["indicators"]}
    total = fy2024["C-TOTAL"]
    assert (total["actual"], total["previous_actual"]) == (str(per_year[2024]), str(per_year[2023]))
    assert total["change"] == str(per_year[2024] - per_year[2023])
    assert total["change_ratio"] == f"{per_year[2024] * 100 / per_year[2023]:.1f}"
    meetings = fy2024["K6-2"]  # meetings held are not about people: never withheld
    assert (meetings["previous_actual"], meetings["change"]) == (str(MEETINGS[2023]), str(0 - MEETINGS[2023]))
    distinct = fy2024["C-DISTINCT"]  # two households each year: withheld on both sides
    assert distinct["previous_suppressed"] and distinct["previous_actual"] is None and distinct["change"] is None
    fy2025 = web.client.get(f"/api/plans/{PLAN_CODE}/years/2025").json()
    this_year_hidden = next(i for i in fy2025["indicators"] if i["code"] == "C-TOTAL")
    assert this_year_hidden["actual"] is None and this_year_hidden["change"] is None
    assert this_year_hidden["previous_actual"] == str(per_year[2024])


def previous_year_in_the_csv_and_on_the_page(web: Web, per_year: Counter[int]) -> None:
    # the first plan year has no previous year in the plan period: "—" in the CSV
    first = web.client.get(f"/plans/{PLAN_CODE}/report.csv?fy=2022").content.decode("utf-8-sig")
    sheet = list(csv.DictReader(io.StringIO(first)))
    assert {r["前年度実績"] for r in sheet if r["指標コード"]} == {"—"}

    # the page shows the true figures beside the year's
    page = web.client.get(f"/plans/{PLAN_CODE}?fy=2025").text
    shown = row(page, "C-TOTAL")
    assert f'yoy-previous">{per_year[2024]}<' in shown and f'yoy-change">{per_year[2025] - per_year[2024]}<' in shown


def roadmap_against_results(web: Web) -> None:
    # 工程表: the planned stage per year against the programme's result (only FY2023 has targets to judge)
    roadmap = web.client.get(f"/api/plans/{PLAN_CODE}/roadmap").json()
    line = next(r for r in roadmap["rows"] if r["code"] == "4-1")
    assert [c["planned"] for c in line["years"]] == ["study", "trial", "implement", None, "expand"]
    assert [c["result"] for c in line["years"]] == ["not_evaluated", "achieved", *["not_evaluated"] * 3]
    screen = web.client.get(f"/plans/{PLAN_CODE}/roadmap").text
    assert "試行" in screen and "拡充" in screen
    download = web.client.get(f"/plans/{PLAN_CODE}/roadmap.csv").content.decode("utf-8-sig")
    programme = next(r for r in csv.DictReader(io.StringIO(download)) if r["番号"] == "4-1")
    assert (programme["令和5年度 予定"], programme["令和5年度 実績"]) == ("試行", "達成")
    workbook = load_workbook(io.BytesIO(web.client.get(f"/plans/{PLAN_CODE}/roadmap.xlsx").content))
    assert workbook.sheetnames == ["工程表"]


def series_across_the_years(web: Web, per_year: Counter[int]) -> None:
    # one indicator across the years: the API's series and the page's chart and table
    series = web.client.get(f"/api/plans/{PLAN_CODE}/indicators/K6-2/series").json()
    assert [p["actual"] for p in series["points"]] == [str(MEETINGS.get(y, 0)) for y in range(2022, 2027)]
    trend = web.client.get(f"/plans/{PLAN_CODE}/trend?indicator=C-TOTAL").text
    assert 'id="series-C-TOTAL"' in trend and "<svg" in trend
    assert f'trend-actual">{per_year[2025]}<' in trend  # the screen is inside the building: true figures
    # a plan whose measures are rated by hand (Kiyose) has no indicator to chart, but its 工程表 still opens
    kiyose = (Path(__file__).parents[3] / "examples" / "kiyose_community_welfare_plan.toml").read_text("utf-8")
    web.seeded(lambda app: app.execute(LoadPlan(actor=ADMIN, source=kiyose, occurred_on=date(2024, 4, 1))))
    assert "指標がありません" in web.client.get("/plans/kiyose-community/trend").text
    assert web.client.get("/plans/kiyose-community/roadmap").status_code == 200
