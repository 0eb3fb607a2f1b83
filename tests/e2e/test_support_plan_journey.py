"""A coordinator makes a support plan (支援プラン) from the case page, reviews it at a 重層的支援会議, and prints it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.commands import ChangeCaseStatus
from tests.builders import COORDINATOR, given_consent, given_open_case, given_standard_setup
from tests.conftest import sqlite_settings
from tests.e2e.conftest import log_in, seeded, serving, with_passwords
from tests.plan_scenarios import fixed_id, meeting

pytestmark = pytest.mark.e2e

MEETING_ON = date(2026, 11, 10)


@dataclass
class PlanSite:
    url: str
    case_id: UUID
    meeting_id: UUID


def a_case_in_planning_discussed_at_a_layered_meeting(app: Kasane) -> tuple[UUID, UUID]:
    given_standard_setup(app)
    case_id = given_open_case(app)
    for status, on in (("assessment", date(2026, 5, 20)), ("planning", date(2026, 6, 1))):
        app.execute(ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status=status, occurred_on=on))
    given_consent(app, case_id, on=date(2026, 6, 1))
    meeting(app, "plan-review-meeting", "layered", MEETING_ON, (case_id,))
    return case_id, fixed_id("plan-review-meeting")


@pytest.fixture
def plan_site(tmp_path: Path) -> Iterator[PlanSite]:
    settings = sqlite_settings(tmp_path)
    case_id, meeting_id = seeded(settings, a_case_in_planning_discussed_at_a_layered_meeting)
    with_passwords(settings, "sato")
    with serving(settings) as url:
        yield PlanSite(url=url, case_id=case_id, meeting_id=meeting_id)


def test_a_coordinator_adopts_reviews_at_a_meeting_and_prints_the_support_plan(page: Page, plan_site: PlanSite) -> None:
    site = plan_site
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    expect(page.locator("h1 .status")).to_have_text("プラン作成")
    version_1_from_the_case_page(page)
    monitoring_keeps_version_1(page)
    version_2_at_the_layered_meeting(page, site)
    the_print_view_of_each_version(page, site)


def version_1_from_the_case_page(page: Page) -> None:
    """Version 1, from the case page: two goals, two actions; the case summary shows it."""
    page.get_by_role("link", name="支援プランを作成").click()
    expect(page.get_by_role("heading", name="支援プランを作成")).to_be_visible()
    page.locator("#plan-adopted_on").fill("2026-10-01")
    page.locator("#plan-goals-0").fill("父が介護サービスを利用できる")
    page.locator("#plan-goals-1").fill("長男が週1回外出できる")
    page.locator("#plan-actions-0-description").fill("父の介護保険申請を支援")
    page.locator("#plan-actions-0-agency").select_option("houkatsu-kita")
    page.locator("#plan-actions-0-person").fill("北包括 田中")
    page.locator("#plan-actions-0-due_on").fill("令和8年10月31日")
    page.locator("#plan-actions-1-description").fill("長男の居場所づくり（サロン紹介）")
    page.locator("#plan-actions-1-agency").select_option("shakyo")
    page.locator("#plan-review_due_on").fill("2026-12-01")
    page.get_by_role("button", name="採択して登録").click()

    expect(page.get_by_role("heading", name="支援プラン 第1版")).to_be_visible()
    expect(page.locator("h1 .status")).to_have_text("支援中")
    expect(page.locator(".plan-goals")).to_contain_text("長男が週1回外出できる")
    expect(page.locator(".plan-meeting")).to_have_text("会議外で作成")
    page.get_by_role("link", name="ケースに戻る").click()
    expect(page.locator("#case-summary")).to_contain_text("父が介護サービスを利用できる")
    expect(page.locator("#case-summary")).to_contain_text("令和8年12月1日")
    expect(page.locator("h1 .status")).to_have_text("支援中")


def monitoring_keeps_version_1(page: Page) -> None:
    """モニタリング from the case page: recorded beside version 1, with the next review date."""
    page.get_by_text("プランの経過を確認（モニタリング）").click()
    monitoring = page.locator("#form-plan-reviews")
    monitoring.get_by_label("確認日").fill("2026-11-01")
    monitoring.get_by_label("見直しの内容").fill("介護保険の申請が済み、長男はサロンに2回参加")
    monitoring.get_by_label("次回見直し予定日").fill("2026-11-30")
    monitoring.get_by_role("button", name="登録").click()
    expect(page.locator("#form-plan-reviews [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-summary")).to_contain_text("モニタリング")
    expect(page.locator("#case-summary")).to_contain_text("令和8年11月30日")


def version_2_at_the_layered_meeting(page: Page, site: PlanSite) -> None:
    """Version 2, from the held 重層的支援会議's page: the meeting is preselected, the form starts from version 1."""
    page.goto(f"{site.url}/meetings/{site.meeting_id}")
    page.get_by_role("link", name="この会議でプランを作成・見直し").click()
    expect(page.get_by_role("heading", name="プランを見直す（新しい版を作成）")).to_be_visible()
    expect(page.locator("#plan-meeting_id")).to_have_value(str(site.meeting_id))
    expect(page.locator("#plan-adopted_on")).to_have_value("2026-11-10")
    expect(page.locator("#plan-goals-1")).to_have_value("長男が週1回外出できる")
    page.locator("#plan-goals-1").fill("長男が就労体験に参加する")
    page.get_by_role("button", name="役割分担を追加").click()
    expect(page.locator("#plan-actions-2-description")).to_be_visible()
    page.locator("#plan-actions-2-description").fill("就労体験先の調整")
    page.locator("#plan-actions-2-agency").select_option("jiritsu")
    page.locator("#plan-reason").fill("介護サービスが始まり、長男の目標を就労体験に変更")
    page.locator("#plan-review_due_on").fill("2027-02-10")
    page.get_by_role("button", name="採択して登録").click()

    expect(page.get_by_role("heading", name="支援プラン 第2版")).to_be_visible()
    expect(page.locator(".plan-meeting")).to_contain_text("重層的支援会議")
    expect(page.locator(".plan-actions")).to_contain_text("就労体験先の調整")
    versions = page.locator(".plan-versions tbody tr")
    expect(versions).to_have_count(2)
    expect(versions.nth(0)).to_contain_text("重層的支援会議")
    expect(versions.nth(1)).to_contain_text("会議外で作成")
    expect(page.locator("h1 .status")).to_have_text("支援中")
    page.get_by_role("link", name="ケースに戻る").click()
    expect(page.locator("#case-summary .status")).to_have_text("支援中")
    expect(page.locator("#case-summary")).to_contain_text("第2版")
    expect(page.locator("#case-summary")).to_contain_text("令和9年2月10日")


def the_print_view_of_each_version(page: Page, site: PlanSite) -> None:
    """The print view: the plan without the application's navigation; the first version stays readable and
    printable."""
    page.goto(f"{site.url}/cases/{site.case_id}/plans/2")
    page.get_by_role("link", name="印刷用表示").click()
    expect(page.locator("main")).to_contain_text("長男が就労体験に参加する")
    expect(page.locator("main")).to_contain_text("令和8年11月10日")
    expect(page.locator("main")).to_contain_text("北包括 田中")
    assert page.locator("nav").count() == 0
    assert page.locator(".site-header").count() == 0
    page.goto(f"{site.url}/cases/{site.case_id}/plans/1/print")  # the first version stays readable and printable
    expect(page.locator("main")).to_contain_text("長男が週1回外出できる")
    expect(page.locator("main")).to_contain_text("会議外で作成")
    assert page.locator("nav").count() == 0
