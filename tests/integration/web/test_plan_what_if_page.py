"""The planner's what-if page over HTTP: upload a 中間見直し draft, see every year old vs new, nothing recorded."""

from __future__ import annotations

import re
from datetime import date

from domain.plan_commands import LoadPlan
from tests.builders import ADMIN
from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import YEAR_URL, actual, fiscal_2023
from tests.plan_scenarios import PLAN, PLAN_CODE

REVISED = PLAN.replace('meeting_type = "support"', 'meeting_type = "layered"').replace(
    "targets = { 2023 = 3 }", "targets = { 2023 = 5 }", 1
)
URL = f"/plans/{PLAN_CODE}/what-if"


def upload(source: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("definition", ("revised.toml", source.encode("utf-8"), "application/toml"))]


def cell(html: str, year: int, code: str, side: str) -> str:
    table = html.split(f'data-year="{year}"')[1].split("</table>")[0]
    found = re.search(rf'data-code="{re.escape(code)}".*?<td class="num {side}">([^<]*)</td>', table, re.S)
    assert found, (year, code)
    return found.group(1)


def test_a_planner_compares_a_draft_year_by_year_and_the_figures_match_the_loaded_revision(web: Web) -> None:
    web.seeded(fiscal_2023)
    web.login("hayashi")
    assert "見直し案の試算" in web.client.get(YEAR_URL).text
    assert web.client.get(URL, params={"fy": "2024"}).status_code == 200
    events = web.events()

    page = web.client.post(URL, data={"fy": "2024"}, files=upload(REVISED))

    assert page.status_code == 200, page.text
    assert web.events() == events
    assert "何も記録していません" in page.text and "令和6年度（FY2024）" in page.text
    assert (cell(page.text, 2023, "K6-2", "current"), cell(page.text, 2023, "K6-2", "revised")) == ("1", "0")
    web.seeded(
        lambda app: app.execute(
            LoadPlan(actor=ADMIN, source=REVISED, occurred_on=date(2024, 6, 1), reason="中間見直し")
        )
    )
    for year in (2022, 2023, 2024):
        loaded = web.client.get(f"/plans/{PLAN_CODE}", params={"fy": str(year)}).text
        for code in ("C-TOTAL", "C-DISTINCT", "C-NEW", "K6-2", "K6-3"):
            assert cell(page.text, year, code, "revised") == actual(loaded, code), (year, code)


def test_no_file_a_broken_file_or_another_plan_is_refused_in_japanese_and_writes_nothing(web: Web) -> None:
    web.seeded(fiscal_2023)
    web.login("hayashi")
    events = web.events()
    assert "選んでください" in web.client.post(URL, data={"fy": "2024"}).text
    broken = web.client.post(URL, data={"fy": "2024"}, files=upload('code = "x"\nname = '))
    other = web.client.post(URL, data={"fy": "2024"}, files=upload(PLAN.replace(PLAN_CODE, "elsewhere", 1)))
    assert broken.status_code == other.status_code == 422
    assert "[code]" in other.text
    assert web.events() == events
