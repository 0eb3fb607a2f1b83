"""Login and sessions over HTTP: who a request acts for comes only from a live session."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from domain.master_data_commands import RetireRecord
from tests.builders import ADMIN, TODAY, given_open_case
from tests.integration.web.conftest import HTMX, PASSWORD, Web
from web.access.sessions import Sessions
from web.app import create_app
from web.storage.settings import Settings

TEMPLATES = Path(__file__).parents[3] / "web" / "templates"


def test_without_a_session_a_page_leads_to_the_login_form_and_back(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.logout()
    response = web.client.get(f"/cases/{case_id}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next=%2Fcases%2F{case_id}"
    assert "山田" not in response.text
    login = web.client.get(response.headers["location"])
    assert "パスワード" in login.text and f'value="/cases/{case_id}"' in login.text
    answer = web.client.post(
        "/login", data={"username": "sato", "password": PASSWORD, "next": f"/cases/{case_id}"}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/cases/{case_id}"
    assert "山田家" in web.client.get(answer.headers["location"]).text


def test_without_a_session_the_api_answers_401_and_htmx_is_sent_to_the_login_form(web: Web) -> None:
    web.logout()
    api = web.client.get("/api/cases")
    assert api.status_code == 401 and api.json()["detail"]["code"] == "not_authenticated"
    fragment = web.client.get("/cases", headers=HTMX)
    assert fragment.status_code == 401 and fragment.headers["HX-Redirect"].startswith("/login?next=")


@pytest.mark.parametrize(
    "username, password",
    [("sato", "wrong-password-1"), ("nobody", PASSWORD), ("", ""), ("sato", ""), ("x" * 5000, PASSWORD)],
)
def test_a_wrong_username_or_password_is_refused_with_one_message_and_no_session(
    web: Web, username: str, password: str
) -> None:
    web.logout()
    response = web.client.post("/login", data={"username": username, "password": password}, follow_redirects=False)
    assert response.status_code == 401
    assert "利用者名またはパスワードが違います" in response.text
    assert "kasane_session" not in response.headers.get("set-cookie", "")
    assert web.client.get("/api/cases").status_code == 401


def test_the_session_cookie_is_http_only_same_site_lax_and_secure_when_configured(web: Web, settings: Settings) -> None:
    web.logout()
    plain = web.client.post("/login", data={"username": "sato", "password": PASSWORD}, follow_redirects=False)
    cookie = plain.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    secure_app = create_app(settings.model_copy(update={"cookie_secure": True}), today=lambda: TODAY)
    with TestClient(secure_app) as client:
        secure = client.post("/login", data={"username": "sato", "password": PASSWORD}, follow_redirects=False)
        assert "Secure" in secure.headers["set-cookie"]
    with TestClient(create_app(settings, today=lambda: TODAY), base_url="https://kasane.example") as client:
        over_https = client.post("/login", data={"username": "sato", "password": PASSWORD}, follow_redirects=False)
        assert "Secure" in over_https.headers["set-cookie"]


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_after_login_the_user_is_never_sent_off_the_site(web: Web, target: str) -> None:
    web.logout()
    response = web.client.post(
        "/login", data={"username": "sato", "password": PASSWORD, "next": target}, follow_redirects=False
    )
    assert response.headers["location"] == "/"


def test_each_role_lands_on_its_own_first_screen(web: Web) -> None:
    for username, home in (("sato", "/"), ("kimura", "/caseload"), ("hayashi", "/plans"), ("admin", "/admin/audit")):
        web.login(username)
        web.logout()
        response = web.client.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
        assert response.headers["location"] == home
        assert web.client.get(home).status_code == 200


def test_no_header_query_or_cookie_can_name_another_user(web: Web) -> None:
    web.client.cookies.set("kasane_user", "kimura")
    page = web.client.get("/cases?as=kimura", headers={"X-Kasane-User": "kimura"})
    assert "佐藤 花子" in page.text.split("acting-as")[1][:200]
    web.logout()
    anonymous = web.client.get("/api/cases", headers={"X-Kasane-User": "kimura"}, params={"as": "kimura"})
    assert anonymous.status_code == 401


def test_logging_out_ends_the_session_in_the_database_so_a_copied_cookie_is_dead(web: Web) -> None:
    token = web.client.cookies["kasane_session"]
    response = web.client.post("/logout", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?notice=logged_out"
    web.logout()
    replayed = web.client.get("/api/cases", headers={"Cookie": f"kasane_session={token}"})
    assert replayed.status_code == 401


def test_only_hashes_are_stored_never_the_password_or_the_session_token(web: Web, settings: Settings) -> None:
    token = web.client.cookies["kasane_session"]
    engine = sa.create_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                sa.text("SELECT password_hash FROM kasane_credentials WHERE username = 'sato'")
            ).scalar_one()
            session_ids = connection.execute(sa.text("SELECT id_hash FROM kasane_sessions")).scalars().all()
            events = connection.execute(sa.text("SELECT state FROM kasane_events")).scalars().all()
    finally:
        engine.dispose()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert token not in session_ids and all(len(s) == 64 for s in session_ids)
    assert not any(PASSWORD.encode() in bytes(e) or b"argon2" in bytes(e) for e in events)


def test_a_retired_user_is_logged_out_at_the_next_request(web: Web) -> None:
    assert web.client.get("/api/cases").status_code == 200
    web.seeded(lambda app: app.execute(RetireRecord(actor=ADMIN, kind="user", code="sato", reason="異動")))
    assert web.client.get("/api/cases").status_code == 401
    web.logout()
    again = web.client.post("/login", data={"username": "sato", "password": PASSWORD}, follow_redirects=False)
    assert again.status_code == 401


def test_a_session_lapses_when_idle_and_slides_while_used(settings: Settings) -> None:
    engine = sa.create_engine(settings.database_url)
    try:
        lapsed = Sessions(engine, idle=timedelta(0), absolute=timedelta(hours=12))
        token, _ = lapsed.start("sato")
        assert lapsed.find(token) is None
        sliding = Sessions(engine, idle=timedelta(minutes=30), absolute=timedelta(hours=12))
        token, started = sliding.start("sato")
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "UPDATE kasane_sessions SET last_seen_at = created_at - INTERVAL '1' MINUTE"
                    if engine.dialect.name == "postgresql"
                    else "UPDATE kasane_sessions SET last_seen_at = '2000-01-01 00:00:00'"
                )
            )
        found = sliding.find(token)
        assert found is not None and found.expires_at >= started.expires_at
        capped = Sessions(engine, idle=timedelta(hours=1), absolute=timedelta(0))
        token, _ = capped.start("sato")
        assert capped.find(token) is None
    finally:
        engine.dispose()


def test_every_response_carries_the_security_headers(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    for url in (
        "/",
        f"/cases/{case_id}",
        f"/cases/{case_id}/timeline",
        "/api/cases",
        "/login",
        "/nowhere",
        "/static/app.css",
    ):
        headers = web.client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp, url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY" and headers["Referrer-Policy"] == "same-origin", url


def test_no_template_has_inline_script_event_handler_or_evaluated_htmx_attribute() -> None:
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|hx-on|js:|javascript:", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in inline.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
