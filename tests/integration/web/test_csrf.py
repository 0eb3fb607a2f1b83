"""CSRF: a state-changing request without the session's token is refused before anything is written."""

from __future__ import annotations

import re

import pytest

from tests.builders import given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_api import OPEN_CASE
from tests.integration.web.test_case_forms import VALID


def token_in_page(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page's forms carry the CSRF token"
    return match.group(1)


@pytest.mark.parametrize("token", [None, "", "forged-token", "x" * 5000])
def test_an_htmx_form_without_the_right_token_is_refused_with_403_and_stores_nothing(
    web: Web, token: str | None
) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    web.client.headers.pop("X-CSRF-Token")
    headers = HTMX | ({} if token is None else {"X-CSRF-Token": token})
    response = web.client.post(f"/cases/{case_id}/consultations", data=VALID["consultations"], headers=headers)
    assert response.status_code == 403
    assert "セキュリティトークン" in response.text and "再読み込み" in response.text
    assert web.events() == before


def test_a_plain_form_post_carries_the_token_as_a_hidden_field(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    page = web.client.get(f"/cases/{case_id}/consultations").text
    token = token_in_page(page)
    web.client.headers.pop("X-CSRF-Token")
    before = web.events()
    response = web.client.post(
        f"/cases/{case_id}/consultations", data={**VALID["consultations"], "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code in (200, 303), response.text
    assert web.events() == before + 1


def test_pages_give_htmx_the_token_on_the_body_and_every_post_form_the_hidden_field(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    token = web.client.headers["X-CSRF-Token"]
    for url in ("/", f"/cases/{case_id}", "/cases/new"):
        page = web.client.get(url).text
        assert f'<body hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'>' in page, url
        post_forms = re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', page, flags=re.S)
        assert post_forms and all(f'name="csrf_token" value="{token}"' in form for form in post_forms), url


def test_the_json_api_needs_the_header_too(web: Web) -> None:
    before = web.events()
    web.client.headers.pop("X-CSRF-Token")
    refused = web.client.post("/api/cases", json=OPEN_CASE)
    assert refused.status_code == 403
    assert refused.json()["detail"]["code"] == "csrf_rejected" and refused.json()["detail"]["field"] == "csrf_token"
    assert web.events() == before


def test_another_sessions_token_is_refused(web: Web) -> None:
    suzukis_token = web.login("suzuki").client.headers["X-CSRF-Token"]
    web.login("sato")
    case_id = web.seeded(given_open_case)
    response = web.client.post(
        f"/cases/{case_id}/consultations", data=VALID["consultations"], headers=HTMX | {"X-CSRF-Token": suzukis_token}
    )
    assert response.status_code == 403


def test_logging_out_needs_the_token_so_another_site_cannot_log_the_user_out(web: Web) -> None:
    web.client.headers.pop("X-CSRF-Token")
    assert web.client.post("/logout", follow_redirects=False).status_code == 403
    assert web.client.get("/api/cases").status_code == 200
