"""取消 / 訂正 from where each entry is shown: the case timeline, the meeting page and the API.

The activity list's are in ``test_corrections_activity_pages``, referral and consent rows' in
``test_corrections_referral_and_consent_rows``.

Every refusal answers with a clear Japanese message beside the field and writes
nothing; a case, meeting or activity out of the user's scope is a 404.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from uuid import UUID

import pytest

from domain.application import Kasane
from domain.commands import RecordConsultation, RecordOutreachVisit
from tests.builders import COORDINATOR, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.plan_scenarios import fixed_id, meeting


def consultation(app: Kasane, case_id: UUID, on: date = date(2026, 6, 1)) -> UUID:
    entry_id = uuid.uuid4()
    app.execute(
        RecordConsultation(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=entry_id,
            occurred_on=on,
            agency="fukushi-soudan",
            channel="phone",
            handler_role="consultation_staff",
            requester_type="family",
            is_new=True,
            issue_tags=("hikikomori",),
            summary="長女より電話",
        )
    )
    return entry_id


def outreach(app: Kasane, case_id: UUID) -> UUID:
    entry_id = uuid.uuid4()
    app.execute(
        RecordOutreachVisit(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=entry_id,
            occurred_on=date(2026, 6, 10),
            agency="fukushi-soudan",
            visit_kind="home_visit",
            handler_role="csw",
            contact_made=False,
            note="不在",
        )
    )
    return entry_id


@pytest.fixture
def case_id(web: Web) -> UUID:
    return web.seeded(lambda app: given_open_case(app))


@pytest.fixture
def entry_id(web: Web, case_id: UUID) -> UUID:
    return web.seeded(lambda app: consultation(app, case_id))


def timeline(web: Web, case_id: UUID) -> str:
    page = web.client.get(f"/cases/{case_id}/timeline", headers=HTMX)
    assert page.status_code == 200
    return page.text


def rows_of(html: str, event_type: str) -> list[str]:
    return re.findall(rf'<li class="event event-{event_type}[^"]*">.*?</li>', html, re.S)


# ---- the case timeline --------------------------------------------------------------------------


def test_each_live_entry_on_the_timeline_offers_void_and_correct(web: Web, case_id: UUID, entry_id: UUID) -> None:
    [row] = rows_of(timeline(web, case_id), "ConsultationRecorded")
    assert f"/cases/{case_id}/entries/{entry_id}/void" in row and ">取消</a>" in row
    assert f"/cases/{case_id}/entries/{entry_id}/correct" in row and ">訂正</a>" in row
    assert "/entries/" not in "".join(rows_of(timeline(web, case_id), "Opened"))


def test_voiding_from_the_timeline_strikes_the_entry_through_with_who_when_and_why(
    web: Web, case_id: UUID, entry_id: UUID
) -> None:
    form = web.client.get(f"/cases/{case_id}/entries/{entry_id}/void", headers=HTMX)
    assert form.status_code == 200 and "この記録を取り消す" in form.text and 'name="reason"' in form.text

    saved = web.client.post(
        f"/cases/{case_id}/entries/{entry_id}/void",
        headers=HTMX,
        data={"reason": "別世帯の相談を誤って記録した", "voided_on": "2026-11-20"},
    )
    assert saved.status_code == 200 and saved.headers["HX-Trigger"] == "case-changed"

    html = timeline(web, case_id)
    [row] = rows_of(html, "ConsultationRecorded")
    assert "is-voided" in row and "取消済み" in row
    assert "取消：佐藤 花子（福祉相談課）・令和8年11月20日（2026-11-20）・理由：別世帯の相談を誤って記録した" in row
    assert "/entries/" not in row, "a voided entry offers no more actions"
    assert "長女より電話" in row, "the original stays in the history"


def test_correcting_from_the_timeline_shows_the_corrected_values_beside_the_original(
    web: Web, case_id: UUID, entry_id: UUID
) -> None:
    form = web.client.get(f"/cases/{case_id}/entries/{entry_id}/correct", headers=HTMX)
    assert form.status_code == 200 and 'value="2026-06-01"' in form.text
    saved = web.client.post(
        f"/cases/{case_id}/entries/{entry_id}/correct",
        headers=HTMX,
        data={
            "occurred_on": "2026-06-02",
            "channel": "phone",
            "summary": "長女より電話",
            "reason": "相談日の入力誤り",
            "corrected_on": "2026-11-20",
        },
    )
    assert saved.status_code == 200, saved.text

    html = timeline(web, case_id)
    [original] = rows_of(html, "ConsultationRecorded")
    assert "is-corrected" in original
    assert "訂正：佐藤 花子（福祉相談課）・令和8年11月20日（2026-11-20）・理由：相談日の入力誤り" in original
    [correction] = rows_of(html, "EntryCorrected")
    assert "2026-06-01 → 2026-06-02" in correction
    assert f"/entries/{entry_id}/void" in correction, "the corrected version is the one to amend now"


def test_an_outreach_visit_is_corrected_from_its_own_fields(web: Web, case_id: UUID) -> None:
    visit = web.seeded(lambda app: outreach(app, case_id))
    form = web.client.get(f"/cases/{case_id}/entries/{visit}/correct", headers=HTMX).text
    assert 'name="visit_kind"' in form and 'name="contact_made"' in form and 'name="channel"' not in form
    saved = web.client.post(
        f"/cases/{case_id}/entries/{visit}/correct",
        headers=HTMX,
        data={
            "occurred_on": "2026-06-11",
            "visit_kind": "home_visit",
            "contact_made": "no",
            "note": "不在",
            "reason": "訪問日の誤り",
        },
    )
    assert saved.status_code == 200, saved.text
    assert "2026-06-10 → 2026-06-11" in rows_of(timeline(web, case_id), "EntryCorrected")[0]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"reason": "", "voided_on": "2026-11-20"}, "reason", "理由を入力してください"),
        ({"reason": "誤入力", "voided_on": "2026-12-01"}, "voided_on", "未来の日付は入力できません"),
    ],
    ids=["no reason", "a future date"],
)
def test_a_void_without_a_reason_or_with_a_bad_date_is_refused_beside_the_field(
    web: Web, case_id: UUID, entry_id: UUID, data: dict[str, str], field: str, message: str
) -> None:
    written = web.events()
    answer = web.client.post(f"/cases/{case_id}/entries/{entry_id}/void", headers=HTMX, data=data)
    assert answer.status_code == 422
    assert f'id="void-{entry_id}-{field}-error">{message}' in answer.text
    assert web.events() == written


def test_a_correction_that_changes_nothing_is_refused(web: Web, case_id: UUID, entry_id: UUID) -> None:
    written = web.events()
    answer = web.client.post(
        f"/cases/{case_id}/entries/{entry_id}/correct",
        headers=HTMX,
        data={"occurred_on": "2026-06-01", "channel": "phone", "summary": "長女より電話", "reason": "念のため"},
    )
    assert answer.status_code == 422 and "訂正する内容がありません" in answer.text
    assert web.events() == written


def test_an_entry_already_voided_or_of_another_case_is_refused_with_a_message(
    web: Web, case_id: UUID, entry_id: UUID
) -> None:
    other_case = web.seeded(lambda app: given_open_case(app))
    other_entry = web.seeded(lambda app: consultation(app, other_case))
    web.client.post(f"/cases/{case_id}/entries/{entry_id}/void", headers=HTMX, data={"reason": "誤入力"})
    written = web.events()
    for entry in (entry_id, other_entry, uuid.uuid4()):
        answer = web.client.post(f"/cases/{case_id}/entries/{entry}/void", headers=HTMX, data={"reason": "誤入力"})
        assert answer.status_code == 422
        assert "この記録は取り消し済みか、このケースの記録ではありません。" in answer.text
    assert web.events() == written


def test_a_case_out_of_the_users_scope_is_not_found_for_voids_and_corrections(
    web: Web, case_id: UUID, entry_id: UUID
) -> None:
    web.login("suzuki")  # 社協: no part in this case
    written = web.events()
    for path in ("void", "correct"):
        assert web.client.get(f"/cases/{case_id}/entries/{entry_id}/{path}", headers=HTMX).status_code == 404
        assert (
            web.client.post(
                f"/cases/{case_id}/entries/{entry_id}/{path}", headers=HTMX, data={"reason": "x"}
            ).status_code
            == 404
        )
        assert (
            web.client.post(
                f"/api/cases/{case_id}/entries/{entry_id}/{path}", json={"reason": "x", "changes": {}}
            ).status_code
            == 404
        )
    assert web.events() == written


# ---- the API ------------------------------------------------------------------------------------


def test_the_api_voids_and_corrects_and_refuses_bad_input_with_the_field(
    web: Web, case_id: UUID, entry_id: UUID
) -> None:
    url = f"/api/cases/{case_id}/entries/{entry_id}"
    written = web.events()
    refusals = [
        (web.client.post(f"{url}/void", json={"reason": ""}), "reason"),
        (web.client.post(f"{url}/correct", json={"reason": "誤り", "changes": {}}), "changes"),
        (
            web.client.post(f"{url}/correct", json={"reason": "誤り", "changes": {"visit_kind": "home_visit"}}),
            "changes",
        ),
        (web.client.post(f"/api/cases/{case_id}/entries/{uuid.uuid4()}/void", json={"reason": "誤り"}), "entry_id"),
    ]
    for answer, field in refusals:
        assert (answer.status_code, answer.json()["detail"]["field"]) == (422, field), answer.text
    assert web.events() == written

    corrected = web.client.post(f"{url}/correct", json={"reason": "要約の誤り", "changes": {"summary": "長男より電話"}})
    assert corrected.status_code == 200, corrected.text
    assert web.client.post(f"{url}/void", json={"reason": "誤入力"}).status_code == 200
    again = web.client.post(f"{url}/void", json={"reason": "誤入力"})
    assert (again.status_code, again.json()["detail"]["field"]) == (422, "entry_id")
    flags = {
        (e["event_type"], e["voided"], e["corrected"])
        for e in web.client.get(f"/api/cases/{case_id}/timeline").json()
        if e["subject_id"] == str(entry_id)
    }
    assert flags == {
        ("ConsultationRecorded", True, True),
        ("EntryCorrected", True, False),
        ("EntryVoided", False, False),
    }


# ---- the meeting page ---------------------------------------------------------------------------


def test_a_held_meeting_is_voided_from_its_page_with_a_reason(web: Web, case_id: UUID) -> None:
    web.seeded(lambda app: meeting(app, "m1", "support", date(2026, 7, 10), (case_id,)))
    meeting_id = fixed_id("m1")
    page = web.client.get(f"/meetings/{meeting_id}")
    assert "この会議記録を取り消す" in page.text

    written = web.events()
    refused = web.client.post(f"/meetings/{meeting_id}/void", headers=HTMX, data={"reason": ""})
    assert refused.status_code == 422 and "理由を入力してください" in refused.text
    assert web.events() == written

    saved = web.client.post(f"/meetings/{meeting_id}/void", headers=HTMX, data={"reason": "二重登録"})
    assert saved.status_code == 204 and saved.headers["HX-Redirect"].endswith(f"/meetings/{meeting_id}")
    voided = web.client.get(f"/meetings/{meeting_id}").text
    assert "記録取消" in voided and "二重登録" in voided and "この会議記録を取り消す" not in voided

    again = web.client.post(f"/api/meetings/{meeting_id}/void", json={"reason": "二重登録"})
    assert (again.status_code, again.json()["detail"]["field"]) == (422, "status")


def test_the_void_and_correct_actions_speak_english_with_lang_en(web: Web, case_id: UUID, entry_id: UUID) -> None:
    html = web.client.get(f"/cases/{case_id}/timeline?lang=en", headers=HTMX).text
    assert ">Void</a>" in html and ">Correct</a>" in html
    form = web.client.get(f"/cases/{case_id}/entries/{entry_id}/correct?lang=en", headers=HTMX).text
    assert "Correct this entry" in form and "Save the correction" in form and "Corrected on" in form
    refused = web.client.post(f"/cases/{case_id}/entries/{entry_id}/void?lang=en", headers=HTMX, data={"reason": ""})
    assert "Enter the reason." in refused.text
