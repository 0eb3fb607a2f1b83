"""An administrator answers "to whom were this household's records shown, and on what basis?" and prints it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from domain.master_data_commands import RegisterUser
from tests.builders import ADMIN
from tests.e2e.conftest import Site, log_in, seeded, with_passwords

pytestmark = pytest.mark.e2e


def test_the_admin_opens_the_disclosure_ledger_from_the_audit_screen_and_prints_it(page: Page, site: Site) -> None:
    seeded(
        site.settings,
        lambda app: app.execute(
            RegisterUser(actor=ADMIN, username="admin", name="システム 管理者", role="admin", agency="fukushi-seisaku")
        ),
    )
    with_passwords(site.settings, "admin")
    log_in(page, site.url, "sato")
    page.goto(f"{site.url}/cases/{site.case_id}")
    expect(page.get_by_role("heading", name="経過記録")).to_be_visible()
    page.get_by_role("button", name="ログアウト").click()

    log_in(page, site.url, "admin")
    page.goto(f"{site.url}/admin/audit?case={site.case_id}")
    page.get_by_role("link", name="開示記録を見る").click()
    expect(page.get_by_role("heading", name="開示記録（個人情報の提供・閲覧の記録）")).to_be_visible()
    ledger = page.locator("#disclosures tbody tr")
    expect(ledger.first).to_contain_text("佐藤 花子")
    expect(ledger.first).to_contain_text("画面表示")
    expect(ledger.first).to_contain_text("同意・支援会議の根拠なし")
    expect(ledger.last).to_contain_text("システム 管理者")  # the audit screen read the case too
    shown = ledger.count()

    page.reload()
    expect(ledger).to_have_count(shown + 1)  # the ledger's own first view is listed now
    expect(page.locator("#disclosures-count")).to_have_text(f"{shown + 1}件")

    page.emulate_media(media="print")
    expect(page.locator("form.audit-filters")).to_be_hidden()
    expect(page.locator("#disclosures")).to_be_visible()
