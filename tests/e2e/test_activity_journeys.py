"""Work not tied to a case, in a real browser: a community activity with participants, and an anonymous
consultation that the planner's consultation count picks up."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN
from tests.e2e.conftest import Site, log_in, seeded
from tests.plan_scenarios import CONSULTATION_SUPPORT, CONSULTATIONS_AT_FUKUSHI_SOUDAN, Counted, checking_plan

pytestmark = pytest.mark.e2e

PLAN_CODE = "consultations-check"
CONSULTATIONS = "#actual-C-1"
PLAN = checking_plan(
    PLAN_CODE,
    "相談件数（検証用）",
    Counted(
        CONSULTATION_SUPPORT,
        ("4-1", "福祉相談課の相談支援", "福祉相談課"),
        "C-1",
        "福祉相談課の相談件数",
        CONSULTATIONS_AT_FUKUSHI_SOUDAN,
        target=100,
    ),
)


def a_plan_counting_consultations(app: Kasane) -> None:
    app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2026, 4, 1)))


def test_a_community_activity_is_recorded_with_its_participants_and_audience(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    page.get_by_role("link", name="地域活動").click()
    form = page.locator("#form-activity")
    form.get_by_label("種類").select_option("consultation_session")
    form.get_by_label("名称").fill("出張相談会（北部地区）")
    form.get_by_label("機関").select_option("shakyo")
    form.get_by_label("圏域").select_option("kita")
    form.get_by_label("参加者数").fill("23")
    form.get_by_label("相談件数").fill("7")
    form.get_by_label("対象者").select_option(label="地域住民")
    form.get_by_role("button", name="登録").click()

    expect(page.get_by_role("status")).to_have_text("登録しました。")
    expect(page.locator("#activity-list")).to_contain_text("出張相談会（北部地区）")
    expect(page.locator("#activity-list")).to_contain_text("対象者：地域住民")
    expect(page.locator("#activity-totals")).to_contain_text("23")


def test_an_anonymous_consultation_raises_the_planners_consultation_count(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    seeded(site.settings, a_plan_counting_consultations)
    year_page = f"{site.url}/plans/{PLAN_CODE}?fy=2026"
    page.goto(year_page)
    before = int(page.locator(CONSULTATIONS).inner_text())

    page.goto(f"{site.url}/")
    page.get_by_role("link", name="匿名相談を記録").click()
    form = page.locator("#form-anonymous")
    form.get_by_label("相談経路").select_option("phone")
    form.get_by_label("生活困窮").check()
    form.get_by_label("相談の分類").select_option("personal_worry")
    form.get_by_role("button", name="登録").click()
    expect(page.get_by_role("status")).to_have_text("登録しました。")
    expect(page.locator("#anonymous-list")).to_contain_text("本人の悩み・困りごと")

    page.goto(year_page)
    expect(page.locator(CONSULTATIONS)).to_have_text(str(before + 1))
