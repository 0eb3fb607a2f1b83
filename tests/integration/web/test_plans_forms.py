"""The planner's entry forms over HTTP: each records through the plan commands, shows its history, refuses well."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.plan_story import FY, YEAR_URL, actual, fiscal_2023
from tests.plan_scenarios import PLAN_CODE

ENTRIES = f"/plans/{PLAN_CODE}/entries"


@pytest.fixture
def web(web: Web) -> Web:
    """Plan entries are the planners' work (web.access.policy.PLAN_WRITERS): these tests write as hayashi."""
    return web.login("hayashi")


def post(web: Web, slug: str, fields: dict[str, str], version: int | None = None, **headers: str) -> Any:
    data = {"occurred_on": "令和6年5月20日", **fields}
    data["expected_version"] = str(current_version(web) if version is None else version)
    return web.client.post(f"{ENTRIES}/{slug}?fy={FY}", data=data, headers={**HTMX, **headers})


def current_version(web: Web) -> int:
    page = web.client.get(f"{ENTRIES}?fy={FY}").text
    found = re.search(r'id="evaluation-version" name="expected_version" value="(\d+)"', page)
    assert found
    return int(found.group(1))


def history(html: str) -> str:
    return html.split('class="events entry-history"')[1].split("</ol>")[0]


def test_the_entry_page_offers_every_form_with_its_history(web: Web) -> None:
    web.seeded(fiscal_2023)
    page = web.client.get(f"{ENTRIES}?fy={FY}")
    assert page.status_code == 200
    for title in (
        "指標の実績を入力",
        "事業の達成・未達成を判定（手動）",
        "Do・Check・Actを記入",
        "次年度方針を設定",
        "委員会からの意見を記録",
        "施策の評価を入力（手動）",
        "手動の評価を取り消す",
    ):
        assert title in page.text
    assert page.text.count("まだ記録はありません。") == 7
    assert (
        '<option value="M3">M3 緊急案件情報共有システムの検討状況（未着手→調査研究→導入検討→導入）</option>'
        in page.text
    )


def test_each_entry_is_recorded_and_shows_in_its_history_and_in_the_report(web: Web) -> None:
    web.seeded(fiscal_2023)
    entries = [
        ("indicator-values", {"indicator": "M3", "value": "調査研究", "note": "担当課の自己評価"}, "調査研究"),
        ("judgements", {"programme": "6-2", "achieved": "yes", "note": "書面開催を含め実質3回"}, "達成"),
        (
            "reviews",
            {"measure": "6", "do": "支援会議を開催", "check": "開催回数が不足", "act": "定例化する"},
            "定例化する",
        ),
        ("policies", {"measure": "6/6-2", "policy": "enhance", "note": "毎月開催"}, "充実"),
        (
            "opinions",
            {
                "measure": "7",
                "opinion_id": str(uuid.uuid4()),
                "opinion": "対象者把握の方法を検討されたい",
                "committee": "地域福祉推進委員会",
            },
            "対象者把握の方法を検討されたい",
        ),
    ]
    for slug, fields, shown in entries:
        before = web.events()
        answer = post(web, slug, fields)
        assert answer.status_code == 200, (slug, answer.text[:2000])
        assert "登録しました。" in answer.text and shown in history(answer.text), slug
        assert web.events() > before, slug
        assert 'hx-swap-oob="true"' in answer.text
    year = web.client.get(YEAR_URL).text
    assert actual(year, "M3") == "調査研究"
    manual = '<span class="outcome outcome-achieved">達成</span><span class="manual">（手動）</span>'
    assert f'id="outcome-6-2">{manual}' in year
    assert '<span class="rating rating-C">C</span>' in year.split('id="measure-6"')[1][:300]  # 1 of 3 programmes
    report = web.client.get(f"/api/plans/{PLAN_CODE}/years/{FY}").json()
    measure6 = next(m for m in report["measures"] if m["code"] == "6")
    assert measure6["review"] == {"do": "支援会議を開催", "check": "開催回数が不足", "act": "定例化する"}
    assert next(p for p in measure6["programmes"] if p["code"] == "6-2")["policy"]["label_ja"] == "充実"
    assert next(m for m in report["measures"] if m["code"] == "7")["opinions"][0]["committee"] == "地域福祉推進委員会"


def test_a_later_value_wins_and_the_history_keeps_both(web: Web) -> None:
    web.seeded(fiscal_2023)
    post(web, "indicator-values", {"indicator": "M3", "value": "未着手"})
    answer = post(web, "indicator-values", {"indicator": "M3", "value": "導入検討", "note": "訂正"})
    entries = history(answer.text)
    assert entries.index("導入検討") < entries.index("未着手")
    assert actual(web.client.get(YEAR_URL).text, "M3") == "導入検討"


UNOFFERED = {"C-TOTAL", "grow"}
"""Choices the form does not offer (a counted indicator, an unknown policy): they cannot be shown as chosen."""


@pytest.mark.parametrize(
    "slug, fields, field, message",
    [
        ("indicator-values", {"indicator": "M3", "value": "完成"}, "value", "指標の単位に合う値"),
        ("indicator-values", {"indicator": "C-TOTAL", "value": "5"}, "indicator", "手入力できません"),
        (
            "indicator-values",
            {"indicator": "M3", "value": "調査研究", "occurred_on": "令和6年13月1日"},
            "occurred_on",
            "令和8年5月11日",
        ),
        (
            "indicator-values",
            {"indicator": "M3", "value": "調査研究", "occurred_on": "2027-01-05"},
            "occurred_on",
            "未来の日付",
        ),
        ("judgements", {"programme": "6-2", "note": ""}, "achieved", "入力してください"),
        ("reviews", {"measure": "6"}, "do", "いずれかを入力"),
        ("policies", {"measure": "6", "policy": "grow"}, "policy", "次年度方針を選んでください"),
        ("policies", {"measure": "6/9-9", "policy": "continue"}, "measure", "その事業はこの計画"),
        ("opinions", {"measure": "7", "opinion_id": str(uuid.uuid4()), "opinion": ""}, "opinion", "入力してください"),
    ],
)
def test_a_refused_entry_keeps_the_input_says_why_beside_the_field_and_stores_nothing(
    web: Web, slug: str, fields: dict[str, str], field: str, message: str
) -> None:
    web.seeded(fiscal_2023)
    before = web.events()
    answer = post(web, slug, fields)
    assert answer.status_code == 422, answer.text[:1500]
    error = answer.text.split(f'id="{slug}-{field}-error">')[1].split("</p>")[0]
    assert message in error
    assert 'class="error-summary"' in answer.text
    for value in fields.values():
        if value and value not in UNOFFERED:
            assert value in answer.text or value.split("/")[0] in answer.text
    assert web.events() == before


def test_an_entry_based_on_a_stale_view_is_a_conflict_that_keeps_the_input(web: Web) -> None:
    web.seeded(fiscal_2023)
    post(web, "indicator-values", {"indicator": "M3", "value": "未着手"})
    before = web.events()
    stale = post(web, "reviews", {"measure": "4", "do": "窓口で受付"}, version=0)
    assert stale.status_code == 409
    assert "他の人がこの年度の評価を先に更新しました" in stale.text and "窓口で受付" in stale.text
    assert web.events() == before
    fresh = re.search(r'id="evaluation-version" name="expected_version" value="(\d+)" hx-swap-oob', stale.text)
    assert fresh and int(fresh.group(1)) == current_version(web)
    assert post(web, "reviews", {"measure": "4", "do": "窓口で受付"}, version=int(fresh.group(1))).status_code == 200


def test_without_htmx_a_saved_entry_redirects_to_the_entry_page(web: Web) -> None:
    web.seeded(fiscal_2023)
    review = {"measure": "4", "do": "実施", "occurred_on": "2024-05-20"}
    answer = web.client.post(f"{ENTRIES}/reviews?fy={FY}", data=review, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].endswith(f"{ENTRIES}?fy={FY}")
    assert web.client.post(f"{ENTRIES}/nothing?fy={FY}", data={}).status_code == 404
    assert web.client.post(f"/plans/no-plan/entries/reviews?fy={FY}", data=review).status_code == 404
