"""A planner rates a measure by hand in a real browser and finds it in the 評価総括表 with who and when."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN, given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import log_in, seeded, serving, with_passwords
from tests.plan_scenarios import PLAN
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e


def a_city_with_a_plan_and_a_planner(app: Kasane) -> None:
    given_standard_setup(app)
    app.execute(RegisterUser(actor=ADMIN, username="hayashi", name="林 誠", role="planner", agency="fukushi-seisaku"))
    app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2023, 4, 1)))


def test_a_planner_rates_a_measure_and_sees_it_in_the_summary_table(page: Page, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", **FAST_PASSWORD_HASHING)
    seeded(settings, a_city_with_a_plan_and_a_planner)
    with_passwords(settings, "hayashi")
    with serving(settings) as url:
        log_in(page, url, "hayashi")
        page.goto(f"{url}/plans")
        page.get_by_role("link", name="狛江市重層的支援体制整備事業実施計画（検証用）").click()
        page.get_by_label("年度", exact=True).select_option("2023")
        page.get_by_role("button", name="表示").click()
        page.get_by_role("link", name="評価を入力する").click()

        form = page.locator("#entry-ratings")
        expect(form.get_by_role("heading", name="施策の評価を入力（手動）")).to_be_visible()
        form.get_by_label("施策 （必須）").select_option("7")
        form.get_by_label("評価 （必須）").select_option(label="C（あまり進捗していない）")
        form.get_by_label("メモ （必須）").fill("巡回相談は一部の地区のみ")
        form.get_by_role("button", name="登録").click()
        expect(page.locator("#entry-ratings").get_by_role("status")).to_have_text("登録しました。")
        expect(page.locator("#entry-ratings .entry-history")).to_contain_text("巡回相談は一部の地区のみ")

        page.get_by_role("link", name="狛江市重層的支援体制整備事業実施計画（検証用）").first.click()
        page.get_by_label("年度", exact=True).select_option("2023")
        page.get_by_role("button", name="表示").click()
        expect(page.locator("#summary-C")).to_contain_text("7")
        expect(page.locator("#measure-7")).to_contain_text("（手動）")
        expect(page.locator("#rated-7")).to_contain_text("林 誠")
