"""Every page's header says who is acting by names: the user's role and agency labels, never their codes."""

from __future__ import annotations

import re

import pytest

from tests.integration.web.conftest import Web

PAGES = ("/", "/cases", "/cases/new", "/caseload", "/meetings", "/meetings/new", "/plans", "/audit")


@pytest.mark.parametrize(
    "username, agency, code", [("sato", "福祉相談課", "fukushi-soudan"), ("admin", "福祉政策課", "fukushi-seisaku")]
)
def test_the_header_names_the_acting_users_agency_on_every_page(
    web: Web, username: str, agency: str, code: str
) -> None:
    web.login(username)
    for path in PAGES:
        page = web.client.get(path)
        if page.status_code != 200:
            continue  # a page this role may not open has no header to check
        acting = re.search(r'<span class="acting-as">(.*?)</span>', page.text, re.S)
        assert acting, path
        assert agency in acting[1] and code not in acting[1], f"{path}: {acting[1]}"


def test_an_error_page_names_the_acting_users_agency_too(web: Web) -> None:
    for username, path in (("sato", "/cases/00000000-0000-0000-0000-000000000000"), ("hayashi", "/cases")):
        web.login(username)
        page = web.client.get(path)
        assert page.status_code in (403, 404), path
        acting = re.search(r'<span class="acting-as">(.*?)</span>', page.text, re.S)
        assert acting and "fukushi-" not in acting[1] and "福祉" in acting[1], f"{path}: {acting}"
