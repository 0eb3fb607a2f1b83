"""Browser steps on the case page: open an entry form's panel, submit it and wait for htmx to say it is saved."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def open_panel(page: Page, title: str, slug: str) -> Locator:
    """Open the case page's panel named ``title`` and return its form (``#form-<slug>``)."""
    page.locator(f"#panel-{slug} > summary").filter(has_text=title).click()
    return page.locator(f"#form-{slug}")


def submit(page: Page, slug: str) -> None:
    """Submit the form ``#form-<slug>`` and wait until it says it has saved (no reload)."""
    page.locator(f"#form-{slug}").get_by_role("button", name="登録").click()
    expect(page.locator(f"#form-{slug} [role=status]")).to_have_text("登録しました。")
