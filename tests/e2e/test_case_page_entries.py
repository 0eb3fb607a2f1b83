"""One coordinator, one case page, several entries in a row: each is the user's own change, never a conflict."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import APIResponse, Page, Route, expect
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.conftest import Site, log_in
from tests.e2e.steps_case import submit

pytestmark = pytest.mark.e2e


def test_five_entries_in_a_row_on_one_case_page_are_all_accepted(page: Page, site: Site) -> None:
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    page.evaluate("window.kasaneNotReloaded = true")

    page.get_by_text("相談を記録").click()
    page.locator("#form-consultations").get_by_label("内容").fill("長女から電話。通院の付き添いの相談")
    submit(page, "consultations")

    page.get_by_text("アウトリーチ（訪問）を記録").click()
    visit = page.locator("#form-outreach-visits")
    visit.get_by_label("はい").check()
    visit.get_by_label("メモ").fill("自宅を訪問し父と面談した")
    submit(page, "outreach-visits")

    page.get_by_text("つなぐ（他機関へ送付）").click()
    referral = page.locator("#form-referrals")
    referral.get_by_label("つなぎ先").select_option("shakyo")
    referral.get_by_label("理由").fill("居場所の紹介をお願いしたい")
    submit(page, "referrals")

    page.get_by_text("同意を記録").click()
    page.locator("#form-consents").get_by_label("同意した人").fill("本人と長女")
    submit(page, "consents")

    page.get_by_text("ステータスを変更").click()
    status = page.locator("#form-status")
    status.get_by_label("ステータス").select_option("assessment")
    status.get_by_label("理由").fill("訪問で状況を確認した")
    submit(page, "status")

    timeline = page.locator("#case-timeline")
    entries = (
        "通院の付き添いの相談",
        "自宅を訪問し父と面談した",
        "居場所の紹介をお願いしたい",
        "本人と長女",
        "アセスメント",
    )
    for text in entries:
        expect(timeline).to_contain_text(text)
    expect(page.locator("#case-summary")).to_contain_text("アセスメント")
    assert page.evaluate("window.kasaneNotReloaded") is True, "the page was reloaded"


def test_a_summary_refresh_still_under_way_does_not_swallow_the_next_one(page: Page, site: Site) -> None:
    """The race behind the flaky conflict journey: two ``case-changed`` in quick succession (a conflict, then the
    saved retry) while the first summary refresh is slow. htmx queued the second behind the first, and the first's
    swap replaced the element the queued one belonged to, so it was dropped and the summary stayed old."""
    held: list[tuple[Route, APIResponse]] = []

    def hold_the_first_refresh(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append((route, route.fetch()))  # answered as of now, delivered late

    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    page.route("**/summary", hold_the_first_refresh)
    page.get_by_text("相談を記録").click()
    page.locator("#form-consultations").get_by_label("内容").fill("長女から電話")
    submit(page, "consultations")
    page.get_by_text("ステータスを変更").click()
    page.locator("#form-status").get_by_label("ステータス").select_option("assessment")
    submit(page, "status")

    route, stale = held[0]
    with contextlib.suppress(PlaywrightError):  # already given up by htmx in favour of the newer refresh
        route.fulfill(response=stale)
    expect(page.locator("#case-summary")).to_contain_text("アセスメント")
