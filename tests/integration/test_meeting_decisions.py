"""What a meeting decides beyond its discussion: 終結 of a case, the minutes' time and place, trial meetings
without cases, and the consent warning at scheduling (issue 11), through ``app.execute`` on both stores."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.application import Kasane
from domain.commands import CloseCase
from domain.errors import ConsentRequired, InvalidInput, TransitionNotAllowed
from domain.lifecycle import CaseStatus
from domain.meeting import MeetingStatus, SupportMeeting
from domain.meeting_commands import RecordHeldMeeting, RecordMeetingOutcome, RescheduleMeeting
from domain.meeting_minutes import Sitting
from domain.meeting_record import CaseDiscussion
from domain.meeting_type import MeetingType
from projections.engine.catalogue import ReadModels
from projections.meetings import queries as meeting_queries
from tests.builders import COORDINATOR, attendees, given_consent, given_meeting, given_open_case
from tests.expectations import refused

MEETING_DAY = date(2026, 11, 10)


def closure(case_id: UUID, reason: str = "resolved") -> CaseDiscussion:
    return CaseDiscussion(
        case_id=case_id, outcome="closure_decided", decisions="本人の就労が安定し終結とする", closure_reason=reason
    )


def record(app: Kasane, meeting_id: UUID, *discussions: CaseDiscussion, **overrides: Any) -> None:
    fields: dict[str, Any] = dict(
        actor=COORDINATOR, meeting_id=meeting_id, held_on=MEETING_DAY, attendees=attendees(), discussions=discussions
    )
    app.execute(RecordMeetingOutcome(**fields | overrides))


# ---- 終結 decided at a meeting -----------------------------------------------------------


def test_closure_decided_at_a_layered_meeting_closes_the_case_with_the_meeting_as_its_basis(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1))
    meeting_id = given_meeting(city, planned_case_ids=(case_id,))
    record(city, meeting_id, closure(case_id))
    case = city.case(case_id)
    assert (case.status, case.status_since, case.closure_reason) == (CaseStatus.CLOSED, MEETING_DAY, "resolved")
    closed = [h for h in city.history(case_id) if h.event == "Closed"]
    assert len(closed) == 1
    assert city.meeting(meeting_id).discussions[0].outcome == "closure_decided"


def test_closure_at_a_meeting_is_refused_for_a_case_already_closed_and_nothing_is_written(city: Kasane) -> None:
    case_id = given_open_case(city)
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="moved_away", occurred_on=date(2026, 10, 1)))
    meeting_id = given_meeting(city, meeting_type="support")
    with refused(city, TransitionNotAllowed, field="discussions"):
        record(city, meeting_id, closure(case_id))
    assert city.meeting(meeting_id).status == MeetingStatus.SCHEDULED


def test_closure_at_a_meeting_needs_a_closure_reason(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support")
    with refused(city, InvalidInput, field="closure_reason"):
        record(city, meeting_id, closure(case_id, reason=""))
    with refused(city, InvalidInput, field="closure_reason"):
        record(city, meeting_id, closure(case_id, reason="tired"))


def test_a_closure_reason_without_deciding_closure_is_refused_rather_than_dropped(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support")
    with refused(city, InvalidInput, field="closure_reason"):
        record(city, meeting_id, CaseDiscussion(case_id=case_id, outcome="continue_support", closure_reason="resolved"))


def test_rescheduling_after_consent_is_given_clears_the_warning(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 11, 15))
    meeting_id = given_meeting(city, planned_case_ids=(case_id,))
    assert city.cases_lacking_consent(meeting_id) == (case_id,)
    city.execute(
        RescheduleMeeting(
            actor=COORDINATOR, meeting_id=meeting_id, scheduled_on=date(2026, 11, 24), reason="会場の都合"
        )
    )
    assert city.cases_lacking_consent(meeting_id) == ()


def test_closure_recorded_afterwards_closes_the_case_in_the_same_save(city: Kasane) -> None:
    case_id = given_open_case(city)
    city.execute(
        RecordHeldMeeting(
            actor=COORDINATOR,
            meeting_id=uuid.uuid4(),
            meeting_type="support",
            title="支援会議",
            scheduled_on=MEETING_DAY,
            convenor_agency="fukushi-soudan",
            held_on=MEETING_DAY,
            attendees=attendees(),
            discussions=(closure(case_id),),
        )
    )
    assert city.case(case_id).status == CaseStatus.CLOSED


# ---- time, place and recorder -----------------------------------------------------------


def test_the_minutes_keep_time_place_and_recorder_from_scheduling_to_the_record(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(
        city,
        meeting_type="support",
        planned_case_ids=(case_id,),
        starts_at="14:00",
        ends_at="15:30",
        place="市役所 3階 会議室",
        recorder="佐藤",
    )
    assert city.meeting(meeting_id).sitting.place == "市役所 3階 会議室"
    record(
        city,
        meeting_id,
        CaseDiscussion(case_id=case_id, outcome="information_shared"),
        starts_at="14:05",
        ends_at="15:40",
        place="市役所 3階 会議室",
        recorder="鈴木",
    )
    sitting = city.meeting(meeting_id).sitting
    assert (sitting.starts_at, sitting.ends_at, sitting.place, sitting.recorder) == (
        "14:05",
        "15:40",
        "市役所 3階 会議室",
        "鈴木",
    )


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "field"),
    [
        ("15:00", "14:00", "ends_at"),
        ("14:00", "14:00", "ends_at"),
        ("", "15:00", "starts_at"),
        ("25:00", "", "starts_at"),
        ("午後2時", "", "starts_at"),
        ("14:00", "3pm", "ends_at"),
    ],
)
def test_a_meeting_cannot_end_before_it_starts_nor_have_a_malformed_time(
    city: Kasane, starts_at: str, ends_at: str, field: str
) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support")
    with refused(city, InvalidInput, field=field):
        given_meeting(city, meeting_type="support", starts_at=starts_at, ends_at=ends_at)
    with refused(city, InvalidInput, field=field):
        record(
            city,
            meeting_id,
            CaseDiscussion(case_id=case_id, outcome="information_shared"),
            starts_at=starts_at,
            ends_at=ends_at,
        )


# ---- a trial meeting without cases ------------------------------------------------------


def test_a_support_meeting_held_as_a_trial_may_take_up_no_case(city: Kasane) -> None:
    meeting_id = given_meeting(city, meeting_type="support")
    record(city, meeting_id, is_trial=True, summary="つなぐシートの運用を試行")
    meeting = city.meeting(meeting_id)
    assert (meeting.status, meeting.discussed_case_ids, meeting.is_trial) == (MeetingStatus.HELD, (), True)


def test_a_layered_meeting_held_as_a_trial_may_take_up_no_case(city: Kasane) -> None:
    meeting_id = given_meeting(city, meeting_type="layered")
    record(city, meeting_id, is_trial=True)
    assert city.meeting(meeting_id).status == MeetingStatus.HELD


def test_a_support_meeting_not_a_trial_still_needs_a_case(city: Kasane) -> None:
    meeting_id = given_meeting(city, meeting_type="support")
    with refused(city, InvalidInput, field="discussions"):
        record(city, meeting_id)


# ---- consent at scheduling: a warning, then the refusal ---------------------------------


def test_scheduling_a_layered_meeting_warns_of_a_case_without_consent_but_keeps_the_schedule(city: Kasane) -> None:
    with_consent, without = given_open_case(city), given_open_case(city, household_name="佐藤家")
    given_consent(city, with_consent, on=date(2026, 6, 1))
    meeting_id = given_meeting(city, planned_case_ids=(with_consent, without))
    assert city.meeting(meeting_id).status == MeetingStatus.SCHEDULED
    assert city.cases_lacking_consent(meeting_id) == (without,)
    with refused(city, ConsentRequired, field="discussions"):
        record(city, meeting_id, CaseDiscussion(case_id=without, outcome="information_shared"))


def test_consent_lapsing_before_the_day_is_warned_of(city: Kasane) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1))
    given_consent(city, case_id, on=date(2026, 11, 1), decision="withdrawn")
    meeting_id = given_meeting(city, planned_case_ids=(case_id,))
    assert city.cases_lacking_consent(meeting_id) == (case_id,)


def test_a_support_meeting_needs_no_consent_and_warns_of_none(city: Kasane) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support", planned_case_ids=(case_id,))
    assert city.cases_lacking_consent(meeting_id) == ()


# ---- events stored before these fields existed still replay ------------------------------

NEW_FIELDS = frozenset({"starts_at", "ends_at", "place", "recorder", "closure_reason"})


def _without_new_fields(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_new_fields(v) for k, v in value.items() if k not in NEW_FIELDS}
    if isinstance(value, list):
        return [_without_new_fields(v) for v in value]
    return value


def store_as_before_issue_11(app: Kasane, events: list[Any]) -> None:
    """Write ``events`` as an older release stored them: without time, place, recorder or closure reason."""
    mapper, stored = app.mapper, []
    assert mapper.cipher is None, "the test store keeps events in clear"
    for event in events:
        original = mapper.to_stored_event(event)
        state = original.state if mapper.compressor is None else mapper.compressor.decompress(original.state)
        old = json.dumps(_without_new_fields(json.loads(state)), ensure_ascii=False).encode()
        assert not any(f'"{name}"'.encode() in old for name in NEW_FIELDS)
        stored.append(replace(original, state=old if mapper.compressor is None else mapper.compressor.compress(old)))
    app.recorder.insert_events(stored)


def test_meetings_stored_before_time_place_and_closure_replay_with_none(city: Kasane, read_models: ReadModels) -> None:
    case_id = given_open_case(city)
    meeting = SupportMeeting.schedule(
        meeting_id=uuid.uuid4(),
        meeting_type=city.master(MeetingType, "support", "meeting_type"),
        title="旧記録",
        scheduled_on=MEETING_DAY,
        convenor_agency="fukushi-soudan",
        planned_case_ids=(case_id,),
        actor=COORDINATOR,
        today=city.today(),
    )
    meeting.record_outcome(
        meeting_type=city.master(MeetingType, "support", "meeting_type"),
        held_on=MEETING_DAY,
        attendees=attendees(),
        discussions=(CaseDiscussion(case_id=case_id, outcome="information_shared"),),
        action_items=(),
        cases={case_id: city.case(case_id)},
        is_trial=False,
        summary="",
        actor=COORDINATOR,
        today=city.today(),
    )
    store_as_before_issue_11(city, list(meeting.collect_events()))

    replayed = city.meeting(meeting.id)
    assert (replayed.status, replayed.sitting, replayed.discussions[0].closure_reason) == (
        MeetingStatus.HELD,
        Sitting(),
        "",
    )
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        shown = meeting_queries.meeting_detail(connection, meeting.id)
    assert shown is not None
    assert (shown.meeting.starts_at, shown.meeting.place, shown.meeting.planned_case_count) == ("", "", 1)
    assert [d.closure_reason for d in shown.discussions] == [""]
