"""Logging in and out in a real browser, and pages that run under the strict Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.e2e.conftest import PASSWORD, Site, log_in

pytestmark = pytest.mark.e2e


def test_a_coordinator_is_asked_to_log_in_comes_back_to_the_case_and_logs_out(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/cases/{site.case_id}")
    expect(page.get_by_role("heading", name="ログイン")).to_be_visible()
    page.get_by_label("利用者名").fill("sato")
    page.get_by_label("パスワード").fill("not-the-password")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("alert")).to_have_text("利用者名またはパスワードが違います。")

    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="経過記録")).to_be_visible()
    assert page.url.endswith(f"/cases/{site.case_id}")

    page.get_by_role("button", name="ログアウト").click()
    expect(page.get_by_text("ログアウトしました。")).to_be_visible()
    page.goto(f"{site.url}/cases/{site.case_id}")
    expect(page.get_by_role("heading", name="ログイン")).to_be_visible()


def test_the_screens_work_under_the_content_security_policy(page: Page, site: Site) -> None:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if _is_csp(m) else None)
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/new")
    rows = page.locator("#member-rows .member-row")
    first = rows.count()
    page.get_by_role("button", name="世帯員の入力欄を追加").click()
    expect(rows).to_have_count(first + 1)
    page.get_by_role("button", name="世帯員の入力欄を追加").click()
    expect(rows).to_have_count(first + 2)
    expect(page.locator(f"#intake-members-{first + 1}-name")).to_be_visible()

    page.goto(f"{site.url}/cases/{site.case_id}")
    page.get_by_text("相談を記録").click()
    form = page.locator("#form-consultations")
    form.get_by_label("相談経路").select_option("phone")
    form.get_by_label("相談者").select_option("family")
    form.get_by_label("内容").fill("CSPの下でも記録できる")
    form.get_by_role("button", name="登録").click()
    expect(page.locator("#case-timeline")).to_contain_text("CSPの下でも記録できる")
    assert violations == []


def _is_csp(message: ConsoleMessage) -> bool:
    return "Content Security Policy" in message.text or "Refused to" in message.text
