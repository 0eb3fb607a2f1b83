"""Finding a household on the case list in a real browser: by a katakana fragment of a hiragana name, by number."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from domain.household import Member
from tests.builders import given_open_case
from tests.e2e.conftest import Site, log_in, seeded
from web.views.meeting_view import case_number

pytestmark = pytest.mark.e2e


def test_a_coordinator_finds_a_hiragana_household_by_katakana_and_by_case_number(page: Page, site: Site) -> None:
    member = Member(
        member_id=uuid.uuid4(),
        name="たかはし みさき",
        kana="たかはし みさき",
        birth_date=date(1950, 4, 1),
        relationship="principal",
    )
    case_id = seeded(site.settings, lambda app: given_open_case(app, household_name="たかはし家", members=(member,)))
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases")
    table = page.locator("#case-table")
    search = page.get_by_role("search", name="ケースを探す")
    search.get_by_label("ケースを探す").fill("タカハシ")
    search.get_by_role("button", name="検索").click()
    expect(table.get_by_role("link", name="たかはし家")).to_be_visible()
    expect(table.get_by_role("link", name="山田家")).to_have_count(0)
    assert "タカハシ" not in page.url and "q=" not in page.url
    search.get_by_label("ケースを探す").fill(case_number(case_id))
    search.get_by_role("button", name="検索").click()
    expect(table).to_contain_text("1件")
    expect(table.get_by_role("link", name="たかはし家")).to_be_visible()
    expect(table.get_by_role("link", name="山田家")).to_have_count(0)
    expect(table.locator("tr", has_text="たかはし家").locator(".kana")).to_have_text("（たかはし みさき）")
    table.get_by_role("link", name="たかはし家").click()
    members = page.locator("#household-members")
    expect(members).to_contain_text("（たかはし みさき）")
    expect(members.locator(".age")).to_have_text("76歳")  # born 1950-04-01, as of the app's today 2026-11-20
