"""A forgotten case still opens in the browser: its pages render, personal values read as erased."""

from __future__ import annotations

from domain.master_data_commands import RegisterUser
from domain.personal_data import ERASED
from tests.builders import ADMIN, given_open_case
from tests.integration.web.conftest import Web
from web.storage.erasure import forget


def test_a_forgotten_cases_pages_render_with_its_personal_data_erased(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(
        lambda app: app.execute(
            RegisterUser(actor=ADMIN, username="tanaka", name="田中 管理者", role="admin", agency="fukushi-seisaku")
        )
    )
    assert "山田 太郎" in web.client.get(f"/cases/{case_id}/timeline").text
    forget(web.kasane, web.read_models, case_id=case_id, username="tanaka", reason="本人からの削除請求")
    for url in (
        f"/cases/{case_id}",
        f"/cases/{case_id}/summary",
        f"/cases/{case_id}/timeline",
        "/cases",
        "/caseload",
        "/",
    ):
        response = web.client.get(url)
        assert response.status_code == 200, url
        assert "山田家" not in response.text and "山田 太郎" not in response.text, url
    timeline = web.client.get(f"/cases/{case_id}/timeline").text
    assert ERASED in timeline and "個人情報の消去" in timeline and "本人からの削除請求" in timeline
