"""The planner in a real browser: a figure goes up when a matching event is recorded, and an earlier
moment still shows the older figure, and the next year shows it as 前年度比. Also the README's pictures of the
planner's page (with its charts), and from there the 工程表 and one indicator's chart across the years.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN, given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import Prepared, log_in, seeded, serving, with_passwords
from tests.plan_scenarios import PLAN, PLAN_CODE, consult, fixed_id, household
from tests.write_moments import written_at
from web.storage.settings import Settings
from web.views.planner_view import moment_input

pytestmark = pytest.mark.e2e


def fiscal_2023(app: Kasane) -> None:
    given_standard_setup(app)
    app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2023, 4, 1)))
    app.execute(RegisterUser(actor=ADMIN, username="hayashi", name="林 誠", role="planner", agency="fukushi-seisaku"))
    ishii = household(app, "石井家", date(2023, 4, 3))
    consult(app, ishii, date(2023, 5, 10), "x1")
    consult(app, ishii, date(2023, 9, 1), "x2")


def late_consultation(app: Kasane) -> str:
    """A consultation of FY2023 entered late; returns a moment just before it was written, as the page takes it."""
    recorded = consult(app, fixed_id("石井家"), date(2023, 12, 1), "late")
    before = written_at(app, recorded.notification_id) - timedelta(milliseconds=1)
    return moment_input(before.replace(microsecond=before.microsecond // 1000 * 1000))  # the input takes milliseconds


def test_a_recorded_event_raises_the_figure_and_an_earlier_moment_shows_the_older_one(
    page: Page, tmp_path: Path
) -> None:
    drafts = tmp_path / "what-if"  # the folder an administrator placed a 中間見直し draft in (KASANE_WHAT_IF_DIR)
    drafts.mkdir()
    (drafts / "中間見直し案.toml").write_text(PLAN.replace("targets = { 2023 = 3 }", "targets = { 2023 = 5 }", 1))
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", what_if_dir=drafts, **FAST_PASSWORD_HASHING)
    seeded(settings, fiscal_2023)
    with_passwords(settings, "sato", "hayashi")
    with serving(settings) as url:
        log_in(page, url, "sato")
        page.goto(f"{url}/plans")
        page.get_by_role("link", name="狛江市重層的支援体制整備事業実施計画（検証用）").click()
        page.get_by_label("年度", exact=True).select_option("2023")
        page.get_by_role("button", name="表示").click()
        expect(page).to_have_url(re.compile(r"fy=2023"))
        expect(page.locator("#actual-C-TOTAL")).to_have_text("2")

        before_it = seeded(settings, late_consultation)
        page.reload()
        expect(page.locator("#actual-C-TOTAL")).to_have_text("3")

        page.get_by_label("時点", exact=True).fill(before_it)
        page.get_by_role("button", name="表示").click()
        expect(page.locator("#actual-C-TOTAL")).to_have_text("2")
        expect(page).to_have_url(re.compile(r"as_of="))
        expect(page.locator("#plan-as-of-status")).to_contain_text("時点の記録で集計")

        # the planner tries the draft on the server: every year under the loaded plan and under the draft
        page.get_by_role("button", name="ログアウト").click()
        log_in(page, url, "hayashi")
        page.goto(f"{url}/plans/{PLAN_CODE}?fy=2023")
        page.get_by_role("link", name="見直し案の試算").click()
        page.get_by_label("サーバーに置かれた見直し案").select_option("中間見直し案.toml")
        page.get_by_role("button", name="試算する").click()
        expect(page.locator("#whatif-status")).to_contain_text("何も記録していません")
        row = page.locator('table[data-year="2023"] tr[data-code="C-TOTAL"]')
        expect(row.locator("td.revised")).to_have_text("3")
        expect(row).to_contain_text("5")
        # 前年度比: the next year shows FY2023's three consultations beside its own none
        page.goto(f"{url}/plans/komae-check?fy=2024")
        consultations = page.locator("tr", has=page.locator("#actual-C-TOTAL"))
        expect(consultations.locator(".yoy-previous")).to_have_text("3")
        expect(consultations.locator(".yoy-change")).to_have_text("-3")


def test_the_planner_page_over_the_demo_city_with_its_charts(page: Page, demo: Prepared[int], tmp_path: Path) -> None:
    settings = demo.copy(tmp_path / "store")
    out = Path(os.environ.get("KASANE_SCREENSHOTS_DIR") or tmp_path / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with serving(settings) as url:
        log_in(page, url, "sato")
        page.goto(f"{url}/plans/komae-layered-1?fy=2025")
        expect(page.get_by_role("heading", name="評価総括表")).to_be_visible()
        page.screenshot(path=out / "plan-year.png")
        measure = page.locator("section.plan-measure").filter(has=page.locator("#measure-6"))
        chart = measure.get_by_role("img", name="多機関協働事業の実施：目標と実績")
        expect(chart).to_be_visible()
        measure.screenshot(path=out / "plan-measure.png")

        # 工程表: each programme's planned stage per year against what happened; then one indicator across the years
        page.get_by_role("link", name="工程表", exact=True).click()
        expect(page.locator("#roadmap-6-2-2023")).to_contain_text("試行")
        page.get_by_role("link", name="指標の推移").click()
        page.get_by_label("指標", exact=True).select_option("K6-2")
        page.get_by_role("button", name="表示").click()
        expect(page.get_by_role("img", name=re.compile("年度別の目標と実績"))).to_be_visible()
        expect(page.locator("#trend-2023")).to_be_visible()
