"""Agency scoping: a coordinator or supervisor sees the cases their agency has a part in, and no others."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.actor import Actor
from domain.application import Kasane
from domain.commands import AdoptSupportPlan, ChangeCaseStatus
from domain.master_data_commands import RegisterUser
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from domain.support_plan import PlanAction
from tests.builders import ADMIN, COORDINATOR, CSW, given_meeting, given_open_case
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
    denied = [
        a
        for a in web.client.app.state.audit.accesses(case_id=str(case_id))  # type: ignore[attr-defined]
        if a.username == "suzuki"
    ]
    assert denied and {(a.action, a.status) for a in denied} == {("denied", 404)}


def test_an_accepted_referral_brings_the_receiving_agency_in(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(lambda app: refer(app, case_id, date(2026, 6, 1), to_agency="shakyo"))
    assert sees(web.login("suzuki"), case_id)


def test_attending_a_meeting_that_discussed_the_case_brings_the_agency_in_until_the_record_is_voided(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.seeded(
        lambda app: app.execute(
            RegisterUser(actor=ADMIN, username="kobayashi", name="小林 由美", role="coordinator", agency="kodomo-katei")
        )
    )
    meeting_id = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(
        lambda app: hold(app, meeting_id, date(2026, 11, 10), case_id, agencies=("fukushi-soudan", "kodomo-katei"))
    )
    assert sees(web.login("kobayashi"), case_id)
    assert not sees(web.login("suzuki"), case_id)
    web.seeded(lambda app: void_meeting(app, meeting_id, date(2026, 11, 11)))
    assert not sees(web.login("kobayashi"), case_id)


def test_the_coordinator_of_a_case_always_sees_it_and_a_supervisor_sees_their_agencys(web: Web) -> None:
    case_id = web.seeded(lambda app: given_open_case(app, coordinator="suzuki"))
    assert sees(web.login("suzuki"), case_id)
    assert sees(web.login("kimura"), case_id)  # supervisor at the lead agency, 福祉相談課


def test_a_meeting_cannot_take_up_a_case_of_another_agency_by_its_id(web: Web) -> None:
    """Otherwise attending that meeting would bring the case into the agency's scope."""
    case_id = web.seeded(lambda app: given_open_case(app, household_name="山田家"))
    web.login("suzuki")  # 社会福祉協議会, no part in the case
    before = web.events()
    assert "山田家" not in web.client.post("/meetings/case-search", data={"q": "山田"}).text
    row = web.client.post("/meetings/case-row", params={"case_id": str(case_id)}, data={"index": 0})
    assert row.status_code == 404 and "山田" not in row.text
    held = {
        "meeting_type": "support",
        "title": "社協の会議",
        "convenor_agency": "shakyo",
        "held_on": "2026-11-19",
        "attendees": [{"agency": "shakyo", "role": "CSW"}],
        "discussions": [{"case_id": str(case_id), "outcome": "information_shared"}],
    }
    refused = web.client.post("/api/meetings/held", json=held)
    assert refused.status_code == 404 and refused.json()["detail"]["field"] == "case_id"
    planned = web.client.post(
        "/api/meetings",
        json={
            "meeting_type": "layered",
            "title": "社協の会議",
            "scheduled_on": "2026-11-30",
            "convenor_agency": "shakyo",
            "planned_case_ids": [str(case_id)],
        },
    )
    assert planned.status_code == 404 and web.events() == before and not sees(web, case_id)
    denied = [
        a
        for a in web.client.app.state.audit.accesses(case_id=str(case_id))  # type: ignore[attr-defined]
        if a.username == "suzuki" and a.method == "POST"
    ]
    assert [(a.action, a.status) for a in denied] == [("denied", 404), ("denied", 404)]


def given_two_agencies_cases(web: Web) -> dict[str, UUID]:
    """福祉相談課 (supervisor kimura) leads 山田家; 社会福祉協議会 (supervisor mori) leads 田中家, on its own.

    Each case is long in one status, has an overdue plan review and an overdue action item from a meeting only
    its own agency attended; the 社協 also has an overdue item about no case, from a meeting it convened alone.
    """
    web.seeded(
        lambda app: app.execute(
            RegisterUser(actor=ADMIN, username="mori", name="森 陽子", role="supervisor", agency="shakyo")
        )
    )
    yamada = web.seeded(lambda app: given_open_case(app, household_name="山田家"))
    tanaka = web.seeded(
        lambda app: given_open_case(
            app,
            household_name="田中家",
            coordinator="suzuki",
            intake_agency="shakyo",
            lead_agency="shakyo",
            area="minami",
            issue_tags=("poverty",),
            actor=CSW,
        )
    )
    for case_id, actor in ((yamada, COORDINATOR), (tanaka, CSW)):
        _long_in_assessment_with_a_plan_review_due(web, case_id, actor)
    for case_id, actor, agency, what in (
        (yamada, COORDINATOR, "fukushi-soudan", "山田家の長男に同行訪問"),
        (tanaka, CSW, "shakyo", "田中家の家計相談につなぐ"),
    ):
        _held_by_its_agency_alone(web, case_id, actor, agency, what)
    return {"山田家": yamada, "田中家": tanaka}


def _long_in_assessment_with_a_plan_review_due(web: Web, case_id: UUID, actor: Actor) -> None:
    """In assessment since 2026-05-12, with a plan whose review was due on 2026-08-31."""

    def assessment(app: Kasane) -> None:
        app.execute(ChangeCaseStatus(actor=actor, case_id=case_id, status="assessment", occurred_on=date(2026, 5, 12)))

    def plan(app: Kasane) -> None:
        app.execute(
            AdoptSupportPlan(
                actor=actor,
                case_id=case_id,
                plan_type="layered",
                goals=("見守り",),
                actions=(PlanAction(description="定期訪問", agency=actor.agency_id),),
                review_due_on=date(2026, 8, 31),
                adopted_on=date(2026, 5, 30),
            )
        )

    web.seeded(assessment)
    web.seeded(plan)


def _held_by_its_agency_alone(web: Web, case_id: UUID, actor: Actor, agency: str, what: str) -> None:
    """A meeting the agency convened and attended alone, with an action item on the case due on 2026-11-01 (and,
    for the 社協, one about no case due on 2026-11-02)."""
    meeting_id = uuid4()
    items: tuple[ActionItem, ...] = (
        ActionItem(item_id=uuid4(), description=what, owner_agency=agency, due_on=date(2026, 11, 1), case_id=case_id),
    )
    if agency == "shakyo":
        items += (
            ActionItem(item_id=uuid4(), description="社協の様式改訂", owner_agency="shakyo", due_on=date(2026, 11, 2)),
        )

    def scheduled(app: Kasane) -> None:
        app.execute(
            ScheduleMeeting(
                actor=actor,
                meeting_id=meeting_id,
                meeting_type="individual_case",
                title="ケース検討",
                scheduled_on=date(2026, 10, 1),
                convenor_agency=agency,
            )
        )

    def held(app: Kasane) -> None:
        app.execute(
            RecordMeetingOutcome(
                actor=actor,
                meeting_id=meeting_id,
                held_on=date(2026, 10, 1),
                attendees=(Attendee(agency=agency, role=""),),
                discussions=(CaseDiscussion(case_id=case_id, outcome="roles_allocated"),),
                action_items=items,
            )
        )

    web.seeded(scheduled)
    web.seeded(held)


THEIRS = {
    "kimura": ("山田家", "田中家", "sato", "suzuki", "fukushi-soudan", "shakyo", "kita", "minami"),
    "mori": ("田中家", "山田家", "suzuki", "sato", "shakyo", "fukushi-soudan", "minami", "kita"),
}
"""supervisor → (own case, other agency's case, own coordinator, other's, own agency, other, own area, other)."""


@pytest.mark.parametrize("supervisor", ["kimura", "mori"])
def test_a_supervisor_sees_only_their_agencys_cases_in_every_count_and_list_of_the_caseload(
    web: Web, supervisor: str
) -> None:
    cases = given_two_agencies_cases(web)
    mine, other, me_coord, other_coord, my_agency, other_agency, my_area, other_area = THEIRS[supervisor]
    web.login(supervisor)
    api = web.client.get("/api/caseload").json()
    counts = api["counts"]
    assert counts["by_status"] == {"assessment": 1}
    assert counts["by_coordinator"] == {me_coord: 1} and counts["by_lead_agency"] == {my_agency: 1}
    assert counts["by_involved_agency"] == {my_agency: 1} and counts["by_area"] == {my_area: 1}
    assert [r["household_name"] for r in api["overdue_reviews"]] == [mine] and api["overdue_review_total"] == 1
    assert [a["household_name"] for a in api["ageing"]] == [mine] and api["ageing_total"] == 1
    listed = web.client.get("/api/cases").json()
    assert [c["household_name"] for c in listed["items"]] == [mine] and listed["total"] == 1
    for url in (
        "/caseload",
        "/caseload/action-items",
        "/cases",
        "/cases?review_overdue=true",
        "/cases?in_status_days=90",
        "/",
    ):
        page = web.client.get(url)
        assert page.status_code == 200, url
        shown = page.text.split("</form>")[-1]  # the list's filter form offers every agency and user to pick
        assert other not in shown and str(cases[other]) not in shown, url
        assert other_agency not in shown and other_coord not in shown, url
    dashboard = web.client.get("/caseload").text
    assert mine in dashboard and "未完了の役割分担 " + ("1件" if supervisor == "kimura" else "2件") in dashboard
    assert ("社協の様式改訂" in dashboard) == (supervisor == "mori"), "an item about no case: its agency's only"
    audit = web.client.app.state.audit.accesses(case_id=str(cases[other]))  # type: ignore[attr-defined]
    assert not [a for a in audit if a.username == supervisor], "nothing of the other agency's case was shown"


def test_an_agency_that_joins_a_case_brings_it_into_its_supervisors_caseload(web: Web) -> None:
    cases = given_two_agencies_cases(web)
    web.seeded(lambda app: refer(app, cases["山田家"], date(2026, 6, 1), to_agency="shakyo"))
    counts = web.login("mori").client.get("/api/caseload").json()["counts"]
    assert counts["by_lead_agency"] == {"fukushi-soudan": 1, "shakyo": 1}
    assert counts["by_coordinator"] == {"sato": 1, "suzuki": 1}
    assert counts["by_involved_agency"] == {"fukushi-soudan": 1, "shakyo": 2}
    assert "山田家" in web.client.get("/cases?lead_agency=fukushi-soudan&include_closed=false").text
