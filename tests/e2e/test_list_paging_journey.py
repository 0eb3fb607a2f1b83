"""A long case list in a real browser: the next page comes in place, keeps the filters, and has its own URL."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.builders import given_open_case
from tests.e2e.conftest import Site, log_in, seeded

pytestmark = pytest.mark.e2e


def test_a_coordinator_pages_through_the_case_list_without_a_reload(page: Page, site: Site) -> None:
    seeded(
        site.settings,
        lambda app: [
            given_open_case(app, household_name=name, opened_on=date(2026, 6, day))
            for day, name in ((1, "青木家"), (2, "井上家"), (3, "上田家"))
        ],
    )
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases?coordinator=sato&limit=2")
    table = page.locator("#case-table")
    expect(table).to_contain_text("4件・1〜2件目")
    expect(table.get_by_role("link", name="上田家")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    page.get_by_role("link", name="次の2件 →").click()
    expect(table).to_contain_text("4件・3〜4件目")
    expect(table.get_by_role("link", name="青木家")).to_be_visible()
    expect(table.get_by_role("link", name="上田家")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True, "the page was swapped in place, not reloaded"
    assert "coordinator=sato" in page.url and "after=" in page.url
    page.reload()
    expect(page.locator("#case-table")).to_contain_text("4件・3〜4件目")
