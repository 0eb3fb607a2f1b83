"""取消 of a referral, its answer and a consent decision, from their rows on the case timeline and through the API:
the row stays, struck through with who, when and why, and the case summary follows."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

import pytest

from domain.commands import RecordConsent
from tests.builders import COORDINATOR, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_corrections_pages import rows_of, timeline
from tests.scenarios import refer


@pytest.fixture
def case_id(web: Web) -> UUID:
    return web.seeded(lambda app: given_open_case(app))


def test_a_referral_and_its_answer_are_voided_from_their_timeline_rows(web: Web, case_id: UUID) -> None:
    referral_id = web.seeded(lambda app: refer(app, case_id, date(2026, 6, 1), accept=False))
    html = timeline(web, case_id)
    [declined] = rows_of(html, "ReferralDeclined")
    assert f"/cases/{case_id}/referrals/{referral_id}/answer/void" in declined and "訂正" not in declined
    form = web.client.get(f"/cases/{case_id}/referrals/{referral_id}/answer/void", headers=HTMX)
    assert form.status_code == 200 and "この記録を取り消す" in form.text

    written = web.events()
    refused = web.client.post(
        f"/cases/{case_id}/referrals/{referral_id}/answer/void", headers=HTMX, data={"reason": ""}
    )
    assert refused.status_code == 422 and "理由を入力してください。" in refused.text
    assert web.events() == written

    saved = web.client.post(
        f"/cases/{case_id}/referrals/{referral_id}/answer/void",
        headers=HTMX,
        data={"reason": "受入れの回答を辞退と誤入力"},
    )
    assert saved.status_code == 200 and saved.headers["HX-Trigger"] == "case-changed"
    [declined] = rows_of(timeline(web, case_id), "ReferralDeclined")
    assert "is-voided" in declined and "理由：受入れの回答を辞退と誤入力" in declined

    voided = web.client.post(f"/api/cases/{case_id}/referrals/{referral_id}/void", json={"reason": "送付先の誤り"})
    assert voided.status_code == 200, voided.text
    [sent] = rows_of(timeline(web, case_id), "ReferralSent")
    assert "is-voided" in sent
    assert "取消：佐藤 花子（福祉相談課）・令和8年11月20日（2026-11-20）・理由：送付先の誤り" in sent
    assert web.client.get(f"/api/cases/{case_id}").json()["referrals"] == []
    again = web.client.post(f"/api/cases/{case_id}/referrals/{referral_id}/answer/void", json={"reason": "x"})
    assert (again.status_code, again.json()["detail"]["field"]) == (422, "referral_id")


# ---- consent ------------------------------------------------------------------------------------


def test_a_consent_decision_is_voided_from_its_timeline_row_and_the_summary_follows(web: Web, case_id: UUID) -> None:
    consent_id = uuid.uuid4()
    web.seeded(
        lambda app: app.execute(
            RecordConsent(
                actor=COORDINATOR,
                case_id=case_id,
                consent_id=consent_id,
                decision="refused",
                scopes=("meeting_discussion",),
                decided_on=date(2026, 6, 1),
                given_by="本人",
            )
        )
    )
    [row] = rows_of(timeline(web, case_id), "ConsentRecorded")
    assert f"/cases/{case_id}/consents/{consent_id}/void" in row and "訂正" not in row

    saved = web.client.post(
        f"/cases/{case_id}/consents/{consent_id}/void", headers=HTMX, data={"reason": "別の世帯の回答を誤って記録"}
    )
    assert saved.status_code == 200 and saved.headers["HX-Trigger"] == "case-changed"
    [row] = rows_of(timeline(web, case_id), "ConsentRecorded")
    assert "is-voided" in row and "理由：別の世帯の回答を誤って記録" in row
    assert web.client.get(f"/api/cases/{case_id}").json()["case"]["meeting_consent"] == "none"
    again = web.client.post(f"/api/cases/{case_id}/consents/{consent_id}/void", json={"reason": "x"})
    assert (again.status_code, again.json()["detail"]["field"]) == (422, "consent_id")
    form = web.client.get(f"/cases/{case_id}/consents/{consent_id}/void", headers=HTMX)
    assert form.status_code == 422 and "この同意の記録は取り消し済みか" in form.text
