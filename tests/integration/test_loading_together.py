"""A command's aggregates read together equal the same aggregates read one by one, on both stores.

``KasaneCore.get_many`` reads a command's cases in one statement and their keys in one
query (``domain/loading_together.py``); the recorder reads with plain SQL instead of the
library's ORM queries (``web/storage/event_recorder.py``). Both must return exactly what
the library's own path returns, erased cases and refusals included.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any, TypedDict
from uuid import UUID

import pytest
import sqlalchemy as sa
from eventsourcing.application import project_aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder

from domain.agency import Agency
from domain.application import Kasane
from domain.case import Case
from domain.commands import UpdateHouseholdMember
from domain.erasure import ForgetCase
from domain.errors import InvalidInput, NotFound
from domain.loading_together import replay
from domain.master_data_commands import RegisterUser
from domain.meeting import SupportMeeting
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import CaseDiscussion
from tests.builders import (
    ADMIN,
    COORDINATOR,
    attendees,
    given_consent,
    given_meeting,
    given_open_case,
)
from tests.expectations import refused


def statements(engine: sa.Engine, seen: list[str]) -> None:
    sa.event.listen(engine, "before_cursor_execute", lambda _c, _k, statement, *_: seen.append(statement))


def a_busy_case(app: Kasane) -> UUID:
    """A case with personal values in several events, consent, and a meeting that took it up."""
    case_id = given_open_case(app)
    given_consent(app, case_id, on=date(2026, 6, 1))
    father = next(iter(app.case(case_id).members.values()))
    app.execute(
        UpdateHouseholdMember(
            actor=COORDINATOR,
            case_id=case_id,
            member=replace(father, name="山田 太郎（改姓）"),
            occurred_on=date(2026, 7, 1),
        )
    )
    meeting_id = given_meeting(app)
    app.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            held_on=date(2026, 11, 10),
            attendees=attendees(),
            discussions=(CaseDiscussion(case_id=case_id, outcome="roles_allocated", decisions="社協が月2回訪問"),),
        )
    )
    return case_id


def state(aggregate: Any) -> dict[str, Any]:
    return {"class": type(aggregate), **vars(aggregate)}


def test_cases_read_together_equal_each_case_read_alone(city: Kasane, another_process: Kasane) -> None:
    busy, plain, forgotten = a_busy_case(city), given_open_case(city, household_name="佐々木家"), given_open_case(city)
    city.execute(
        RegisterUser(actor=ADMIN, username=ADMIN.user_id, name="田中 管理者", role="admin", agency="fukushi-seisaku")
    )
    city.execute(ForgetCase(actor=ADMIN, case_id=forgotten, reason="保存期間の経過"))
    meeting_id, missing = given_meeting(city), uuid.uuid4()

    together = another_process.get_many(Case, [busy, missing, meeting_id, plain, forgotten, busy], "case")

    assert list(together) == [busy, plain, forgotten]  # in the order asked; absent ids and other kinds left out
    for case_id, case in together.items():
        assert state(case) == state(city.case(case_id))
    assert together[forgotten].personal_data_erased
    assert state(another_process.get_many(SupportMeeting, [meeting_id], "meeting")[meeting_id]) == state(
        city.meeting(meeting_id)
    )


def test_a_command_reads_its_cases_in_one_statement_and_their_keys_in_one_query(
    city: Kasane, another_process: Kasane
) -> None:
    cases = [a_busy_case(city) for _ in range(3)]
    events: list[str] = []
    keys: list[str] = []
    statements(another_process.factory.datastore.engine, events)  # type: ignore[attr-defined]
    statements(another_process.case_keys.engine, keys)  # type: ignore[attr-defined]

    assert set(another_process.get_many(Case, cases, "case")) == set(cases)

    assert len([s for s in events if "kasane_events" in s]) == 1
    assert len(keys) == 1


def test_a_missing_case_is_refused_unless_a_malformed_id_comes_first(city: Kasane) -> None:
    known = given_open_case(city)

    def schedule(*planned: object) -> None:
        city.execute(
            ScheduleMeeting(
                actor=COORDINATOR,
                meeting_id=uuid.uuid4(),
                meeting_type="support",
                title="11月 定例会議",
                scheduled_on=date(2026, 11, 10),
                convenor_agency="fukushi-soudan",
                planned_case_ids=planned,  # type: ignore[arg-type]
            )
        )

    with refused(city, NotFound, field="planned_case_ids"):
        schedule(known, uuid.uuid4(), "not-an-id")
    with refused(city, InvalidInput, field="planned_case_ids"):
        schedule(known, "not-an-id", uuid.uuid4())


class EventsQuery(TypedDict, total=False):
    """The ways ``select_events`` narrows an aggregate's events, so that each query is checked against both reads."""

    gt: int
    lte: int
    desc: bool
    limit: int


EVENTS_QUERIES: tuple[EventsQuery, ...] = (
    {},
    {"gt": 1},
    {"lte": 2},
    {"gt": 1, "lte": 3},
    {"desc": True, "limit": 2},
    {"limit": 1},
)


def test_plain_sql_reads_return_what_the_library_reads(city: Kasane) -> None:
    case_id = a_busy_case(city)
    recorder = city.recorder
    assert isinstance(recorder, SQLAlchemyApplicationRecorder)
    library = SQLAlchemyApplicationRecorder
    for query in EVENTS_QUERIES:
        assert recorder.select_events(case_id, **query) == library.select_events(recorder, case_id, **query)
    head = recorder.max_notification_id()
    assert head is not None and head == library.max_notification_id(recorder)
    topic = recorder.select_events(case_id)[0].topic
    for start, stop, inclusive in ((None, None, True), (3, None, False), (3, head - 2, True), (head, None, True)):
        for topics in ((), (topic,)):
            ours = recorder.select_notifications(start, 7, stop, topics, inclusive_of_start=inclusive)
            assert ours == library.select_notifications(recorder, start, 7, stop, topics, inclusive_of_start=inclusive)


def test_a_save_returns_each_events_notification_id_and_refuses_a_version_taken_meanwhile(
    city: Kasane, another_process: Kasane
) -> None:
    cases = [given_open_case(city) for _ in range(3)]
    meeting = city.meeting(given_meeting(city, meeting_type="support"))
    loaded = city.get_many(Case, cases, "case")
    for case in loaded.values():
        case.note_discussion(
            meeting_id=meeting.id,
            meeting_type="support",
            held_on=date(2026, 11, 10),
            outcome="roles_allocated",
            actor=COORDINATOR,
            consent_required=False,
        )
    raced = another_process.case(cases[1])
    raced.tag_issues(("elderly",), on=date(2026, 11, 9), actor=COORDINATOR, today=date(2026, 11, 9))

    recordings = city.save(*loaded.values())

    stored = city.recorder.select_notifications(start=recordings[0].notification.id, limit=10)
    assert [(r.notification.id, r.notification.originator_id) for r in recordings] == [
        (n.id, n.originator_id) for n in stored
    ]
    with pytest.raises(IntegrityError):
        another_process.save(raced)


def test_a_replay_without_the_protocol_check_builds_what_the_librarys_replay_builds(city: Kasane) -> None:
    busy, meeting_id = a_busy_case(city), given_meeting(city)
    for aggregate_id in (busy, meeting_id, Agency.id_for("shakyo")):
        events = list(city.events.get(aggregate_id))

        assert state(replay(None, events)) == state(project_aggregate(None, events))
