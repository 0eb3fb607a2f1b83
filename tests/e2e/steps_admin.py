"""Browser steps an administrator takes on the master-data screens, for any journey that starts from an empty store."""

from __future__ import annotations

from playwright.sync_api import Page

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from web.cli.access import CLI_ACTOR


def only_an_admin(app: Kasane) -> None:
    """What ``kasane user add admin --role admin`` records in an empty store (no agency exists yet)."""
    app.execute(RegisterUser(actor=CLI_ACTOR, username="admin", name="システム 管理者", role="admin", agency=""))


def add(page: Page, list_name: str, **fields: str) -> None:
    """Fill the add form of one master-data list (labels as a person reads them) and submit it."""
    page.get_by_role("link", name=list_name, exact=True).click()
    form = page.locator("#admin-add")
    for label, value in fields.items():
        control = form.get_by_label(label, exact=True)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        elif control.get_attribute("type") == "checkbox":
            control.set_checked(value == "はい")
        else:
            control.fill(value)
    form.get_by_role("button", name="追加").click()
