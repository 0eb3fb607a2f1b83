"""A planner rates a measure by hand, on the planner screen and through the API, on the plan's own scale."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.plan_story import FY, YEAR_URL, fiscal_2023
from tests.plan_scenarios import PLAN_CODE

ENTRIES = f"/plans/{PLAN_CODE}/entries"
API_YEAR = f"/api/plans/{PLAN_CODE}/years/{FY}"


@pytest.fixture
def web(web: Web) -> Web:
    """Ratings are the planners' work (web.access.policy.PLAN_WRITERS): these tests write as hayashi."""
    return web.login("hayashi")


def rate(web: Web, fields: dict[str, str], slug: str = "ratings") -> Any:
    page = web.client.get(f"{ENTRIES}?fy={FY}").text
    version = re.search(r'id="evaluation-version" name="expected_version" value="(\d+)"', page)
    assert version
    data = {"occurred_on": "令和6年5月20日", "expected_version": version.group(1), **fields}
    return web.client.post(f"{ENTRIES}/{slug}?fy={FY}", data=data, headers=HTMX)


def test_the_rating_form_offers_the_measures_and_the_scales_labels_in_japanese(web: Web) -> None:
    web.seeded(fiscal_2023)
    page = web.client.get(f"{ENTRIES}?fy={FY}").text
    form = page.split('id="entry-ratings"')[1].split("</section>")[0]
    assert "施策の評価を入力（手動）" in form
    assert '<option value="C">C（あまり進捗していない）</option>' in form
    assert '<option value="7">7 ' in form


def test_a_rating_given_on_the_screen_is_shown_as_manual_with_who_and_when(web: Web) -> None:
    web.seeded(fiscal_2023)
    before = web.events()
    answer = rate(web, {"measure": "7", "rating": "C", "note": "巡回相談は一部のみ"})
    assert answer.status_code == 200, answer.text[:2000]
    assert "登録しました。" in answer.text and web.events() > before
    year = web.client.get(YEAR_URL).text
    summary = year.split('id="summary-title"')[1].split("</table>")[0]
    c_row = summary.split('<span class="rating rating-C">C</span>')[1].split("</tr>")[0]
    assert "7" in c_row
    rated = year.split('id="rated-7">')[1].split("</p>")[0]
    assert "令和6年5月20日" in rated or "2024-05-20" in rated
    assert "巡回相談は一部のみ" in rated
    report = web.client.get(API_YEAR).json()
    measure7 = next(m for m in report["measures"] if m["code"] == "7")
    assert (measure7["rating"], measure7["rating_manual"], measure7["rated_by"]) == ("C", True, "hayashi")
    assert measure7["rated_on"] == "2024-05-20"


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"measure": "7", "rating": "S", "note": "x"}, "rating", "この計画の評価区分から選んでください"),
        ({"measure": "99", "rating": "C", "note": "x"}, "measure", "その施策はこの計画にありません"),
        ({"measure": "7", "rating": "C", "note": ""}, "note", "入力してください"),
    ],
)
def test_a_refused_rating_says_why_in_japanese_and_stores_nothing(
    web: Web, fields: dict[str, str], field: str, message: str
) -> None:
    web.seeded(fiscal_2023)
    before = web.events()
    answer = rate(web, fields)
    assert answer.status_code == 422, answer.text[:1500]
    assert message in answer.text.split(f'id="ratings-{field}-error">')[1].split("</p>")[0]
    assert web.events() == before


def test_the_api_rates_a_measure_and_refuses_a_rating_outside_the_scale(web: Web) -> None:
    web.seeded(fiscal_2023)
    body = {"occurred_on": "2024-05-20", "measure": "6", "rating": "B", "note": "一定の成果"}
    answer = web.client.post(f"{API_YEAR}/ratings", json=body)
    assert answer.status_code == 201, answer.text
    measure6 = next(m for m in web.client.get(API_YEAR).json()["measures"] if m["code"] == "6")
    assert (measure6["rating"], measure6["rating_manual"], measure6["rating_note"]) == ("B", True, "一定の成果")
    before = web.events()
    refused = web.client.post(f"{API_YEAR}/ratings", json={**body, "rating": "順調"})
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "rating"
    assert web.events() == before
    assert "/api/plans/{code}/years/{fiscal_year}/ratings" in web.client.get("/openapi.json").json()["paths"]


def test_a_withdrawn_rating_gives_the_computed_one_back_and_nothing_to_withdraw_is_refused(web: Web) -> None:
    web.seeded(fiscal_2023)
    computed = next(m for m in web.client.get(API_YEAR).json()["measures"] if m["code"] == "7")["rating"]
    assert rate(web, {"measure": "7", "rating": "A", "note": "委員会の判断"}).status_code == 200
    answer = rate(web, {"measure": "7", "reason": "数値による評価に戻す"}, "rating-clears")
    assert answer.status_code == 200 and "数値による評価に戻す" in answer.text
    measure7 = next(m for m in web.client.get(API_YEAR).json()["measures"] if m["code"] == "7")
    assert (measure7["rating"], measure7["rating_manual"], measure7["rated_by"]) == (computed, False, None)
    before = web.events()
    again = rate(web, {"measure": "7", "reason": "もう一度"}, "rating-clears")
    assert again.status_code == 422
    assert "この施策には手動の評価がありません" in again.text.split('id="rating-clears-measure-error">')[1]
    api = web.client.post(
        f"{API_YEAR}/rating-clears", json={"occurred_on": "2024-05-20", "measure": "7", "reason": "x"}
    )
    assert api.status_code == 422 and api.json()["detail"]["field"] == "measure"
    assert web.events() == before
