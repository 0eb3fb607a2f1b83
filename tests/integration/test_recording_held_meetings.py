"""Recording a meeting afterwards in one step, and refusing records made against a stale meeting."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.application import Kasane
from domain.errors import AlreadyExists, ConcurrentChange, ConsentRequired
from domain.meeting import MeetingStatus, SupportMeeting
from domain.meeting_commands import CancelMeeting, RecordHeldMeeting, RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from tests.builders import COORDINATOR, attendees, given_consent, given_meeting, given_open_case, given_standard_setup
from tests.scenarios import action_item, reschedule

HELD_ON = date(2026, 11, 12)


def held_meeting(meeting_type: str, *case_ids: uuid.UUID, meeting_id: uuid.UUID | None = None) -> RecordHeldMeeting:
    return RecordHeldMeeting(
        actor=COORDINATOR,
        meeting_id=meeting_id or uuid.uuid4(),
        meeting_type=meeting_type,
        title="11月 定例会議",
        scheduled_on=HELD_ON,
        convenor_agency="fukushi-soudan",
        held_on=HELD_ON,
        attendees=attendees(),
        discussions=tuple(CaseDiscussion(case_id=c, outcome="roles_allocated") for c in case_ids),
        action_items=tuple(action_item("shakyo", date(2026, 12, 1), c) for c in case_ids[:1]),
    )


def test_a_meeting_recorded_afterwards_is_held_and_noted_on_every_case(app: Kasane) -> None:
    given_standard_setup(app)
    first, second = given_open_case(app), given_open_case(app, household_name="田中家")
    recorded = app.execute(held_meeting("support", first, second))
    meeting = app.get(SupportMeeting, recorded.id, "meeting")
    assert meeting.status == MeetingStatus.HELD and meeting.discussed_case_ids == (first, second)
    assert len(meeting.open_action_items) == 1
    assert recorded.id in app.case(first).meetings and recorded.id in app.case(second).meetings


def test_a_layered_meeting_recorded_afterwards_without_consent_stores_nothing(app: Kasane) -> None:
    given_standard_setup(app)
    consenting, refusing = given_open_case(app), given_open_case(app, household_name="田中家")
    given_consent(app, consenting, on=date(2026, 11, 1))
    before = app.recorder.max_notification_id()
    with pytest.raises(ConsentRequired) as refused:
        app.execute(held_meeting("layered", consenting, refusing))
    assert refused.value.params["case_id"] == refusing
    assert app.recorder.max_notification_id() == before


def test_recording_afterwards_under_an_id_already_taken_is_refused(app: Kasane) -> None:
    given_standard_setup(app)
    case_id = given_open_case(app)
    meeting_id = given_meeting(app, meeting_type="support")
    with pytest.raises(AlreadyExists):
        app.execute(held_meeting("support", case_id, meeting_id=meeting_id))


def test_a_record_or_cancellation_made_against_an_older_version_of_the_meeting_conflicts(app: Kasane) -> None:
    given_standard_setup(app)
    case_id = given_open_case(app)
    meeting_id = given_meeting(app, meeting_type="support", scheduled_on=date(2026, 11, 10))
    reschedule(app, meeting_id, HELD_ON)  # a colleague moved it meanwhile: version 2
    with pytest.raises(ConcurrentChange):
        app.execute(
            RecordMeetingOutcome(
                actor=COORDINATOR,
                meeting_id=meeting_id,
                held_on=HELD_ON,
                attendees=attendees(),
                discussions=(CaseDiscussion(case_id=case_id, outcome="information_shared"),),
                expected_version=1,
            )
        )
    with pytest.raises(ConcurrentChange):
        app.execute(
            CancelMeeting(
                actor=COORDINATOR, meeting_id=meeting_id, reason="延期", cancelled_on=HELD_ON, expected_version=1
            )
        )
    app.execute(
        CancelMeeting(actor=COORDINATOR, meeting_id=meeting_id, reason="延期", cancelled_on=HELD_ON, expected_version=2)
    )
    assert app.get(SupportMeeting, meeting_id, "meeting").status == MeetingStatus.CANCELLED
