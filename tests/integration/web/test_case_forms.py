"""The forms on a case page over HTTP: each records its command, refusals come back beside the fields."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from domain.application import Kasane
from domain.commands import CloseCase, SendReferral
from projections.cases import queries
from tests.builders import COORDINATOR, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.scenarios import consult, move


def referral_sent(app: Kasane, case_id: uuid.UUID) -> dict[str, str]:
    referral_id = uuid.uuid4()
    app.execute(
        SendReferral(
            actor=COORDINATOR,
            case_id=case_id,
            referral_id=referral_id,
            from_agency="fukushi-soudan",
            to_agency="jiritsu",
            reason="就労相談",
            sent_on=date(2026, 11, 1),
        )
    )
    return {"referral_id": str(referral_id)}


def closed(app: Kasane, case_id: uuid.UUID) -> dict[str, str]:
    app.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 11, 1)))
    return {}


VALID: dict[str, dict[str, Any]] = {
    "consultations": dict(
        entry_id=str(uuid.uuid4()),
        occurred_on="2026-11-20",
        agency="fukushi-soudan",
        channel="phone",
        handler_role="consultation_staff",
        requester_type="family",
        issue_tags=["hikikomori", "isolation"],
        summary="長女から電話。父の受診について",
    ),
    "outreach-visits": dict(
        entry_id=str(uuid.uuid4()),
        occurred_on="令和8年11月19日",
        agency="shakyo",
        visit_kind="home_visit",
        handler_role="csw",
        contact_made="yes",
        accompanying_agencies=["houkatsu-kita"],
        note="玄関先で長男と話す",
    ),
    "referrals": dict(
        referral_id=str(uuid.uuid4()),
        from_agency="fukushi-soudan",
        to_agency="jiritsu",
        reason="就労に向けた相談",
        sent_on="2026-11-20",
        via_sheet="on",
    ),
    "referral-answers": dict(accepted="no", answered_on="2026-11-20", note="対象外のため"),
    "placements": dict(
        entry_id=str(uuid.uuid4()),
        started_on="2026-11-20",
        agency="shakyo",
        resource_type="place_to_belong",
        host_organisation="NPO法人 居場所ひだまり",
    ),
    "consents": dict(
        consent_id=str(uuid.uuid4()),
        decision="given",
        scopes=["meeting_discussion"],
        decided_on="2026-11-20",
        expires_on="2027-11-19",
        given_by="本人",
    ),
    "status": dict(status="assessment", occurred_on="2026-11-20", reason="訪問で状況を確認"),
    "closure": dict(reason="moved_away", occurred_on="2026-11-20", note="市外へ転出"),
    "reopening": dict(reason="再び相談があった", occurred_on="2026-11-20"),
}
BEFORE = {"referral-answers": referral_sent, "reopening": closed}
SHOWN = {
    "consultations": "長女から電話。父の受診について",
    "outreach-visits": "玄関先で長男と話す",
    "referrals": "就労に向けた相談",
    "referral-answers": "対象外のため",
    "placements": "NPO法人 居場所ひだまり",
    "consents": "本人",
    "status": "訪問で状況を確認",
    "closure": "市外へ転出",
    "reopening": "再び相談があった",
}


def test_each_form_records_its_command_and_tells_the_page_to_refresh(web: Web) -> None:
    for slug, data in VALID.items():
        case_id = web.seeded(given_open_case)
        extra = web.seeded(BEFORE[slug], case_id) if slug in BEFORE else {}
        before = web.events()
        response = web.client.post(f"/cases/{case_id}/{slug}", data={**data, **extra}, headers=HTMX)
        assert response.status_code == 200, (slug, response.text)
        assert response.headers["HX-Trigger"] == "case-changed", slug
        assert 'role="status"' in response.text and "<html" not in response.text, slug
        assert web.events() == before + 1, slug
        assert SHOWN[slug] in web.client.get(f"/cases/{case_id}/timeline", headers=HTMX).text, slug


def test_a_saved_form_comes_back_empty_with_a_new_id_so_sending_it_twice_records_once(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    first = web.client.post(f"/cases/{case_id}/consultations", data=VALID["consultations"], headers=HTMX)
    assert VALID["consultations"]["entry_id"] not in first.text
    again = web.client.post(f"/cases/{case_id}/consultations", data=VALID["consultations"], headers=HTMX)
    assert again.status_code == 409
    assert "すでに登録されています" in again.text


HIDDEN = {"entry_id", "expected_version"}
"""Fields the user does not see: their errors are listed in the form's error summary only."""

BAD_INPUT: list[tuple[str, dict[str, str | list[str]], int, str, str]] = [
    # slug, changed fields, status, field whose error is shown, message
    ("consultations", {"occurred_on": "2026-02-30"}, 422, "occurred_on", "日付を「2026-05-11」"),
    ("consultations", {"occurred_on": "昨日"}, 422, "occurred_on", "日付を「2026-05-11」"),
    ("consultations", {"occurred_on": "2026-12-01"}, 422, "occurred_on", "未来の日付は入力できません"),
    ("consultations", {"occurred_on": "2026-01-05"}, 422, "occurred_on", "この日付は入力できません"),
    ("consultations", {"occurred_on": ""}, 422, "occurred_on", "入力してください"),
    ("consultations", {"agency": "no-such-agency"}, 422, "agency", "見つかりません"),
    ("consultations", {"channel": "pigeon"}, 422, "channel", "入力内容を確認してください"),
    ("consultations", {"entry_id": "not-an-id"}, 422, "entry_id", "IDの形式が正しくありません"),
    ("consultations", {"expected_version": "abc"}, 422, "expected_version", "数字で入力してください"),
    ("outreach-visits", {"contact_made": ""}, 422, "contact_made", "入力してください"),
    ("referrals", {"to_agency": "fukushi-soudan"}, 422, "to_agency", "つなぎ元と同じ機関にはつなげません"),
    ("referrals", {"reason": " "}, 422, "reason", "入力してください"),
    ("placements", {"host_organisation": ""}, 422, "host_organisation", "入力してください"),
    ("consents", {"scopes": [""]}, 422, "scopes", "同意の範囲を選んでください"),  # the blank a browser sends
    ("consents", {"decision": "refused", "expires_on": "2027-01-01"}, 422, "expires_on", "有効期限は"),
    ("status", {"status": "monitoring"}, 422, "status", "現在のステータスからは変更できません"),
    ("closure", {"reason": "bored"}, 422, "reason", "入力内容を確認してください"),
    ("reopening", {}, 422, "status", "現在のステータスからは変更できません"),
]


UNOFFERED = {"no-such-agency", "pigeon", "bored", "not-an-id", "monitoring"}
"""A choice the form does not offer: it cannot be shown as chosen, and the page names no codes (only the error says)."""


def test_bad_input_comes_back_beside_the_field_with_the_input_kept_and_nothing_stored(web: Web) -> None:
    """One case takes every refusal in turn: a refused form stores nothing, so the case stays as it was."""
    case_id = web.seeded(given_open_case)
    before = web.events()
    for slug, changes, status, field, message in BAD_INPUT:
        case = (slug, changes)
        data = {**VALID[slug], **changes}
        response = web.client.post(f"/cases/{case_id}/{slug}", data=data, headers=HTMX)
        assert response.status_code == status, (case, response.text)
        assert web.events() == before, case
        assert message in response.text, case
        for kept in (v for v in data.values() if isinstance(v, str) and len(v) > 3 and v not in UNOFFERED):
            assert kept in response.text, (case, kept)
        if slug == "reopening":
            assert f'href="#{slug}-{field}"' not in response.text, "no link to a field the form does not have"
            continue
        assert f'href="#{slug}-{field}"' in response.text and f'id="{slug}-{field}"' in response.text, case
        if field not in HIDDEN:
            assert f'id="{slug}-{field}-error"' in response.text, case


def test_a_form_for_a_stale_version_gets_a_conflict_keeps_the_input_and_refreshes_the_page(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    seen = web.client.get(f"/cases/{case_id}/summary", headers=HTMX).text
    version = seen.split('id="case-version" name="page_version" value="')[1].split('"')[0]
    web.seeded(lambda app: consult(app, case_id, date(2026, 11, 2)))  # someone else, meanwhile
    opened = web.client.get(f"/cases/{case_id}/consultations?page_version={version}", headers=HTMX).text
    assert f'name="expected_version" value="{version}"' in opened, "a panel opened later keeps the page's version"
    data = {**VALID["consultations"], "expected_version": version, "summary": "私の入力"}
    response = web.client.post(f"/cases/{case_id}/consultations", data=data, headers=HTMX)
    assert response.status_code == 409
    assert "他の人がこのケースを先に更新しました" in response.text and "私の入力" in response.text
    assert response.headers["HX-Trigger"] == "case-changed"
    current = web.seeded(lambda app: app.case(case_id).version)
    assert f'name="expected_version" value="{current}"' in response.text
    resent = web.client.post(
        f"/cases/{case_id}/consultations", data={**data, "expected_version": str(current)}, headers=HTMX
    )
    assert resent.status_code == 200


def test_the_page_version_sent_by_htmx_wins_over_the_forms_own(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: move(app, case_id, "assessment", date(2026, 6, 1)))
    current = web.seeded(lambda app: app.case(case_id).version)
    data = {**VALID["consultations"], "expected_version": ["1", str(current)]}
    response = web.client.post(f"/cases/{case_id}/consultations", data=data, headers=HTMX)
    assert response.status_code == 200


def test_without_htmx_a_saved_form_goes_back_to_the_case_page(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    response = web.client.post(f"/cases/{case_id}/consultations", data=VALID["consultations"], follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith(f"/cases/{case_id}")


def test_without_htmx_a_refused_form_is_a_whole_page_with_the_messages(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    response = web.client.post(f"/cases/{case_id}/consultations", data={**VALID["consultations"], "occurred_on": "x"})
    assert response.status_code == 422
    assert "<html" in response.text and 'id="consultations-occurred_on-error"' in response.text


def test_a_form_for_a_missing_case_is_not_found(web: Web) -> None:
    response = web.client.post(f"/cases/{uuid.uuid4()}/consultations", data=VALID["consultations"], headers=HTMX)
    assert response.status_code == 404


def test_a_closed_case_offers_only_reopening(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: closed(app, case_id))
    page = web.client.get(f"/cases/{case_id}").text
    assert 'id="panel-reopening"' in page and 'id="panel-consultations"' not in page


def test_the_summary_follows_the_read_model(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.client.post(f"/cases/{case_id}/consents", data=VALID["consents"], headers=HTMX)
    summary = web.client.get(f"/cases/{case_id}/summary", headers=HTMX).text
    assert "同意あり" in summary
    with web.read_models.engine.connect() as connection:
        detail = queries.case_detail(connection, case_id)
    assert detail is not None and detail.case.meeting_consent == "given"


def test_a_saved_form_moves_the_page_version_to_the_one_its_own_write_produced(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    before = web.seeded(lambda app: app.case(case_id).version)

    saved = web.client.post(
        f"/cases/{case_id}/consultations",
        headers=HTMX,
        data={**VALID["consultations"], "entry_id": str(uuid.uuid4()), "expected_version": before},
    )

    after = web.seeded(lambda app: app.case(case_id).version)
    assert after == before + 1
    assert f'id="case-version" name="page_version" value="{after}" hx-swap-oob="true"' in saved.text


def test_a_form_rendered_before_my_own_last_write_is_no_conflict_with_the_page_version(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    rendered = web.seeded(lambda app: app.case(case_id).version)
    web.client.post(
        f"/cases/{case_id}/consultations",
        headers=HTMX,
        data={**VALID["consultations"], "entry_id": str(uuid.uuid4()), "expected_version": rendered},
    )
    page_version = web.seeded(lambda app: app.case(case_id).version)

    status = web.client.post(
        f"/cases/{case_id}/status",
        headers=HTMX,
        data={**VALID["status"], "expected_version": rendered, "page_version": page_version},
    )

    assert status.status_code == 200, status.text
