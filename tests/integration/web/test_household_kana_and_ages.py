"""The case page and the case lists say who the household is: name, kana, relationship, age, case number.

Issue 11 §4. Ages are completed years as of the app's injected today (Japan
time; the fixture's today is 2026-11-20), so a member whose birthday is
tomorrow is still a year younger. The list shows the head's kana beside the
household name. Once the case is forgotten the kana are gone like the names.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

from domain.household import Member
from domain.master_data_commands import RegisterUser
from tests.builders import ADMIN, given_open_case
from tests.integration.web.conftest import Web
from web.storage.erasure import forget
from web.views.meeting_view import case_number


def member(name: str, kana: str, relationship: str, born: date | None) -> Member:
    return Member(member_id=uuid.uuid4(), name=name, kana=kana, birth_date=born, relationship=relationship)


def given_the_kobayashi_household(app) -> uuid.UUID:  # noqa: ANN001  (the application, as every seeding story takes)
    return given_open_case(
        app,
        household_name="小林家",
        members=(
            member("小林 正", "コバヤシ タダシ", "principal", date(1960, 11, 21)),  # 66 tomorrow
            member("小林 恵", "", "spouse", date(1962, 11, 20)),  # 64 today
            member("小林 悟", "コバヤシ サトル", "child", None),
        ),
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_the_case_page_shows_each_members_name_kana_relationship_and_age_today(web: Web) -> None:
    case_id = web.seeded(given_the_kobayashi_household)
    page = web.client.get(f"/cases/{case_id}").text
    household = text_of(page.split('id="household-members"')[1].split("</ul>")[0])
    assert "小林 正 （コバヤシ タダシ） 本人・65歳" in household
    assert "小林 恵 配偶者・64歳" in household
    assert "小林 悟 （コバヤシ サトル） 子" in household and "小林 悟 （コバヤシ サトル） 子・" not in household
    english = text_of(web.client.get(f"/cases/{case_id}", params={"lang": "en"}).text)
    assert "aged 65" in english


def test_the_case_lists_show_the_heads_kana_and_the_case_number_beside_the_name(web: Web) -> None:
    case_id = web.seeded(given_the_kobayashi_household)
    for url in ("/cases", "/"):
        row = text_of(web.client.get(url).text)
        assert f"小林家 （コバヤシ タダシ） 受付番号 {case_number(case_id)}" in row, url
    listed = web.client.get("/api/cases").json()["items"]
    assert [(c["household_name"], c["head_kana"]) for c in listed] == [("小林家", "コバヤシ タダシ")]


def test_after_the_case_is_forgotten_its_kana_and_ages_are_gone_like_the_names(web: Web) -> None:
    case_id = web.seeded(given_the_kobayashi_household)
    web.seeded(
        lambda app: app.execute(
            RegisterUser(actor=ADMIN, username="tanaka", name="田中 管理者", role="admin", agency="fukushi-seisaku")
        )
    )
    forget(web.kasane, web.read_models, case_id=case_id, username="tanaka", reason="本人からの削除請求")
    for url in (f"/cases/{case_id}", f"/cases/{case_id}/summary", "/cases", "/"):
        response = web.client.get(url)
        assert response.status_code == 200, url
        assert "コバヤシ" not in response.text and "65歳" not in response.text, url
