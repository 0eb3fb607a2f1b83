"""Master-data admin screens and API over HTTP: admins add, rename, reorder and retire; pick-lists follow."""

from __future__ import annotations

import re

from tests.integration.web.conftest import Web


def options(html: str, name: str) -> list[str]:
    """The labels of a <select name=…>'s options, in page order (blank left out)."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return [
        label.strip()
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))
        if value
    ]


def test_admin_adds_renames_and_reorders_an_area_and_the_intake_form_follows(web: Web) -> None:
    web.login("admin")
    page = web.client.get("/admin/master/areas")
    assert page.status_code == 200 and "圏域・地区" in page.text
    added = web.client.post(
        "/admin/master/areas",
        data={"code": "d-ichi", "name": "第1地区", "category": "district", "display_order": "1"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert (
        web.client.post(
            "/admin/master/areas/d-ichi/rename", data={"name": "第一地区"}, follow_redirects=False
        ).status_code
        == 303
    )
    assert (
        web.client.post(
            "/admin/master/areas/minami/reorder", data={"display_order": "2"}, follow_redirects=False
        ).status_code
        == 303
    )
    web.login("sato")
    # never-ordered records (order 0) come first, by code; then 1, 2 …
    assert options(web.client.get("/cases/new").text, "area") == ["中部圏域", "北部圏域", "第一地区", "南部圏域"]


def test_a_refused_change_says_why_in_japanese_and_writes_nothing(web: Web) -> None:
    web.login("admin")
    before = web.events()
    answer = web.client.post("/admin/master/areas/minami/reorder", data={"display_order": "二"})
    assert answer.status_code == 422
    assert "表示順は0〜9999の整数で入力してください" in answer.text
    assert web.events() == before


def test_a_retired_agency_stays_listed_as_retired_and_leaves_the_pick_lists(web: Web) -> None:
    web.login("admin")
    assert (
        web.client.post(
            "/admin/master/agencies/hello-work/retire", data={"reason": "連携終了"}, follow_redirects=False
        ).status_code
        == 303
    )
    listing = web.client.get("/admin/master/agencies").text
    assert "ハローワーク" in listing and "廃止" in listing
    web.login("sato")
    assert "ハローワーク" not in options(web.client.get("/cases/new").text, "lead_agency")


def test_the_coordinator_choice_offers_only_people_who_may_hold_cases(web: Web) -> None:
    people = options(web.client.get("/cases/new").text, "coordinator")
    assert any(p.startswith("佐藤 花子") for p in people) and any(p.startswith("木村 直子") for p in people)
    assert not any(p.startswith(("林 誠", "システム 管理者")) for p in people)


def test_the_api_lists_adds_and_changes_in_display_order(web: Web) -> None:
    web.login("admin")
    assert (
        web.client.post(
            "/api/admin/agencies",
            json={"code": "kikan", "name": "基幹相談支援センター", "category": "centre", "display_order": 1},
        ).status_code
        == 201
    )
    assert (
        web.client.post(
            "/api/admin/staff", json={"code": "ota", "name": "太田 翔", "role": "coordinator", "agency": "kikan"}
        ).status_code
        == 201
    )
    assert web.client.post("/api/admin/staff/ota/role", json={"role": "supervisor"}).status_code == 200
    agencies = web.client.get("/api/admin/agencies").json()
    assert [(a["code"], a["display_order"]) for a in agencies if a["display_order"]] == [("kikan", 1)]
    assert agencies[-1]["code"] == "kikan"
    staff = {s["code"]: s for s in web.client.get("/api/admin/staff").json()}
    assert staff["ota"]["category"] == "supervisor" and staff["ota"]["agency"] == "kikan"
    refused = web.client.post("/api/admin/areas/kita/reorder", json={"display_order": "x"})
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "display_order"


def test_only_admins_reach_the_master_data_screens_and_api(web: Web) -> None:
    for username in ("sato", "kimura", "hayashi"):
        web.login(username)
        assert web.client.get("/admin/master/agencies").status_code == 403
        assert web.client.get("/api/admin/agencies").status_code == 403


def test_the_admin_changes_whether_a_meeting_type_needs_consent(web: Web) -> None:
    web.login("admin")
    assert not {m["code"]: m for m in web.client.get("/api/admin/meeting-types").json()}["individual_case"][
        "requires_consent"
    ]
    assert (
        web.client.post(
            "/admin/master/meeting-types/individual_case/consent",
            data={"requires_consent": "on"},
            follow_redirects=False,
        ).status_code
        == 303
    )
    types = {m["code"]: m for m in web.client.get("/api/admin/meeting-types").json()}
    assert types["individual_case"]["requires_consent"] is True and types["layered"]["requires_consent"] is True
    assert (
        web.client.post(
            "/api/admin/meeting-types/individual_case/consent", json={"requires_consent": False}
        ).status_code
        == 200
    )
    assert not {m["code"]: m for m in web.client.get("/api/admin/meeting-types").json()}["individual_case"][
        "requires_consent"
    ]


def test_the_master_data_screens_read_in_english_on_request(web: Web) -> None:
    web.login("admin")
    page = web.client.get("/admin/master/areas?lang=en").text
    assert "Master data: Areas" in page and "Daily-life area" in page and "Display order (smaller first)" in page
    assert "圏域・地区" not in page and "表示順" not in page


def test_the_admin_keeps_the_audiences_of_trainings_and_the_activity_form_offers_them(web: Web) -> None:
    """Issue 16: 対象者 are the municipality's own list (its plans name local groups), on screens and in the API."""
    web.login("admin")
    page = web.client.get("/admin/master/audiences").text
    assert "対象者" in page and "民生委員・児童委員" in page
    added = web.client.post(
        "/admin/master/audiences",
        data={"code": "fureai", "name": "ふれあい協力員", "name_en": "Community watchers", "display_order": "1"},
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    assert web.client.post("/api/admin/audiences/jumin/retire", json={"reason": "対象者の整理"}).status_code == 200
    listed = {a["code"]: a for a in web.client.get("/api/admin/audiences").json()}
    assert (listed["fureai"]["name_en"], listed["fureai"]["display_order"], listed["jumin"]["active"]) == (
        "Community watchers",
        1,
        False,
    )
    web.login("suzuki")
    offered = options(web.client.get("/activities").text, "audience")
    assert offered[-1] == "ふれあい協力員" and "地域住民" not in offered and "民生委員・児童委員" in offered
