"""The meetings read model shows a meeting's time, place, recorder, planned cases and a 終結 it decided."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import sqlalchemy as sa

from domain.application import Kasane
from domain.meeting_commands import RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from projections.cases import queries
from projections.engine.catalogue import ReadModels
from projections.indicators.fact_tables import indicator_facts
from projections.meetings import queries as meeting_queries
from projections.meetings.queries import MeetingDetail
from tests.builders import COORDINATOR, attendees, given_meeting, given_open_case
from tests.read_models import table_contents

MEETING_DAY = date(2026, 11, 10)


def detail(read_models: ReadModels, meeting_id: UUID) -> MeetingDetail:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        found = meeting_queries.meeting_detail(connection, meeting_id)
    assert found is not None
    return found


def test_a_scheduled_meeting_counts_its_planned_cases_and_shows_where_and_when(
    city: Kasane, read_models: ReadModels
) -> None:
    first, second = given_open_case(city), given_open_case(city, household_name="佐々木家")
    meeting_id = given_meeting(
        city,
        meeting_type="support",
        planned_case_ids=(first, second),
        starts_at="9:30",
        ends_at="11:00",
        place="社協 会議室",
        recorder="佐藤",
    )
    m = detail(read_models, meeting_id).meeting
    assert (m.planned_case_count, m.discussed_case_count) == (2, 0)
    assert (m.starts_at, m.ends_at, m.place, m.recorder) == ("09:30", "11:00", "社協 会議室", "佐藤")


def test_a_closure_decided_at_the_meeting_is_on_the_record_and_closes_the_case_in_the_case_list(
    city: Kasane, read_models: ReadModels
) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(city, meeting_type="support", planned_case_ids=(case_id,))
    city.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            held_on=MEETING_DAY,
            attendees=attendees(),
            discussions=(CaseDiscussion(case_id=case_id, outcome="closure_decided", closure_reason="resolved"),),
            starts_at="14:00",
            ends_at="15:00",
            place="市役所",
            recorder="鈴木",
        )
    )
    shown = detail(read_models, meeting_id)
    assert [(d.outcome, d.closure_reason) for d in shown.discussions] == [("closure_decided", "resolved")]
    assert (shown.meeting.starts_at, shown.meeting.recorder, shown.meeting.discussed_case_count) == ("14:00", "鈴木", 1)
    with read_models.engine.connect() as connection:
        case = queries.case_detail(connection, case_id)
        assert case is not None
        closed = [e for e in queries.timeline(connection, case_id) if e.event_type == "Closed"]
    assert (case.case.status, case.case.closure_reason) == ("closed", "resolved")
    assert [e.payload["meeting_id"] for e in closed] == [str(meeting_id)]


def test_a_closure_at_a_meeting_caught_up_in_steps_equals_a_rebuild(city: Kasane, read_models: ReadModels) -> None:
    case_id = given_open_case(city)
    meeting_id = given_meeting(
        city, meeting_type="layered", planned_case_ids=(case_id,), starts_at="13:30", place="市役所"
    )
    read_models.catch_up()
    city.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            held_on=MEETING_DAY,
            attendees=attendees(),
            is_trial=True,
            discussions=(),
            recorder="鈴木",
        )
    )
    other = given_meeting(city, meeting_type="support", planned_case_ids=(case_id,))
    city.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=other,
            held_on=MEETING_DAY,
            attendees=attendees(),
            discussions=(CaseDiscussion(case_id=case_id, outcome="closure_decided", closure_reason="moved_away"),),
        )
    )
    read_models.catch_up()
    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental


def test_a_trial_meeting_without_cases_counts_as_a_meeting_held_and_a_closure_as_one_discussion(
    city: Kasane, read_models: ReadModels
) -> None:
    case_id = given_open_case(city)
    trial = given_meeting(city, meeting_type="support")
    city.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR, meeting_id=trial, held_on=MEETING_DAY, attendees=attendees(), is_trial=True
        )
    )
    closing = given_meeting(city, meeting_type="support")
    city.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=closing,
            held_on=MEETING_DAY,
            attendees=attendees(),
            discussions=(CaseDiscussion(case_id=case_id, outcome="closure_decided", closure_reason="resolved"),),
        )
    )
    read_models.catch_up()
    f = indicator_facts.c
    with read_models.engine.connect() as connection:
        kinds = connection.execute(sa.select(f.kind, f.source_id).where(f.superseded_at.is_(None))).all()
    assert sorted(k for k, source in kinds if source == trial) == [
        "meeting.attendance",
        "meeting.attendance",
        "meeting.held",
    ]
    assert sorted(k for k, source in kinds if source == closing).count("meeting.case_discussed") == 1
