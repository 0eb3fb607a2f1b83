"""The event log is the only copy of a case: reading it back must give exactly the state that was decided.

Value objects travel through JSON, which has no tuples, dates or UUIDs; these
tests prove the transcodings restore them on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any, TypedDict

import pytest
from eventsourcing.domain import Aggregate

from domain.activity import Consultation, OutreachVisit, Placement
from domain.actor import Actor
from domain.application import Kasane
from domain.case import Case
from domain.commands import (
    AddHouseholdMember,
    AdoptSupportPlan,
    AnswerReferral,
    AssignCase,
    ChangeCaseStatus,
    CloseCase,
    Command,
    CorrectCaseEntry,
    EndPlacement,
    MoveCaseToArea,
    RecordConsent,
    RecordConsultation,
    RecordOutreachVisit,
    ReopenCase,
    ReviewSupportPlan,
    SendReferral,
    StartPlacement,
    TagIssues,
    VoidCaseEntry,
)
from domain.consent import ConsentScope
from domain.household import Member
from domain.support_plan import PlanAction
from tests.builders import COORDINATOR, CSW, TODAY, a_member, given_open_case, given_standard_setup
from web.storage.settings import Settings, eventsourcing_env

ACTIONS = (
    PlanAction(description="父の介護保険申請を支援", agency="houkatsu-kita", due_on=date(2027, 1, 31)),
    PlanAction(description="長男の居場所づくり", agency="shakyo"),
)


@pytest.fixture
def other_app(settings: Settings) -> Iterator[Kasane]:
    """A second, fresh application on the same database: nothing shared but the stored events."""
    application = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    yield application
    application.close()


def state(aggregate: Aggregate) -> dict[str, Any]:
    """An aggregate's attributes as decided (a case, and in ``test_stored_event_topics`` a meeting or an activity)."""
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


def assert_same_state(read_back: Case, expected: Case) -> None:
    assert state(read_back) == state(expected)
    # repr also tells a tuple from a list, a date from a str and an enum member from its value
    assert repr(state(read_back)) == repr(state(expected))


def test_a_new_application_reconstructs_the_case_from_commands(app: Kasane, other_app: Kasane) -> None:
    given_standard_setup(app)
    grandchild = Member(
        member_id=uuid.uuid4(),
        name="",
        kana="",
        birth_date=None,
        relationship="grandchild",
        flags=("young_carer", "carer"),
        anonymous=True,
    )
    case_id = given_open_case(app, opened_on=date(2026, 1, 15))
    ids = run_realistic_history(app, case_id, grandchild)

    case = other_app.case(case_id)
    assert_same_state(case, app.case(case_id))
    assert case.members[grandchild.member_id] == grandchild
    assert case.issue_tags == ("elderly", "hikikomori", "young_carer")
    assert (case.area, case.coordinator, case.lead_agency) == ("minami", "suzuki", "shakyo")
    assert case.involved_agencies == {"fukushi-soudan": "involved", "shakyo": "lead", "jiritsu": "involved"}
    assert [(c.decision, c.scopes, c.expires_on) for c in case.consents] == [
        ("given", ("meeting_discussion", "information_sharing"), date(2027, 3, 31)),
        ("withdrawn", ("information_sharing",), None),
    ]
    assert case.consent_in_force(ConsentScope.MEETING_DISCUSSION, date(2026, 11, 1)) is not None
    referral = case.referrals[ids["referral"]]
    assert (referral.state, referral.sent_on, referral.answered_on) == ("accepted", date(2026, 2, 3), date(2026, 2, 5))
    assert [p.version for p in case.plans] == [1, 2]
    assert case.plans[0].actions == ACTIONS
    assert case.plans[1].goals == ("長男が就労体験に参加する",)
    assert case.next_review_due_on == date(2027, 2, 1)
    consultation, visit, placement = (case.entry(ids[k]) for k in ("consultation", "visit", "placement"))
    assert isinstance(consultation, Consultation) and isinstance(visit, OutreachVisit)
    assert (consultation.channel, consultation.issue_tags) == ("window", ("hikikomori", "isolation"))
    assert visit.accompanying_agencies == ("houkatsu-kita", "jiritsu")
    assert isinstance(placement, Placement)
    assert (placement.ended_on, placement.outcome) == (date(2026, 9, 30), "employed")
    assert case.voided == {ids["voided"]: "重複入力"}
    assert (case.status, case.status_since, case.closure_reason) == ("intake", date(2026, 10, 15), None)
    assert other_app.history(case_id) == app.history(case_id)


class OnTheCase(TypedDict):
    """Who acts on which case: what every command of the realistic history shares."""

    actor: Actor
    case_id: uuid.UUID


def run_realistic_history(app: Kasane, case_id: uuid.UUID, grandchild: Member) -> dict[str, uuid.UUID]:
    """A year of an 8050 household, including January–March of the previous fiscal year (``kasane.db`` of
    ``tests/data/store_before_case_split`` was written by these steps: their events and order stay as they are)."""
    ids = {k: uuid.uuid4() for k in ("referral", "consultation", "visit", "placement", "voided")}
    c = OnTheCase(actor=COORDINATOR, case_id=case_id)
    for command in (
        *household_grows_and_consents(c, grandchild),
        *referred_to_the_self_reliance_office(c, ids["referral"]),
        *consultations_voided_and_corrected(c, ids["consultation"], ids["voided"]),
        *planned_with_outreach_and_a_placement(c, ids["visit"], ids["placement"]),
        *consent_withdrawn_handed_over_closed_and_reopened(c),
    ):
        app.execute(command)
    return ids


def household_grows_and_consents(c: OnTheCase, grandchild: Member) -> tuple[Command, ...]:
    """January: a grandchild who cares for the father joins, the issues are tagged, consent is given in writing."""
    return (
        AddHouseholdMember(**c, member=grandchild, occurred_on=date(2026, 1, 20)),
        TagIssues(**c, issue_tags=("elderly", "hikikomori", "young_carer"), occurred_on=date(2026, 1, 20)),
        RecordConsent(
            **c,
            consent_id=uuid.uuid4(),
            decision="given",
            decided_on=date(2026, 1, 25),
            scopes=("meeting_discussion", "information_sharing"),
            expires_on=date(2027, 3, 31),
            given_by="本人",
            note="書面",
        ),
        ChangeCaseStatus(**c, status="assessment", occurred_on=date(2026, 2, 1)),
    )


def referred_to_the_self_reliance_office(c: OnTheCase, referral_id: uuid.UUID) -> tuple[Command, ...]:
    """February: a referral to 自立相談 with the sheet, accepted two days later."""
    return (
        SendReferral(
            **c,
            referral_id=referral_id,
            from_agency="fukushi-soudan",
            to_agency="jiritsu",
            reason="就労相談",
            sent_on=date(2026, 2, 3),
            via_sheet=True,
        ),
        AnswerReferral(**c, referral_id=referral_id, accepted=True, answered_on=date(2026, 2, 5)),
    )


def consultations_voided_and_corrected(
    c: OnTheCase, consultation_id: uuid.UUID, voided_id: uuid.UUID
) -> tuple[Command, ...]:
    """The fiscal year's turn: a consultation on 31 March, a duplicate on 1 April voided, the first one corrected."""
    return (
        RecordConsultation(
            **c,
            entry_id=consultation_id,
            occurred_on=date(2026, 3, 31),
            agency="fukushi-soudan",
            channel="phone",
            handler_role="consultation_staff",
            requester_type="family",
            is_new=False,
            issue_tags=("hikikomori", "isolation"),
            summary="年度末の電話相談",
        ),
        RecordConsultation(
            **c,
            entry_id=voided_id,
            occurred_on=date(2026, 4, 1),
            agency="fukushi-soudan",
            channel="phone",
            handler_role="consultation_staff",
            requester_type="family",
            is_new=False,
        ),
        VoidCaseEntry(**c, entry_id=voided_id, reason="重複入力", occurred_on=date(2026, 4, 2)),
        CorrectCaseEntry(
            **c,
            entry_id=consultation_id,
            changes={"channel": "window"},
            reason="来所だった",
            occurred_on=date(2026, 4, 2),
        ),
    )


def planned_with_outreach_and_a_placement(
    c: OnTheCase, visit_id: uuid.UUID, placement_id: uuid.UUID
) -> tuple[Command, ...]:
    """April–September: a plan, the CSW's accompanied visit, a work placement, a review, a second plan version."""
    return (
        ChangeCaseStatus(**c, status="planning", occurred_on=date(2026, 4, 10)),
        AdoptSupportPlan(
            **c,
            plan_type="layered",
            goals=("父が介護サービスを利用できる", "長男が外出できる"),
            actions=ACTIONS,
            review_due_on=date(2026, 7, 10),
            adopted_on=date(2026, 4, 20),
        ),
        RecordOutreachVisit(
            actor=CSW,
            case_id=c["case_id"],
            entry_id=visit_id,
            occurred_on=date(2026, 5, 2),
            agency="shakyo",
            visit_kind="accompanied_visit",
            handler_role="csw",
            contact_made=True,
            accompanying_agencies=("houkatsu-kita", "jiritsu"),
        ),
        StartPlacement(
            actor=CSW,
            case_id=c["case_id"],
            entry_id=placement_id,
            started_on=date(2026, 6, 1),
            agency="shakyo",
            resource_type="work_experience",
            host_organisation="きた福祉会",
        ),
        ReviewSupportPlan(
            **c, findings="介護申請済み", reviewed_on=date(2026, 7, 10), next_review_due_on=date(2026, 10, 10)
        ),
        AdoptSupportPlan(
            **c,
            plan_type="self_reliance",
            goals=("長男が就労体験に参加する",),
            actions=ACTIONS[1:],
            review_due_on=date(2027, 2, 1),
            adopted_on=date(2026, 8, 1),
            reason="目標の見直し",
        ),
        EndPlacement(
            actor=CSW, case_id=c["case_id"], entry_id=placement_id, ended_on=date(2026, 9, 30), outcome="employed"
        ),
    )


def consent_withdrawn_handed_over_closed_and_reopened(c: OnTheCase) -> tuple[Command, ...]:
    """September–October: consent to share is withdrawn, the case moves area and lead, closes, and comes back."""
    return (
        RecordConsent(
            **c,
            consent_id=uuid.uuid4(),
            decision="withdrawn",
            decided_on=date(2026, 9, 1),
            scopes=("information_sharing",),
        ),
        MoveCaseToArea(**c, area="minami", occurred_on=date(2026, 9, 2)),
        AssignCase(**c, coordinator="suzuki", lead_agency="shakyo", occurred_on=date(2026, 9, 3)),
        CloseCase(**c, reason="resolved", note="就労開始", occurred_on=date(2026, 10, 1)),
        ReopenCase(**c, reason="再相談", occurred_on=date(2026, 10, 15)),
    )


class Deciding(TypedDict):
    """Who decides, and the day it is: what every method of an aggregate decided in memory takes."""

    actor: Actor
    today: date


def test_state_decided_in_memory_equals_state_read_back(app: Kasane, other_app: Kasane) -> None:
    """Compare against an aggregate that was never serialised, so a lossy transcoding cannot hide."""
    actor = Actor(user_id="sato", role="coordinator", agency_id="fukushi-soudan")
    kw = Deciding(actor=actor, today=TODAY)
    principal = a_member()
    case = opened_in_memory(principal, kw)
    consented_and_referred_in_vain(case, kw)
    planned_and_reviewed(case, kw)
    entries_corrected_and_voided(case, kw)
    case.note_discussion(
        meeting_id=uuid.uuid4(),
        meeting_type="shien-kaigi",
        held_on=date(2026, 5, 10),
        outcome="plan_agreed",
        actor=actor,
    )
    case.remove_member(principal.member_id, reason="施設入所", on=date(2026, 6, 1), **kw)
    app.save(case)

    assert_same_state(other_app.case(case.id), case)


def opened_in_memory(principal: Member, kw: Deciding) -> Case:
    """A household of a father and a son with no birth date recorded, opened at the 地域包括."""
    return Case.open(
        case_id=uuid.uuid4(),
        opened_on=date(2026, 2, 2),
        household_name="山田家",
        members=(principal, a_member("山田 健", relationship="child", born=None, flags=("needs_care",))),
        issue_tags=("elderly",),
        area="kita",
        intake_agency="houkatsu-kita",
        lead_agency="fukushi-soudan",
        coordinator="sato",
        channel="window",
        requester_type="family",
        summary="",
        **kw,
    )


def consented_and_referred_in_vain(case: Case, kw: Deciding) -> None:
    """Consent with an expiry (scopes given as a list, as a form sends them), and a referral the 社協 turns down."""
    case.record_consent(
        consent_id=uuid.uuid4(),
        decision="given",
        scopes=["support_plan", "meeting_discussion"],
        on=date(2026, 2, 3),
        expires_on=date(2026, 12, 31),
        **kw,
    )
    referral_id = uuid.uuid4()
    case.send_referral(
        referral_id=referral_id,
        from_agency="fukushi-soudan",
        to_agency="shakyo",
        reason="見守り",
        via_sheet=False,
        on=date(2026, 2, 4),
        **kw,
    )
    case.answer_referral(referral_id=referral_id, accepted=False, note="定員超過", on=date(2026, 2, 6), **kw)


def planned_and_reviewed(case: Case, kw: Deciding) -> None:
    """A support plan with dated and undated actions, reviewed without a next review date."""
    case.adopt_plan(
        plan_type="support",
        goals=["通院の継続"],
        actions=list(ACTIONS),
        review_due_on=date(2026, 5, 1),
        on=date(2026, 3, 1),
        **kw,
    )
    case.review_plan(findings="継続", next_review_due_on=None, on=date(2026, 5, 1), **kw)


def entries_corrected_and_voided(case: Case, kw: Deciding) -> None:
    """An anonymous consultation later corrected, a home visit without contact, a placement ended and then voided."""
    entry_id, placement_id = uuid.uuid4(), uuid.uuid4()
    case.record_consultation(
        entry_id=entry_id,
        occurred_on=date(2026, 3, 2),
        agency="fukushi-soudan",
        channel="anonymous",
        handler_role="csw",
        requester_type="neighbour",
        is_new=True,
        issue_tags=["isolation"],
        **kw,
    )
    case.record_outreach(
        entry_id=uuid.uuid4(),
        occurred_on=date(2026, 3, 3),
        agency="shakyo",
        visit_kind="home_visit",
        handler_role="csw",
        contact_made=False,
        accompanying_agencies=["jiritsu"],
        **kw,
    )
    case.start_placement(
        entry_id=placement_id,
        occurred_on=date(2026, 4, 1),
        resource_type="salon",
        host_organisation="ふれあいサロン",
        agency="shakyo",
        **kw,
    )
    case.end_placement(entry_id=placement_id, on=date(2026, 4, 30), outcome="completed", note="", **kw)
    case.correct_entry(entry_id, {"summary": "近隣住民から匿名の相談"}, reason="追記", on=date(2026, 3, 5), **kw)
    case.void_entry(placement_id, reason="別事業の記録", on=date(2026, 5, 2), **kw)
