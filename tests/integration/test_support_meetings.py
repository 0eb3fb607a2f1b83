"""Support meetings through ``app.execute`` on both stores: each rule, and refusals that write nothing."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.application import Kasane
from domain.commands import RecordConsent
from domain.errors import (
    AlreadyExists,
    ConsentRequired,
    InvalidInput,
    NotFound,
    TransitionNotAllowed,
)
from domain.master_data_commands import RetireRecord, SetMeetingTypeConsentRule
from domain.meeting import MeetingStatus
from domain.meeting_commands import (
    CancelMeeting,
    CompleteActionItem,
    RecordMeetingOutcome,
    RescheduleMeeting,
    ScheduleMeeting,
    VoidMeetingRecord,
)
from domain.meeting_record import ActionItem, CaseDiscussion
from tests.builders import (
    ADMIN,
    COORDINATOR,
    TODAY,
    attendees,
    given_consent,
    given_meeting,
    given_open_case,
)

MEETING_DAY = date(2026, 11, 10)


def event_count(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def events_of(app: Kasane, aggregate_id: UUID) -> list[str]:
    return [h.event for h in app.history(aggregate_id)]


def record(app: Kasane, meeting_id: UUID, *case_ids: UUID, **overrides: Any) -> None:
    fields: dict[str, Any] = dict(
        actor=COORDINATOR,
        meeting_id=meeting_id,
        held_on=MEETING_DAY,
        attendees=attendees(),
        discussions=tuple(
            CaseDiscussion(case_id=c, outcome="roles_allocated", role_allocation="社協が訪問") for c in case_ids
        ),
    )
    fields.update(overrides)
    app.execute(RecordMeetingOutcome(**fields))


def assert_refused_without_writing(
    app: Kasane, error: type[Exception], meeting_id: UUID, *case_ids: UUID, **overrides: Any
) -> pytest.ExceptionInfo[Any]:
    before = event_count(app)
    with pytest.raises(error) as refused:
        record(app, meeting_id, *case_ids, **overrides)
    assert event_count(app) == before
    return refused


# ---- the consent rule ----------------------------------------------------------------


def test_layered_meeting_refuses_case_without_consent_and_writes_nothing(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="layered")
    refused = assert_refused_without_writing(city, ConsentRequired, meeting_id, case_id)
    assert refused.value.field == "discussions"
    assert refused.value.params["case_id"] == case_id
    assert city.meeting(meeting_id).status == MeetingStatus.SCHEDULED


def test_consent_given_after_the_meeting_date_does_not_count(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 11, 12))
    assert_refused_without_writing(city, ConsentRequired, given_meeting(city), case_id)


def test_consent_withdrawn_before_the_meeting_date_refuses(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1))
    given_consent(city, case_id, on=date(2026, 11, 1), decision="withdrawn", scopes=("meeting_discussion",))
    assert_refused_without_writing(city, ConsentRequired, given_meeting(city), case_id)


def test_expired_consent_refuses(city: Kasane) -> None:
    case_id = given_open_case(city)
    city.execute(_consent(case_id, on=date(2026, 6, 1), expires_on=date(2026, 10, 31)))
    assert_refused_without_writing(city, ConsentRequired, given_meeting(city), case_id)


def test_layered_meeting_takes_up_case_with_consent_in_force(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1))
    meeting_id = given_meeting(city)
    record(city, meeting_id, case_id)
    assert city.meeting(meeting_id).status == MeetingStatus.HELD
    assert events_of(city, case_id)[-1] == "DiscussedAtMeeting"
    assert city.history(case_id)[-1].data["consent_required"] is True


def test_support_meeting_accepts_case_without_consent(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support")
    record(city, meeting_id, case_id)
    assert city.case(case_id).meetings == {meeting_id: MEETING_DAY}
    assert city.meeting(meeting_id).restricted_records


def test_configuring_a_meeting_type_to_need_consent_applies_to_its_next_meetings(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="individual_case")
    city.execute(SetMeetingTypeConsentRule(actor=ADMIN, code="individual_case", requires_consent=True))
    assert_refused_without_writing(city, ConsentRequired, meeting_id, case_id)


def test_backdated_withdrawal_after_a_layered_meeting_is_refused_until_the_record_is_voided(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1))
    meeting_id = given_meeting(city)
    record(city, meeting_id, case_id)
    with pytest.raises(InvalidInput) as refused:
        city.execute(_consent(case_id, on=date(2026, 11, 1), decision="withdrawn"))
    assert refused.value.field == "decided_on"
    city.execute(
        VoidMeetingRecord(actor=COORDINATOR, meeting_id=meeting_id, reason="同意撤回の記録漏れ", occurred_on=TODAY)
    )
    city.execute(_consent(case_id, on=date(2026, 11, 1), decision="withdrawn"))


# ---- cases on the record ---------------------------------------------------------


def test_a_meeting_with_two_cases_notes_the_discussion_on_both(city: Kasane) -> None:
    first, second = given_open_case(city), given_open_case(city, household_name="佐々木家")
    meeting_id = given_meeting(city, meeting_type="support", planned_case_ids=(first, second))
    before = event_count(city)
    record(city, meeting_id, first, second)
    assert event_count(city) == before + 3
    for case_id in (first, second):
        noted = city.history(case_id)[-1]
        assert noted.event == "DiscussedAtMeeting"
        assert noted.occurred_on == MEETING_DAY
        assert noted.data["meeting_id"] == meeting_id
        assert noted.data["outcome"] == "roles_allocated"


def test_voiding_a_meeting_withdraws_its_discussions_from_the_cases(city: Kasane) -> None:
    first, second = given_open_case(city), given_open_case(city, household_name="佐々木家")
    meeting_id = given_meeting(city, meeting_type="support")
    record(city, meeting_id, first, second)
    city.execute(
        VoidMeetingRecord(actor=COORDINATOR, meeting_id=meeting_id, reason="別の会議と取り違え", occurred_on=TODAY)
    )
    meeting = city.meeting(meeting_id)
    assert meeting.status == MeetingStatus.VOIDED
    assert meeting.discussed_case_ids == (first, second)
    for case_id in (first, second):
        assert events_of(city, case_id)[-2:] == ["DiscussedAtMeeting", "DiscussionWithdrawn"]
        assert city.case(case_id).meetings == {}


def test_an_unknown_case_is_refused_and_nothing_is_written(city: Kasane) -> None:
    case_id = given_open_case(city)
    refused = assert_refused_without_writing(
        city, NotFound, given_meeting(city, meeting_type="support"), case_id, uuid.uuid4()
    )
    assert refused.value.field == "discussions"


def test_planned_cases_must_exist(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        given_meeting(city, planned_case_ids=(uuid.uuid4(),))
    assert refused.value.field == "planned_case_ids"


def test_a_liaison_meeting_is_recorded_without_cases(city: Kasane) -> None:
    meeting_id = given_meeting(city, meeting_type="liaison")
    record(city, meeting_id, is_trial=True, summary="つなぐシートの運用確認")
    meeting = city.meeting(meeting_id)
    assert meeting.is_trial
    assert meeting.summary == "つなぐシートの運用確認"


def test_a_case_meeting_without_cases_is_refused(city: Kasane) -> None:
    refused = assert_refused_without_writing(city, InvalidInput, given_meeting(city, meeting_type="support"))
    assert refused.value.field == "discussions"


# ---- scheduling, references and states ------------------------------------------------


def test_a_meeting_is_rescheduled_then_held_on_another_day(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support", scheduled_on=date(2026, 11, 5))
    city.execute(
        RescheduleMeeting(
            actor=COORDINATOR, meeting_id=meeting_id, scheduled_on=MEETING_DAY, reason="関係機関の日程調整"
        )
    )
    record(city, meeting_id, case_id)
    assert events_of(city, meeting_id) == ["Scheduled", "Rescheduled", "Held"]
    assert city.meeting(meeting_id).scheduled_on == MEETING_DAY


def test_a_cancelled_meeting_cannot_be_held(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support")
    city.execute(
        CancelMeeting(actor=COORDINATOR, meeting_id=meeting_id, reason="台風のため中止", cancelled_on=date(2026, 11, 9))
    )
    assert_refused_without_writing(city, TransitionNotAllowed, meeting_id, case_id)
    assert city.meeting(meeting_id).status == MeetingStatus.CANCELLED


def test_scheduling_needs_an_existing_active_meeting_type(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        given_meeting(city, meeting_type="kaigi")
    assert refused.value.field == "meeting_type"
    city.execute(RetireRecord(actor=ADMIN, kind="meeting_type", code="core_member", reason="要綱改正"))
    with pytest.raises(InvalidInput) as retired:
        given_meeting(city, meeting_type="core_member")
    assert retired.value.field == "meeting_type"


def test_a_meeting_type_retired_after_scheduling_cannot_be_recorded(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="core_member")
    city.execute(RetireRecord(actor=ADMIN, kind="meeting_type", code="core_member", reason="要綱改正"))
    assert_refused_without_writing(city, InvalidInput, meeting_id, case_id)


def test_every_attending_agency_must_exist(city: Kasane) -> None:
    case_id = given_open_case(city)
    refused = assert_refused_without_writing(
        city,
        NotFound,
        given_meeting(city, meeting_type="support"),
        case_id,
        attendees=attendees("fukushi-soudan", "no-such-agency"),
    )
    assert refused.value.field == "attendees"


def test_an_action_item_owner_must_exist(city: Kasane) -> None:
    case_id = given_open_case(city)
    item = ActionItem(
        item_id=uuid.uuid4(), description="就労相談へつなぐ", owner_agency="nowhere", due_on=date(2026, 11, 30)
    )
    refused = assert_refused_without_writing(
        city, NotFound, given_meeting(city, meeting_type="support"), case_id, action_items=(item,)
    )
    assert refused.value.field == "action_items"


def test_the_convenor_agency_must_exist(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        city.execute(
            ScheduleMeeting(
                actor=COORDINATOR,
                meeting_id=uuid.uuid4(),
                meeting_type="support",
                title="支援会議",
                scheduled_on=MEETING_DAY,
                convenor_agency="nowhere",
            )
        )
    assert refused.value.field == "convenor_agency"


def test_an_unknown_meeting_is_not_found(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        record(city, uuid.uuid4())
    assert refused.value.field == "meeting_id"


def test_scheduling_the_same_meeting_twice_is_refused(city: Kasane) -> None:
    meeting_id = given_meeting(city)
    with pytest.raises(AlreadyExists):
        city.execute(
            ScheduleMeeting(
                actor=COORDINATOR,
                meeting_id=meeting_id,
                meeting_type="support",
                title="支援会議",
                scheduled_on=MEETING_DAY,
                convenor_agency="shakyo",
            )
        )


# ---- action items ------------------------------------------------------------------


def test_action_items_are_completed_once_after_the_meeting(city: Kasane) -> None:
    case_id = given_open_case(city)
    item = ActionItem(
        item_id=uuid.uuid4(),
        description="長男への同行訪問",
        owner_agency="shakyo",
        due_on=date(2026, 11, 30),
        case_id=case_id,
    )
    meeting_id = given_meeting(city, meeting_type="support")
    record(city, meeting_id, case_id, action_items=(item,))
    assert city.meeting(meeting_id).action_items == {item.item_id: item}
    city.execute(
        CompleteActionItem(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            item_id=item.item_id,
            done_on=date(2026, 11, 18),
            note="訪問し本人と面会",
        )
    )
    assert city.meeting(meeting_id).completed_items == {item.item_id: date(2026, 11, 18)}
    with pytest.raises(TransitionNotAllowed):
        city.execute(CompleteActionItem(actor=COORDINATOR, meeting_id=meeting_id, item_id=item.item_id, done_on=TODAY))


def test_the_stored_record_reads_back_as_it_was_written(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1))
    meeting_id = given_meeting(city)
    discussion = CaseDiscussion(
        case_id=case_id,
        outcome="plan_made",
        decisions="重層的支援プランを承認",
        role_allocation="福祉相談課: 全体調整 / 社協: 居場所への参加支援",
    )
    record(city, meeting_id, discussions=(discussion,), attendees=attendees("fukushi-soudan", "shakyo", "jiritsu"))
    meeting = city.meeting(meeting_id)
    assert meeting.discussions == (discussion,)
    assert meeting.attendees == attendees("fukushi-soudan", "shakyo", "jiritsu")
    assert list(city.history(meeting_id)[-1].data["attendees"]) == list(meeting.attendees)


def _consent(case_id: UUID, *, on: date, decision: str = "given", expires_on: date | None = None) -> RecordConsent:
    return RecordConsent(
        actor=COORDINATOR,
        case_id=case_id,
        consent_id=uuid.uuid4(),
        decision=decision,
        scopes=("meeting_discussion",),
        decided_on=on,
        expires_on=expires_on,
        given_by="本人",
    )
