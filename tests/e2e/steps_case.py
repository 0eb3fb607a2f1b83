"""Browser steps on the case page: open an entry form's panel (which fetches the form), submit it, wait for "saved"."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def open_panel(page: Page, title: str, slug: str) -> Locator:
    """Open the case page's panel named ``title``, which fetches its form, and return the form (``#form-<slug>``)."""
    page.locator(f"#panel-{slug} > summary").filter(has_text=title).click()
    form = page.locator(f"#form-{slug}")
    expect(form).to_be_visible()
    return form


def submit(page: Page, slug: str) -> None:
    """Submit the form ``#form-<slug>`` and wait until it says it has saved (no reload)."""
    page.locator(f"#form-{slug}").get_by_role("button", name="登録").click()
    expect(page.locator(f"#form-{slug} [role=status]")).to_have_text("登録しました。")
