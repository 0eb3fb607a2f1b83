"""Everyday case handling on the case page over HTTP: reassignment, transfers, household, issues, placements."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

from domain.activity import Placement
from domain.commands import StartPlacement
from tests.builders import COORDINATOR, given_open_case
from tests.integration.web.conftest import HTMX, Web


def post_form(web: Web, case_id: UUID, slug: str, **data: object) -> str:
    response = web.client.post(f"/cases/{case_id}/{slug}", data=data, headers=HTMX)
    assert response.status_code == 200, response.text
    assert response.headers["HX-Trigger"] == "case-changed"
    return response.text


def test_a_coordinator_hands_the_case_to_a_colleague_from_the_case_page(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    post_form(web, case_id, "assignment", coordinator="kimura", reason="担当地区の見直し", occurred_on="2026-11-20")
    assert web.kasane.case(case_id).coordinator == "kimura"
    timeline = web.client.get(f"/cases/{case_id}/timeline", headers=HTMX).text
    assert "担当の変更" in timeline and "担当地区の見直し" in timeline and "木村 直子" in timeline


def test_the_receiving_agency_finds_the_request_and_accepts_it_from_the_case_page(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    post_form(
        web,
        case_id,
        "transfers",
        transfer_id=str(uuid.uuid4()),
        to_agency="shakyo",
        reason="就労準備支援が中心となるため",
        occurred_on="2026-11-20",
    )
    assert web.kasane.case(case_id).lead_agency == "fukushi-soudan"
    sender_page = web.client.get(f"/cases/{case_id}").text
    assert "社会福祉協議会へ移管を依頼中です" in sender_page
    assert 'id="panel-transfer-withdrawal"' in sender_page and 'id="panel-transfer-answers"' not in sender_page

    web.login("suzuki")
    home = web.client.get("/").text
    assert "移管依頼（受入れの判断待ち）" in home and "山田家" in home
    assert "山田家" in web.client.get("/transfers").text
    page = web.client.get(f"/cases/{case_id}")
    assert page.status_code == 200 and 'id="panel-transfer-answers"' in page.text
    assert 'id="panel-assignment"' not in page.text
    opened = web.client.get(f"/cases/{case_id}/transfer-answers", headers=HTMX).text  # the panel, opened
    assert "福祉相談課から主担当機関の移管依頼が届いています" in opened
    transfer = web.kasane.case(case_id).pending_transfer
    assert transfer is not None
    transfer_id = transfer.transfer_id
    post_form(
        web,
        case_id,
        "transfer-answers",
        transfer_id=str(transfer_id),
        accepted="yes",
        coordinator="suzuki",
        occurred_on="2026-11-20",
    )
    case = web.kasane.case(case_id)
    assert (case.lead_agency, case.coordinator) == ("shakyo", "suzuki")
    home = web.client.get("/").text
    assert "山田家" in home and "受入れを待っている" not in home


def test_declining_without_a_reason_is_refused_beside_the_field_and_writes_nothing(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    post_form(
        web,
        case_id,
        "transfers",
        transfer_id=str(uuid.uuid4()),
        to_agency="shakyo",
        reason="移管の相談",
        occurred_on="2026-11-20",
    )
    web.login("suzuki")
    transfer = web.kasane.case(case_id).pending_transfer
    assert transfer is not None
    transfer_id = transfer.transfer_id
    before = web.events()
    response = web.client.post(
        f"/cases/{case_id}/transfer-answers",
        headers=HTMX,
        data=dict(transfer_id=str(transfer_id), accepted="no", reason="", occurred_on="2026-11-20"),
    )
    assert response.status_code == 422 and "入力してください" in response.text
    assert web.events() == before


def test_the_sender_withdraws_a_request_from_the_case_page(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    post_form(
        web,
        case_id,
        "transfers",
        transfer_id=str(uuid.uuid4()),
        to_agency="shakyo",
        reason="移管の相談",
        occurred_on="2026-11-20",
    )
    transfer = web.kasane.case(case_id).pending_transfer
    assert transfer is not None
    transfer_id = transfer.transfer_id
    post_form(
        web,
        case_id,
        "transfer-withdrawal",
        transfer_id=str(transfer_id),
        reason="本人の希望で継続",
        occurred_on="2026-11-20",
    )
    assert web.kasane.case(case_id).pending_transfer is None
    web.login("suzuki")
    assert web.client.get(f"/cases/{case_id}").status_code == 404


def test_a_member_is_added_corrected_and_marked_as_left(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    member_id = uuid.uuid4()
    post_form(
        web,
        case_id,
        "members",
        member_id=str(member_id),
        name="山田 花子",
        kana="ヤマダ ハナコ",
        birth_date="1990-03-03",
        relationship="child",
        occurred_on="2026-11-20",
    )
    page = web.client.get(f"/cases/{case_id}/member-updates", headers=HTMX).text
    assert "山田 花子" in page
    post_form(
        web,
        case_id,
        "member-updates",
        member_id=str(member_id),
        name="佐々木 花子",
        kana="ササキ ハナコ",
        birth_date="1990-03-03",
        relationship="child",
        occurred_on="2026-11-20",
    )
    assert web.kasane.case(case_id).members[member_id].name == "佐々木 花子"
    post_form(
        web, case_id, "member-departures", member_id=str(member_id), reason="結婚により転出", occurred_on="2026-11-20"
    )
    assert member_id not in web.kasane.case(case_id).members
    assert "2人" in web.client.get(f"/cases/{case_id}/summary", headers=HTMX).text
    assert "佐々木 花子" not in web.client.get(f"/cases/{case_id}/member-departures", headers=HTMX).text


def test_the_issue_tags_form_shows_the_current_issues_and_replaces_them(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    form = web.client.get(f"/cases/{case_id}/issue-tags", headers=HTMX).text
    assert 'value="hikikomori" checked' in form
    web.client.post(
        f"/cases/{case_id}/issue-tags",
        headers=HTMX,
        data={"issue_tags": ["hikikomori", "poverty"], "occurred_on": "2026-11-20"},
    )
    assert web.kasane.case(case_id).issue_tags == ("hikikomori", "poverty")


def test_a_placement_is_ended_with_its_outcome_from_the_case_page(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    entry_id = uuid.uuid4()
    web.seeded(
        lambda app: app.execute(
            StartPlacement(
                actor=COORDINATOR,
                case_id=case_id,
                entry_id=entry_id,
                started_on=date(2026, 9, 1),
                agency="shakyo",
                resource_type="place_to_belong",
                host_organisation="NPO法人 居場所ひだまり",
            )
        )
    )
    assert "社会福祉協議会" in web.client.get(f"/cases/{case_id}/placement-ends", headers=HTMX).text
    post_form(
        web,
        case_id,
        "placement-ends",
        entry_id=str(entry_id),
        outcome="employed",
        ended_on="2026-11-20",
        note="週3日の就労へ",
    )
    placement = web.kasane.case(case_id).entry(entry_id)
    assert isinstance(placement, Placement) and placement.outcome == "employed"
    assert "実施中の参加支援はありません" in web.client.get(f"/cases/{case_id}/placement-ends", headers=HTMX).text


def test_the_correction_form_is_filled_in_with_the_chosen_members_current_details(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    son = next(m for m in web.kasane.case(case_id).members.values() if m.relationship == "child")
    form = web.client.get(f"/cases/{case_id}/member-updates/prefill?member_id={son.member_id}", headers=HTMX)
    assert form.status_code == 200
    assert 'value="山田 健"' in form.text and 'value="1985-09-30"' in form.text
    assert (
        web.client.get(f"/cases/{case_id}/member-updates/prefill?member_id={uuid.uuid4()}", headers=HTMX).status_code
        == 404
    )
