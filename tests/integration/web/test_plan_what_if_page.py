"""The planner's what-if page over HTTP: upload a 中間見直し draft, see every year old vs new, nothing recorded."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

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


def test_the_api_and_the_page_compare_a_draft_sent_or_placed_on_the_server_and_refuse_anything_else(
    web: Web, tmp_path: Path
) -> None:
    web.seeded(fiscal_2023)
    folder = tmp_path / "what-if"
    folder.mkdir()
    (folder / "中間見直し案.toml").write_text(REVISED, encoding="utf-8")
    (folder / "notes.txt").write_text(REVISED, encoding="utf-8")
    (tmp_path / "outside.toml").write_text(REVISED, encoding="utf-8")
    web.api.state.settings = web.api.state.settings.model_copy(update={"what_if_dir": folder})
    web.login("hayashi")
    events = web.events()
    api = f"/api/plans/{PLAN_CODE}/what-if"

    sent = web.client.post(api, json={"fiscal_year": 2024, "definition": REVISED})
    placed = web.client.post(api, json={"fiscal_year": 2024, "file": "中間見直し案.toml"})

    assert sent.status_code == placed.status_code == 200, sent.text
    assert sent.json() == placed.json() and sent.json()["revised"]["recorded"] is False
    fy2023 = {r["code"]: r for r in sent.json()["years"][1]["indicators"]}
    assert (fy2023["K6-2"]["current"]["actual"], fy2023["K6-2"]["revised"]["actual"], fy2023["K6-2"]["changed"]) == (
        "1",
        "0",
        True,
    )
    assert web.client.get("/api/plans/what-if-files").json() == {"files": ["中間見直し案.toml"]}
    form = web.client.get(URL, params={"fy": "2024"}).text
    assert '<option value="中間見直し案.toml">' in form and "notes.txt" not in form
    page = web.client.post(URL, data={"fy": "2024", "file": "中間見直し案.toml"})
    assert page.status_code == 200 and cell(page.text, 2023, "K6-2", "revised") == "0"

    refusals = {
        "plan_file_not_toml": {"definition": 'code = "x"\nname = '},
        "plan_code_changed": {"definition": PLAN.replace(PLAN_CODE, "elsewhere", 1)},
        "unknown_what_if_file": {"file": "../outside.toml"},
        "invalid_input": {"definition": REVISED, "file": "中間見直し案.toml"},
    }
    for code, body in refusals.items():
        refused = web.client.post(api, json={"fiscal_year": 2024, **body})
        assert (refused.status_code, refused.json()["detail"]["code"]) == (422, code), refused.text
    assert web.client.post(api, json={"fiscal_year": 2024, "file": "notes.txt"}).status_code == 422
    outside = web.client.post(URL, data={"fy": "2024", "file": "../outside.toml"})
    assert outside.status_code == 422 and "その名前のファイルはありません" in outside.text
    assert (
        "計画コードが、読み込み済みの計画と異なります"
        in web.client.post(URL, data={"fy": "2024"}, files=upload(PLAN.replace(PLAN_CODE, "elsewhere", 1))).text
    )
    assert web.events() == events
