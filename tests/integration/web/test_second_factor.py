"""An admin with a second factor logs in with the password, then the 6-digit code (real TOTP codes from pyotp)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from typer.testing import CliRunner

from tests.integration.web.conftest import PASSWORD, Web
from web.cli.main import cli
from web.storage.settings import Settings

LOCKED = "ログインの失敗が続いたため"


def enabled_for(web: Web, username: str) -> pyotp.TOTP:
    uri = web.api.state.second_factors.enable(username)
    return pyotp.TOTP(parse_qs(urlparse(uri).query)["secret"][0])


def password_step(web: Web, username: str = "admin", password: str = PASSWORD) -> tuple[int, str]:
    answer = web.client.post("/login", data={"username": username, "password": password}, follow_redirects=False)
    token = re.search(r'name="token" value="([^"]+)"', answer.text)
    return answer.status_code, token.group(1) if token else ""


def code_step(web: Web, token: str, code: str) -> tuple[int, str]:
    answer = web.client.post("/login/code", data={"token": token, "code": code}, follow_redirects=False)
    return answer.status_code, answer.text


@pytest.fixture
def admin(web: Web) -> pyotp.TOTP:
    web.login("admin")  # gives the admin the test password
    web.logout()
    return enabled_for(web, "admin")


def test_the_right_password_asks_for_the_code_and_only_the_right_code_starts_the_session(
    web: Web, admin: pyotp.TOTP
) -> None:
    status, token = password_step(web)
    assert status == 200 and token and "kasane_session" not in web.client.cookies
    assert web.client.get("/api/session").status_code == 401, "no session before the code"
    assert code_step(web, token, "000000" if admin.now() != "000000" else "111111")[0] == 401
    status, _ = code_step(web, token, admin.now())
    assert status == 303 and "kasane_session" in web.client.cookies
    assert web.client.get("/api/session").json()["username"] == "admin"
    assert code_step(web, token, admin.now())[0] == 401, "the token is spent with the login"


def test_a_code_is_accepted_once(web: Web, admin: pyotp.TOTP) -> None:
    code = admin.now()
    assert code_step(web, password_step(web)[1], code)[0] == 303
    web.logout()
    assert code_step(web, password_step(web)[1], code)[0] == 401


def test_wrong_codes_are_counted_by_the_lock_out(web: Web, admin: pyotp.TOTP) -> None:
    _, token = password_step(web)
    wrong = "000000" if admin.now() != "000000" else "111111"
    answers = [code_step(web, token, wrong)[0] for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    locked = web.client.post("/login", data={"username": "admin", "password": PASSWORD})
    assert locked.status_code == 429 and LOCKED in locked.text
    entries = [a.action for a in web.api.state.audit.accesses(username="admin")]
    assert entries[-7:] == [*["login_failed"] * 5, "locked_out", "login_locked"]


def test_users_without_a_second_factor_log_in_with_the_password_alone(web: Web, admin: pyotp.TOTP) -> None:
    web.login("hayashi")  # the fixture's helper expects a 303 straight after the password
    assert web.client.get("/api/session").json()["username"] == "hayashi"


def test_an_unknown_token_goes_back_to_the_login_form(web: Web) -> None:
    web.logout()
    status, text = code_step(web, "not-a-token", "123456")
    assert status == 401 and "もう一度ログインしてください" in text


def test_kasane_user_totp_enable_prints_the_secret_once_and_only_for_admins(
    web: Web, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_KEYS_URL", settings.resolved_keys_url())
    monkeypatch.setenv("KASANE_MASTER_KEY_FILE", str(settings.resolved_master_key_file()))
    result = CliRunner().invoke(cli, ["user", "totp", "enable", "admin"])
    assert result.exit_code == 0, result.output
    uri = next(line for line in result.stdout.splitlines() if line.startswith("otpauth://"))
    totp = pyotp.TOTP(parse_qs(urlparse(uri).query)["secret"][0])
    credentials = web.api.state.credentials
    credentials.set_password("admin", PASSWORD)
    web.logout()
    assert code_step(web, password_step(web)[1], totp.now())[0] == 303
    refused = CliRunner().invoke(cli, ["user", "totp", "enable", "sato"])
    assert refused.exit_code == 2 and "administrator" in refused.stderr
