"""An administrator with a second factor logs in with the password, then the code from an authenticator app."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from tests.builders import ADMIN
from tests.conftest import FAST_PASSWORD_HASHING
from tests.e2e.conftest import PASSWORD, a_small_city_with_one_case, seeded, serving, with_passwords
from web.access.second_factor import SecondFactors
from web.storage.settings import Settings

pytestmark = pytest.mark.e2e


def an_admin(app: Kasane) -> None:
    a_small_city_with_one_case(app)
    app.execute(
        RegisterUser(actor=ADMIN, username="tanaka", name="田中 管理者", role="admin", agency="fukushi-seisaku")
    )


def test_an_admin_enters_the_code_after_the_password_and_a_wrong_code_is_refused(page: Page, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}", **FAST_PASSWORD_HASHING)
    seeded(settings, an_admin)
    with_passwords(settings, "tanaka")
    engine = sa.create_engine(settings.database_url)
    try:
        uri = SecondFactors(engine).enable("tanaka")  # what `kasane user totp enable tanaka` prints
    finally:
        engine.dispose()
    authenticator = pyotp.TOTP(parse_qs(urlparse(uri).query)["secret"][0])
    with serving(settings) as url:
        page.goto(f"{url}/login")
        page.get_by_label("利用者名").fill("tanaka")
        page.get_by_label("パスワード").fill(PASSWORD)
        page.get_by_role("button", name="ログイン").click()
        expect(page.get_by_role("heading", name="確認コードの入力")).to_be_visible()

        page.get_by_label("確認コード").fill("000000" if authenticator.now() != "000000" else "111111")
        page.get_by_role("button", name="確認").click()
        expect(page.get_by_role("alert")).to_have_text("確認コードが違います。")

        page.get_by_label("確認コード").fill(authenticator.now())
        page.get_by_role("button", name="確認").click()
        expect(page.get_by_role("button", name="ログアウト")).to_be_visible()
        expect(page.get_by_role("heading", name="アクセス記録（監査）")).to_be_visible()
