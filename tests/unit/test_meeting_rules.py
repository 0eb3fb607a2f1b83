"""The support meeting's rules, on the aggregates alone (no storage): scheduling, holding and voiding.

The consent rule is in ``test_meeting_consent_rule``, action items in ``test_meeting_action_items``.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import DateInFuture, InvalidInput, TransitionNotAllowed
from domain.meeting import MeetingStatus
from domain.meeting_record import CaseDiscussion
from tests.builders import TODAY
from tests.unit.meeting_builders import (
    ACTOR,
    ATTENDEES,
    MEETING_DAY,
    a_case,
    held_meeting_with_item,
    hold,
    meeting_type,
    scheduled,
)

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
