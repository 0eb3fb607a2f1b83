"""What only the log can answer, in a real browser: the supervisor's caseload at a past date, and the planner's 確定."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from tests.builders import ADMIN
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import Site, log_in, seeded, serving, with_passwords
from tests.e2e.test_planner_journey import fiscal_2023
from tests.plan_scenarios import PLAN_CODE, consult, fixed_id
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e


def staff(*users: tuple[str, str, str, str]) -> object:
    def register(app: Kasane) -> None:
        for username, name, role, agency in users:
            app.execute(RegisterUser(actor=ADMIN, username=username, name=name, role=role, agency=agency))

    return register


def test_the_supervisor_looks_at_the_caseload_as_it_stood_at_a_past_date(page: Page, site: Site) -> None:
    seeded(site.settings, staff(("kimura", "木村 直子", "supervisor", "fukushi-soudan")))  # type: ignore[arg-type]
    with_passwords(site.settings, "kimura")
    log_in(page, site.url, "kimura")
    page.goto(f"{site.url}/caseload")
    page.get_by_role("link", name="過去の時点の担当状況・月末ごとの推移").click()
    expect(page.get_by_role("heading", name="過去の時点の担当状況")).to_be_visible()
    expect(page.locator("#then-open")).to_have_text("1")

    page.get_by_role("textbox", name="時点").fill("2026-01-31")
    page.get_by_role("button", name="表示").click()
    expect(page).to_have_url(re.compile(r"as_of=2026-01-31"))
    expect(page.locator("#then-open")).to_have_text("0")
    expect(page.locator("#caseload-then")).to_contain_text("令和8年1月31日")
    expect(page.locator("#caseload-by-month tbody tr")).to_have_count(12)  # 令和7年度: every month has ended


def test_the_planner_finalizes_the_year_and_a_late_entry_shows_beside_the_finalized_figure(
    page: Page, tmp_path: Path
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", suppression_k=1, **FAST_PASSWORD_HASHING)
    seeded(settings, fiscal_2023)  # registers the planner hayashi too
    with_passwords(settings, "hayashi")
    with serving(settings) as url:
        log_in(page, url, "hayashi")
        page.goto(f"{url}/plans/{PLAN_CODE}?fy=2023")
        expect(page.locator("#finalize-form")).to_contain_text("この年度の報告は案です")
        page.get_by_role("button", name="この年度の報告を確定する").click()
        expect(page.get_by_role("heading", name="確定報告")).to_be_visible()
        expect(page.locator("#finalized-digest")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
        expect(page.locator("#finalize-form")).to_have_count(0)

        seeded(settings, lambda app: consult(app, fixed_id("石井家"), date(2023, 12, 1), "late"))
        page.reload()
        restated = page.locator("#finalized-figures tr.restated", has_text="C-TOTAL")
        expect(restated).to_contain_text("2")
        expect(restated).to_contain_text("3")
        expect(restated).to_contain_text("訂正あり")
        expect(page.locator("#actual-C-TOTAL")).to_have_text("3")
