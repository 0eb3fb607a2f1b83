"""A coordinator, from a case page, records a 重層的支援会議 that decides the case's 終結, and schedules one for a
case without consent (issue 11), in a real browser."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.builders import given_consent
from tests.e2e.conftest import Site, log_in, seeded

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(os.environ["KASANE_SCREENSHOTS_DIR"]) if os.environ.get("KASANE_SCREENSHOTS_DIR") else None

DECISIONS = "就労が安定し、生活の見通しが立った。\n見守りは地域の民生委員が継続する。"


def open_the_meeting_form_from_the_case_page(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/cases/{site.case_id}")
    page.locator("#case-meetings").get_by_role("link", name="会議を登録・記録する").click()
    case_row = page.locator(".case-row")
    expect(case_row).to_have_count(1)
    expect(case_row.locator("legend")).to_contain_text("山田家")


def test_a_layered_meeting_opened_from_the_case_page_decides_its_closure(page: Page, site: Site) -> None:
    seeded(site.settings, lambda app: given_consent(app, site.case_id, on=date(2026, 6, 1)))
    log_in(page, site.url, "sato")
    open_the_meeting_form_from_the_case_page(page, site)

    form = page.locator("#form-meeting")
    form.get_by_label("開催した会議を記録する").check()
    form.get_by_label("会議の種類").select_option(label="重層的支援会議")
    form.get_by_label("会議名").fill("11月 重層的支援会議")
    form.get_by_label("開催日（予定日）").fill("2026-11-19")
    form.get_by_label("開始時刻").fill("14:00")
    form.get_by_label("終了時刻").fill("15:30")
    form.get_by_label("場所", exact=True).fill("市役所 第3会議室")
    form.get_by_label("記録者").fill("佐藤 花子")
    case_row = page.locator(".case-row").first
    case_row.get_by_label("検討結果").select_option(label="終結（この会議で決定）")
    case_row.get_by_label("終結の理由").select_option(label="課題解決")
    decisions = case_row.get_by_label("決定事項")
    assert int(decisions.get_attribute("rows") or 0) >= 6
    decisions.fill(DECISIONS)
    if SCREENSHOTS:
        page.screenshot(path=SCREENSHOTS / "meeting-closure-form.png", full_page=True)
    form.get_by_role("button", name="登録").click()

    expect(page.get_by_role("heading", name="11月 重層的支援会議")).to_be_visible()
    facts = page.locator(".facts")
    expect(facts).to_contain_text("14:00〜15:30")
    expect(facts).to_contain_text("市役所 第3会議室")
    expect(facts).to_contain_text("佐藤 花子")
    discussion = page.locator(".discussion")
    expect(discussion).to_contain_text("終結（この会議で決定）")
    expect(discussion).to_contain_text("見守りは地域の民生委員が継続する。")
    meeting_url = page.url
    if SCREENSHOTS:
        page.screenshot(path=SCREENSHOTS / "meeting-closure.png", full_page=True)

    discussion.get_by_role("link", name="山田家").click()
    expect(page.locator("#case-summary .status")).to_have_text("終結")
    expect(page.locator("#case-summary")).to_contain_text("課題解決")
    timeline = page.locator("#case-timeline")
    expect(timeline).to_contain_text("支援会議で終結を決定")
    expect(page.locator("#case-meetings")).to_contain_text("11月 重層的支援会議")
    timeline.get_by_role("link", name="会議の記録を開く").click()
    expect(page).to_have_url(meeting_url)


def test_scheduling_a_layered_meeting_for_a_case_without_consent_warns_of_it(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    open_the_meeting_form_from_the_case_page(page, site)

    form = page.locator("#form-meeting")
    form.get_by_label("予定として登録する").check()
    form.get_by_label("会議の種類").select_option(label="重層的支援会議")
    form.get_by_label("会議名").fill("12月 重層的支援会議")
    form.get_by_label("開催日（予定日）").fill("2026-12-10")
    form.get_by_role("button", name="登録").click()

    expect(page.get_by_role("heading", name="12月 重層的支援会議")).to_be_visible()
    warning = page.locator("#meeting-consent-warnings")
    expect(warning).to_contain_text("開催日に有効な同意が記録されていないケースがあります")
    expect(warning).to_contain_text("山田家（ケース番号")
    expect(page.locator("#meeting-counts")).to_contain_text("検討予定ケース 1件")
    if SCREENSHOTS:
        page.screenshot(path=SCREENSHOTS / "meeting-consent-warning.png", full_page=True)
