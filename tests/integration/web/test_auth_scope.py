"""Agency scoping: a coordinator or supervisor sees the cases their agency has a part in, and no others."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands import RegisterUser
from tests.builders import ADMIN, given_meeting, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_case_forms import VALID
from tests.scenarios import hold, refer, void_meeting


def sees(web: Web, case_id: UUID) -> bool:
    listed = str(case_id) in {c["case_id"] for c in web.client.get("/api/cases").json()["items"]}
    page = web.client.get(f"/cases/{case_id}").status_code
    assert (page == 200) == listed, "the list and the case page apply the same rule"
    return listed


def test_another_agency_neither_lists_nor_opens_nor_writes_to_a_case_it_has_no_part_in(web: Web) -> None:
    case_id = web.seeded(lambda app: given_open_case(app, household_name="山田家"))
    web.login("suzuki")  # 社会福祉協議会
    assert not sees(web, case_id)
    assert "山田家" not in web.client.get("/cases").text
    for url in (f"/cases/{case_id}/timeline", f"/api/cases/{case_id}", f"/api/cases/{case_id}/timeline"):
        answer = web.client.get(url)
        assert answer.status_code == 404 and "山田" not in answer.text, url
    before = web.events()
    refused = web.client.post(f"/cases/{case_id}/consultations", data=VALID["consultations"], headers=HTMX)
    assert refused.status_code == 404 and web.events() == before
    denied = [a for a in web.client.app.state.audit.accesses(case_id=str(case_id))  # type: ignore[attr-defined]
              if a.username == "suzuki"]
    assert denied and {(a.action, a.status) for a in denied} == {("denied", 404)}


def test_an_accepted_referral_brings_the_receiving_agency_in(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: refer(app, case_id, date(2026, 6, 1), to_agency="shakyo"))
    assert sees(web.login("suzuki"), case_id)


def test_attending_a_meeting_that_discussed_the_case_brings_the_agency_in_until_the_record_is_voided(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: app.execute(RegisterUser(actor=ADMIN, username="kobayashi", name="小林 由美",
                                                    role="coordinator", agency="kodomo-katei")))
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(lambda app: hold(app, meeting_id, date(2026, 11, 10), case_id,
                                agencies=("fukushi-soudan", "kodomo-katei")))
    assert sees(web.login("kobayashi"), case_id)
    assert not sees(web.login("suzuki"), case_id)
    web.seeded(lambda app: void_meeting(app, meeting_id, date(2026, 11, 11)))
    assert not sees(web.login("kobayashi"), case_id)


def test_the_coordinator_of_a_case_always_sees_it_and_a_supervisor_sees_their_agencys(web: Web) -> None:
    case_id = web.seeded(lambda app: given_open_case(app, coordinator="suzuki"))
    assert sees(web.login("suzuki"), case_id)
    assert sees(web.login("kimura"), case_id)  # supervisor at the lead agency, 福祉相談課
