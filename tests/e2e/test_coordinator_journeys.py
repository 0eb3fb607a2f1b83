"""A coordinator at work in a real browser: recording without reloading, and bad input refused in place."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Site, log_in, seeded
from tests.scenarios import consult

pytestmark = pytest.mark.e2e


def test_a_coordinator_logs_a_consultation_and_sees_it_on_the_timeline_without_a_reload(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/")
    page.get_by_role("link", name="山田家").click()
    expect(page.get_by_role("heading", name="経過記録")).to_be_visible()
    page.evaluate("window.kasaneNotReloaded = true")

    page.get_by_text("相談を記録").click()
    form = page.locator("#form-consultations")
    form.get_by_label("相談経路").select_option("phone")
    form.get_by_label("相談者").select_option("family")
    form.get_by_label("ひきこもり").check()
    form.get_by_label("内容").fill("長女から電話。長男が昼夜逆転している")
    form.get_by_role("button", name="登録").click()

    expect(page.locator("#form-consultations [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-timeline")).to_contain_text("長男が昼夜逆転している")
    expect(page.locator("#case-summary")).to_contain_text("相談 1件")
    assert page.evaluate("window.kasaneNotReloaded") is True, "the page was reloaded"


def test_a_bad_date_is_shown_next_to_the_field_and_nothing_is_stored(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    before = site.events()
    page.goto(f"{site.url}/cases/{site.case_id}")
    page.get_by_text("相談を記録").click()
    form = page.locator("#form-consultations")
    form.get_by_label("日付").fill("2026-02-30")
    form.get_by_label("内容").fill("入力した内容は残る")
    form.get_by_role("button", name="登録").click()

    date_field = page.locator("#consultations-occurred_on")
    expect(page.locator("#consultations-occurred_on-error")).to_contain_text("2026-05-11")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(date_field).to_have_value("2026-02-30")
    expect(form.get_by_label("内容")).to_have_value("入力した内容は残る")
    expect(page.locator("#case-timeline")).not_to_contain_text("入力した内容は残る")
    assert site.events() == before


def test_a_coordinator_opens_a_new_case_at_intake(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/new")
    page.get_by_label("世帯名").fill("高橋家")
    page.get_by_label("圏域").select_option("minami")
    page.get_by_label("ヤングケアラー").check()
    page.locator("#intake-members-0-name").fill("高橋 恵")
    page.get_by_role("button", name="世帯員の入力欄を追加").click()
    expect(page.locator("#intake-members-3-name")).to_be_visible()
    page.get_by_role("button", name="受付を登録").click()

    expect(page.get_by_role("heading", name="高橋家")).to_be_visible()
    expect(page.locator("#case-timeline")).to_contain_text("相談受付（ケース開始）")


def test_a_change_made_elsewhere_meanwhile_is_a_conflict_that_keeps_the_input(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    page.get_by_text("ステータスを変更").click()
    form = page.locator("#form-status")
    form.get_by_label("ステータス").select_option("assessment")
    form.get_by_label("理由").fill("初回訪問で状況を確認した")
    seeded(site.settings, lambda app: consult(app, site.case_id, date(2026, 11, 19)))  # a colleague, meanwhile

    form.get_by_role("button", name="登録").click()
    expect(form.locator(".error-summary")).to_contain_text("他の人がこのケースを先に更新しました")
    expect(form.get_by_label("理由")).to_have_value("初回訪問で状況を確認した")
    expect(page.locator("#case-timeline")).to_contain_text("長女から電話。父の通院付き添いが難しくなっている")

    form.get_by_role("button", name="登録").click()
    expect(page.locator("#form-status [role=status]")).to_have_text("登録しました。")
    expect(page.locator("#case-summary")).to_contain_text("アセスメント")
