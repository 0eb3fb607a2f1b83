"""The support meeting's rules, on the aggregates alone (no storage)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from domain.actor import Actor
from domain.case import Case
from domain.errors import AlreadyExists, ConsentRequired, DateInFuture, InvalidInput, NotFound, TransitionNotAllowed
from domain.meeting import MeetingStatus, SupportMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from domain.meeting_type import STANDARD_MEETING_TYPES, MeetingType
from tests.builders import TODAY, a_member

ACTOR = Actor(user_id="sato", role="coordinator", agency_id="fukushi-soudan")
MEETING_DAY = date(2026, 11, 10)
ATTENDEES = (Attendee(agency="fukushi-soudan", role="相談支援包括化推進員"), Attendee(agency="shakyo", role="CSW"))


def meeting_type(code: str) -> MeetingType:
    fields = next(t for t in STANDARD_MEETING_TYPES if t["code"] == code)
    return MeetingType.register(**fields, on=TODAY, actor=ACTOR)  # type: ignore[arg-type]


def a_case(*, opened_on: date = date(2026, 5, 11)) -> Case:
    return Case.open(
        case_id=uuid.uuid4(),
        opened_on=opened_on,
        actor=ACTOR,
        household_name="山田家",
        members=[a_member()],
        issue_tags=("hikikomori",),
        area="kita",
        intake_agency="fukushi-soudan",
        lead_agency="fukushi-soudan",
        coordinator="sato",
        channel="window",
        requester_type="family",
        summary="",
        today=TODAY,
    )


def consent(
    case: Case,
    on: date,
    decision: str = "given",
    expires_on: date | None = None,
    scopes: tuple[str, ...] = ("meeting_discussion",),
) -> None:
    case.record_consent(
        consent_id=uuid.uuid4(),
        decision=decision,
        scopes=scopes,
        on=on,
        expires_on=expires_on,
        actor=ACTOR,
        today=TODAY,
    )


def scheduled(kind: MeetingType) -> SupportMeeting:
    return SupportMeeting.schedule(
        meeting_id=uuid.uuid4(),
        meeting_type=kind,
        title="11月 定例会議",
        scheduled_on=MEETING_DAY,
        convenor_agency="fukushi-soudan",
        actor=ACTOR,
        today=TODAY,
    )


def hold(meeting: SupportMeeting, kind: MeetingType, *cases: Case, **overrides: Any) -> None:
    fields: dict[str, Any] = dict(
        meeting_type=kind,
        held_on=MEETING_DAY,
        attendees=ATTENDEES,
        discussions=tuple(CaseDiscussion(case_id=c.id, outcome="roles_allocated") for c in cases),
        action_items=(),
        cases={c.id: c for c in cases},
        is_trial=False,
        summary="",
        actor=ACTOR,
        today=TODAY,
    )
    fields.update(overrides)
    meeting.record_outcome(**fields)


def held_meeting_with_item(**item_fields: Any) -> tuple[SupportMeeting, ActionItem]:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(
        item_id=uuid.uuid4(),
        description="長男への訪問",
        owner_agency="shakyo",
        due_on=date(2026, 11, 30),
        case_id=case.id,
    )
    meeting = scheduled(kind)
    hold(meeting, kind, case, action_items=(item,))
    return meeting, item


# ---- scheduling ------------------------------------------------------------------


def test_a_new_meeting_is_scheduled() -> None:
    meeting = scheduled(meeting_type("layered"))
    assert meeting.status == MeetingStatus.SCHEDULED
    assert meeting.meeting_type == "layered"


def test_a_retired_meeting_type_cannot_be_scheduled() -> None:
    kind = meeting_type("layered")
    kind.retire(reason="要綱改正", on=TODAY, actor=ACTOR)
    with pytest.raises(InvalidInput) as refused:
        scheduled(kind)
    assert refused.value.field == "meeting_type"


def test_rescheduling_moves_the_date_while_scheduled() -> None:
    meeting = scheduled(meeting_type("support"))
    meeting.reschedule(scheduled_on=date(2026, 11, 17), reason="会議室の都合", actor=ACTOR, today=TODAY)
    assert meeting.scheduled_on == date(2026, 11, 17)


def test_rescheduling_to_the_same_day_is_refused() -> None:
    meeting = scheduled(meeting_type("support"))
    with pytest.raises(InvalidInput):
        meeting.reschedule(scheduled_on=MEETING_DAY, reason="確認", actor=ACTOR, today=TODAY)


def test_a_held_meeting_cannot_be_rescheduled_or_cancelled() -> None:
    kind = meeting_type("support")
    meeting = scheduled(kind)
    hold(meeting, kind, a_case())
    with pytest.raises(TransitionNotAllowed):
        meeting.reschedule(scheduled_on=date(2026, 11, 17), reason="誤り", actor=ACTOR, today=TODAY)
    with pytest.raises(TransitionNotAllowed):
        meeting.cancel(reason="誤り", on=TODAY, actor=ACTOR, today=TODAY)


def test_a_cancelled_meeting_cannot_be_held() -> None:
    kind = meeting_type("support")
    meeting = scheduled(kind)
    meeting.cancel(reason="対象世帯が転出", on=date(2026, 11, 5), actor=ACTOR, today=TODAY)
    with pytest.raises(TransitionNotAllowed):
        hold(meeting, kind, a_case())
    assert meeting.status == MeetingStatus.CANCELLED


# ---- holding ---------------------------------------------------------------------


def test_holding_records_attendees_discussions_and_the_consent_rule_applied() -> None:
    kind, case = meeting_type("support"), a_case()
    meeting = scheduled(kind)
    hold(meeting, kind, case, is_trial=True, summary="試行実施")
    assert meeting.status == MeetingStatus.HELD
    assert meeting.held_on == MEETING_DAY
    assert meeting.attendees == ATTENDEES
    assert meeting.discussed_case_ids == (case.id,)
    assert meeting.is_trial
    assert (meeting.consent_required, meeting.restricted_records) == (False, True)


def test_a_meeting_cannot_be_recorded_twice() -> None:
    kind = meeting_type("support")
    meeting = scheduled(kind)
    hold(meeting, kind, a_case())
    with pytest.raises(TransitionNotAllowed):
        hold(meeting, kind, a_case())


def test_a_meeting_cannot_be_recorded_as_held_tomorrow() -> None:
    kind = meeting_type("support")
    with pytest.raises(DateInFuture):
        hold(scheduled(kind), kind, a_case(), held_on=date(2026, 11, 21))


def test_a_meeting_needs_an_attending_agency() -> None:
    kind = meeting_type("support")
    with pytest.raises(InvalidInput) as refused:
        hold(scheduled(kind), kind, a_case(), attendees=())
    assert refused.value.field == "attendees"


def test_a_case_level_meeting_must_take_up_a_case() -> None:
    kind = meeting_type("support")
    with pytest.raises(InvalidInput) as refused:
        hold(scheduled(kind), kind)
    assert refused.value.field == "discussions"


@pytest.mark.parametrize("code", ["liaison", "community_care"])
def test_network_and_area_meetings_may_take_up_no_case(code: str) -> None:
    kind = meeting_type(code)
    meeting = scheduled(kind)
    hold(meeting, kind)
    assert meeting.status == MeetingStatus.HELD
    assert meeting.discussed_case_ids == ()


def test_a_case_is_taken_up_only_once_per_meeting() -> None:
    kind, case = meeting_type("support"), a_case()
    twice = (
        CaseDiscussion(case_id=case.id, outcome="information_shared"),
        CaseDiscussion(case_id=case.id, outcome="plan_made"),
    )
    with pytest.raises(InvalidInput, match="only once"):
        hold(scheduled(kind), kind, case, discussions=twice)


def test_an_unknown_discussion_outcome_is_refused() -> None:
    kind, case = meeting_type("support"), a_case()
    with pytest.raises(InvalidInput, match="must be one of"):
        hold(scheduled(kind), kind, case, discussions=(CaseDiscussion(case_id=case.id, outcome="decided"),))


def test_a_case_cannot_be_discussed_before_it_was_opened() -> None:
    kind = meeting_type("support")
    with pytest.raises(InvalidInput, match="after the meeting"):
        hold(scheduled(kind), kind, a_case(opened_on=date(2026, 11, 12)))


def test_discussions_must_be_rows_not_text() -> None:
    kind = meeting_type("support")
    with pytest.raises(InvalidInput) as refused:
        hold(scheduled(kind), kind, a_case(), discussions="山田家")
    assert refused.value.field == "discussions"


# ---- consent -----------------------------------------------------------------------


def test_layered_meeting_refuses_case_without_consent() -> None:
    kind, case = meeting_type("layered"), a_case()
    meeting = scheduled(kind)
    with pytest.raises(ConsentRequired) as refused:
        hold(meeting, kind, case)
    assert refused.value.field == "discussions"
    assert refused.value.params["case_id"] == case.id
    assert meeting.status == MeetingStatus.SCHEDULED


def test_layered_meeting_takes_up_case_with_consent_in_force() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1))
    meeting = scheduled(kind)
    hold(meeting, kind, case)
    assert meeting.consent_required


def test_consent_given_on_the_meeting_day_counts() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, MEETING_DAY)
    hold(scheduled(kind), kind, case)


def test_consent_given_after_the_meeting_date_does_not_count() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 11, 11))
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_consent_withdrawn_before_the_meeting_refuses() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1))
    consent(case, date(2026, 10, 1), decision="withdrawn")
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_expired_consent_refuses() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1), expires_on=date(2026, 10, 31))
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_consent_to_information_sharing_alone_does_not_allow_discussion() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1), scopes=("information_sharing",))
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_support_meeting_may_discuss_case_without_consent() -> None:
    kind, case = meeting_type("support"), a_case()
    consent(case, date(2026, 6, 1), decision="refused")
    meeting = scheduled(kind)
    hold(meeting, kind, case)
    assert not meeting.consent_required


def test_one_case_without_consent_refuses_the_whole_record() -> None:
    kind, willing, unwilling = meeting_type("layered"), a_case(), a_case()
    consent(willing, date(2026, 6, 1))
    with pytest.raises(ConsentRequired) as refused:
        hold(scheduled(kind), kind, willing, unwilling)
    assert refused.value.params["case_id"] == unwilling.id


def test_a_case_the_caller_did_not_load_is_not_found() -> None:
    kind, case = meeting_type("support"), a_case()
    with pytest.raises(NotFound) as refused:
        hold(scheduled(kind), kind, case, cases={})
    assert refused.value.field == "discussions"


def test_backdated_withdrawal_cannot_undercut_a_meeting_that_relied_on_consent() -> None:
    case = a_case()
    consent(case, date(2026, 6, 1))
    case.note_discussion(
        meeting_id=uuid.uuid4(),
        meeting_type="layered",
        held_on=MEETING_DAY,
        outcome="plan_made",
        actor=ACTOR,
        consent_required=True,
    )
    with pytest.raises(InvalidInput) as refused:
        consent(case, MEETING_DAY, decision="withdrawn")
    assert refused.value.field == "decided_on"
    consent(case, date(2026, 11, 11), decision="withdrawn")


def test_backdated_withdrawal_is_allowed_once_the_meeting_record_is_withdrawn() -> None:
    case, meeting_id = a_case(), uuid.uuid4()
    consent(case, date(2026, 6, 1))
    case.note_discussion(
        meeting_id=meeting_id,
        meeting_type="layered",
        held_on=MEETING_DAY,
        outcome="plan_made",
        actor=ACTOR,
        consent_required=True,
    )
    case.withdraw_discussion(meeting_id=meeting_id, reason="誤登録", on=TODAY, actor=ACTOR)
    consent(case, date(2026, 10, 1), decision="withdrawn")


def test_withdrawal_dated_before_a_support_meeting_is_allowed() -> None:
    case = a_case()
    case.note_discussion(
        meeting_id=uuid.uuid4(), meeting_type="support", held_on=MEETING_DAY, outcome="information_shared", actor=ACTOR
    )
    consent(case, date(2026, 10, 1), decision="withdrawn")


# ---- action items ------------------------------------------------------------------


def test_an_action_item_cannot_be_due_before_the_meeting() -> None:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(item_id=uuid.uuid4(), description="訪問", owner_agency="shakyo", due_on=date(2026, 11, 1))
    with pytest.raises(InvalidInput) as refused:
        hold(scheduled(kind), kind, case, action_items=(item,))
    assert refused.value.field == "action_items"


def test_an_action_item_can_only_concern_a_discussed_case() -> None:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(
        item_id=uuid.uuid4(), description="訪問", owner_agency="shakyo", due_on=date(2026, 11, 30), case_id=uuid.uuid4()
    )
    with pytest.raises(InvalidInput, match="took up"):
        hold(scheduled(kind), kind, case, action_items=(item,))


def test_action_items_need_distinct_ids() -> None:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(item_id=uuid.uuid4(), description="訪問", owner_agency="shakyo", due_on=date(2026, 11, 30))
    with pytest.raises(AlreadyExists):
        hold(scheduled(kind), kind, case, action_items=(item, item))


def test_an_action_item_is_completed_once() -> None:
    meeting, item = held_meeting_with_item()
    meeting.complete_action_item(
        item_id=item.item_id, done_on=date(2026, 11, 18), note="訪問済み", actor=ACTOR, today=TODAY
    )
    assert meeting.completed_items == {item.item_id: date(2026, 11, 18)}
    assert meeting.open_action_items == []
    with pytest.raises(TransitionNotAllowed):
        meeting.complete_action_item(item_id=item.item_id, done_on=TODAY, note="", actor=ACTOR, today=TODAY)


def test_an_action_item_cannot_be_done_before_the_meeting() -> None:
    meeting, item = held_meeting_with_item()
    with pytest.raises(InvalidInput) as refused:
        meeting.complete_action_item(item_id=item.item_id, done_on=date(2026, 11, 9), note="", actor=ACTOR, today=TODAY)
    assert refused.value.field == "done_on"


def test_completing_an_unknown_action_item_is_refused() -> None:
    meeting, _ = held_meeting_with_item()
    with pytest.raises(NotFound):
        meeting.complete_action_item(item_id=uuid.uuid4(), done_on=TODAY, note="", actor=ACTOR, today=TODAY)


# ---- voiding -----------------------------------------------------------------------


def test_a_voided_meeting_keeps_its_record_but_takes_no_more_changes() -> None:
    meeting, item = held_meeting_with_item()
    meeting.void(reason="別の会議と取り違え", on=TODAY, actor=ACTOR, today=TODAY)
    assert meeting.status == MeetingStatus.VOIDED
    assert meeting.status_reason == "別の会議と取り違え"
    assert meeting.attendees == ATTENDEES
    with pytest.raises(TransitionNotAllowed):
        meeting.complete_action_item(item_id=item.item_id, done_on=TODAY, note="", actor=ACTOR, today=TODAY)
    with pytest.raises(TransitionNotAllowed):
        meeting.void(reason="再度", on=TODAY, actor=ACTOR, today=TODAY)


def test_only_a_held_meeting_can_be_voided() -> None:
    with pytest.raises(TransitionNotAllowed):
        scheduled(meeting_type("support")).void(reason="誤り", on=TODAY, actor=ACTOR, today=TODAY)


def test_a_void_needs_a_reason_and_cannot_predate_the_meeting() -> None:
    meeting, _ = held_meeting_with_item()
    with pytest.raises(InvalidInput) as refused:
        meeting.void(reason=" ", on=TODAY, actor=ACTOR, today=TODAY)
    assert refused.value.field == "reason"
    with pytest.raises(InvalidInput) as refused:
        meeting.void(reason="誤り", on=date(2026, 11, 1), actor=ACTOR, today=TODAY)
    assert refused.value.field == "occurred_on"
