"""Case search by name, kana or case number: POST only, within the reader's scope, audited without the words.

Names are matched through a keyed blind index, across hiragana, katakana, half and full width and spaces;
a forgotten case is no longer found.
"""

from __future__ import annotations

import uuid
from datetime import date

from domain.household import Member
from tests.builders import given_open_case
from tests.integration.web.conftest import HTMX, Web
from web.storage.erasure import forget
from web.views.meeting_view import case_number


def a_household_in_hiragana(web: Web) -> uuid.UUID:
    member = Member(
        member_id=uuid.uuid4(),
        name="たかはし みさき",
        kana="たかはし みさき",
        birth_date=date(1950, 4, 1),
        relationship="principal",
    )
    return web.seeded(lambda app: given_open_case(app, household_name="たかはし家", members=(member,)))


def test_a_katakana_or_half_width_fragment_finds_a_household_stored_in_hiragana(web: Web) -> None:
    case_id = a_household_in_hiragana(web)
    web.seeded(given_open_case)  # 山田家, not a match
    for words in ("タカハシ", "ﾀｶﾊｼ", "ハシ　ミサ", "みさき"):
        found = web.client.post("/cases/search", data={"q": words}, headers=HTMX)
        assert found.status_code == 200 and "たかはし家" in found.text and "山田家" not in found.text, words
    api = web.client.post("/api/cases/search", json={"q": "タカハシ"}).json()
    assert [c["case_id"] for c in api["items"]] == [str(case_id)] and api["next_after"] is None


def test_a_case_is_found_by_its_case_number_shown_on_its_page_and_in_the_list(web: Web) -> None:
    case_id = a_household_in_hiragana(web)
    assert case_number(case_id) in web.client.get(f"/cases/{case_id}").text
    assert case_number(case_id) in web.client.get("/cases").text
    page = web.client.post("/cases/search", data={"q": case_number(case_id)}).text
    assert "たかはし家" in page and "<html" in page
    assert web.client.post("/api/cases/search", json={"q": case_number(case_id)[:6].lower()}).json()["total"] == 1


def test_the_search_never_goes_through_a_url(web: Web) -> None:
    a_household_in_hiragana(web)
    assert web.client.get("/cases/search", params={"q": "タカハシ"}).status_code in (404, 405)
    assert "たかはし家" not in web.client.get("/cases", params={"q": "タカハシ"}).text.split('id="case-table"')[0]
    assert web.client.get("/api/cases/search", params={"q": "タカハシ"}).status_code in (404, 405, 422)


def test_another_agencys_household_is_not_found(web: Web) -> None:
    a_household_in_hiragana(web)
    web.login("suzuki")  # 社会福祉協議会, no part in the case
    assert "たかはし家" not in web.client.post("/cases/search", data={"q": "タカハシ"}).text
    assert web.client.post("/api/cases/search", json={"q": "タカハシ"}).json()["total"] == 0


def test_a_search_is_audited_with_the_cases_shown_and_without_the_words(web: Web) -> None:
    case_id = a_household_in_hiragana(web)
    web.client.post("/cases/search", data={"q": "タカハシ"})
    web.client.post("/api/cases/search", json={"q": "ミサキ"})
    entries = [a for a in web.api.state.audit.accesses(username="sato") if a.method == "POST" and a.action == "read"]
    assert [(a.action, a.path, a.case_ids) for a in entries] == [
        ("read", "/cases/search", (str(case_id),)),
        ("read", "/api/cases/search", (str(case_id),)),
    ]
    assert all("タカハシ" not in a.query + a.path and "ミサキ" not in a.query for a in entries)


def test_bad_search_input_is_refused_with_a_message(web: Web) -> None:
    refused = web.client.post("/api/cases/search", json={"q": ""})
    assert refused.status_code == 422
    too_long = web.client.post("/cases/search", data={"q": "あ" * 101})
    assert too_long.status_code == 422 and "検索語は100文字以内で入力してください。" in too_long.text


def test_a_forgotten_household_is_no_longer_found(web: Web) -> None:
    case_id = a_household_in_hiragana(web)
    assert web.client.post("/api/cases/search", json={"q": "タカハシ"}).json()["total"] == 1
    forget(web.kasane, web.read_models, case_id=case_id, username="admin", reason="本人からの削除請求")
    assert web.client.post("/api/cases/search", json={"q": "タカハシ"}).json()["total"] == 0
    assert web.client.post("/api/cases/search", json={"q": "ミサキ"}).json()["total"] == 0
