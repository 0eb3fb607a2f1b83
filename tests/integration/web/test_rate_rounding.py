"""One rounding of 達成率 everywhere: 13 of a target of 14 is 92.9 % on the planner's page and in the JSON.

The plans print their percentages rounded half up to 0.1 % (``domain.rating.percent``); the screens and the
API once cut it to 92.8 % while the workbook printed 92.9 %.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import Kasane
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN
from tests.conftest import FAST_PASSWORD_HASHING
from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import row
from tests.plan_scenarios import Counted, checking_plan
from web.storage.settings import Settings

CODE = "rounding-check"
PLAN = checking_plan(
    CODE,
    "達成率の丸め（検証用）",
    Counted(
        measure=("1", "地域づくり"),
        programme=("1-1", "地域活動の支援", "福祉政策課"),
        code="P14",
        name="地域活動の団体数",
        rule=None,
        target=14,
        unit="団体",
        year=2023,
    ),
    period=(2022, 2026),
)
YEAR = f"/api/plans/{CODE}/years/2023"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """k=1: the true figures, not a withheld band (suppression: test_report_suppression)."""
    return Settings(database_url=database_url, suppression_k=1, **FAST_PASSWORD_HASHING)


def thirteen_of_fourteen(web: Web) -> None:
    def load(app: Kasane) -> None:
        app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2023, 4, 1)))

    web.seeded(load)
    web.login("hayashi")
    entry = {"occurred_on": "2024-05-20", "indicator": "P14", "value": 13}
    answer = web.client.post(f"{YEAR}/indicator-values", json=entry)
    assert answer.status_code == 201, answer.text


def test_thirteen_of_fourteen_is_92_9_percent_in_the_json(web: Web) -> None:
    thirteen_of_fourteen(web)
    report = web.client.get(YEAR).json()
    (indicator,) = report["indicators"]
    assert (indicator["actual"], indicator["rate"]) == ("13", "92.9")


def test_thirteen_of_fourteen_is_92_9_percent_on_the_year_page(web: Web) -> None:
    thirteen_of_fourteen(web)
    page = web.client.get(f"/plans/{CODE}?fy=2023")
    assert page.status_code == 200
    cells = row(page.text, "P14")
    assert "92.9%" in cells and "92.8" not in cells
