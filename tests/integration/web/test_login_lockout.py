"""Repeated failed logins lock a username for a while, alike for accounts that exist and names that do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.builders import TODAY
from tests.integration.web.conftest import PASSWORD, Web
from web.app import create_app
from web.storage.settings import Settings

LOCKED = "ログインの失敗が続いたため、この利用者名でのログインを一時的に停止しています。15分ほど待ってから"


def attempt(client: TestClient, username: str, password: str) -> tuple[int, str]:
    response = client.post("/login", data={"username": username, "password": password}, follow_redirects=False)
    return response.status_code, response.text


def test_five_failures_lock_the_name_and_even_the_right_password_is_refused_for_the_cooldown(web: Web) -> None:
    web.login("suzuki")  # suzuki gets a password; sato's is set by the fixture
    web.logout()
    answers = [attempt(web.client, "sato", f"wrong-password-{n}")[0] for n in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    status, text = attempt(web.client, "sato", PASSWORD)
    assert status == 429 and LOCKED in text and "kasane_session" not in web.client.cookies
    assert web.client.get("/api/cases").status_code == 401
    assert attempt(web.client, "suzuki", PASSWORD)[0] == 303, "another name is not affected"

    entries = [a for a in web.api.state.audit.accesses(username="sato")]
    assert [a.action for a in entries][-7:] == [*["login_failed"] * 5, "locked_out", "login_locked"]
    assert [(a.action, a.status) for a in entries if a.action in ("locked_out", "login_locked")] == [
        ("locked_out", 429),
        ("login_locked", 429),
    ]


def test_a_name_that_does_not_exist_is_locked_the_same_way(web: Web) -> None:
    web.logout()
    for name in ("sato", "nobody-here"):
        answers = [attempt(web.client, name, "wrong-password-x") for _ in range(6)]
        assert [status for status, _ in answers] == [401, 401, 401, 401, 429, 429]
        assert LOCKED in answers[-1][1] and LOCKED in answers[-2][1]
    sato, nobody = (attempt(web.client, name, PASSWORD) for name in ("sato", "nobody-here"))
    assert sato[0] == nobody[0] == 429
    assert sato[1].replace('value="sato"', "") == nobody[1].replace('value="nobody-here"', ""), (
        "the refusal says nothing about whether the account exists"
    )


def test_a_successful_login_clears_the_count(web: Web) -> None:
    web.logout()
    for _ in range(4):
        assert attempt(web.client, "sato", "wrong-password-1")[0] == 401
    assert attempt(web.client, "sato", PASSWORD)[0] == 303
    web.logout()
    for _ in range(4):
        assert attempt(web.client, "sato", "wrong-password-1")[0] == 401
    assert attempt(web.client, "sato", PASSWORD)[0] == 303


def test_the_lock_is_kept_in_the_database_so_another_server_process_refuses_too(web: Web, settings: Settings) -> None:
    web.logout()
    for _ in range(5):
        attempt(web.client, "sato", "wrong-password-1")
    other = create_app(settings, today=lambda: TODAY)
    with TestClient(other) as client:
        status, text = attempt(client, "sato", PASSWORD)
        assert status == 429 and LOCKED in text
        assert [a.action for a in other.state.audit.accesses(username="sato")][-1] == "login_locked"


def test_the_lock_ends_after_the_cooldown_and_old_failures_fall_out_of_the_window(web: Web) -> None:
    throttle = web.api.state.throttle
    start = datetime.now(UTC)
    for minute in range(4):
        assert throttle.failed("sato", now=start + timedelta(minutes=minute)).locked_until is None
    assert throttle.failed("sato", now=start + timedelta(minutes=20)).failures == 1, "the first four are too old"
    for minute in range(21, 24):
        throttle.failed("sato", now=start + timedelta(minutes=minute))
    locked = throttle.failed("sato", now=start + timedelta(minutes=24))
    assert locked.failures == 5 and locked.locked_until == start + timedelta(minutes=39)
    assert throttle.locked_until("sato", now=start + timedelta(minutes=38)) == locked.locked_until
    assert throttle.locked_until("sato", now=start + timedelta(minutes=39)) is None
    assert throttle.failed("sato", now=start + timedelta(minutes=40)).failures == 1, "a fresh count after the lock"


def test_the_limits_are_settings(web: Web, settings: Settings) -> None:
    strict = settings.model_copy(update={"login_attempts": 2, "login_lockout_minutes": 30})
    with TestClient(create_app(strict, today=lambda: TODAY)) as client:
        answers = [attempt(client, "kimura", "wrong-password-1") for _ in range(3)]
    assert [status for status, _ in answers] == [401, 429, 429]
    assert "30分ほど待ってから" in answers[-1][1] or "29分ほど待ってから" in answers[-1][1]
