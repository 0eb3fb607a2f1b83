"""The meeting calendar, meeting detail, a case's meetings and open action items follow meetings on both stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from projections.cases import queries
from projections.engine.catalogue import ReadModels
from projections.meetings import queries as meeting_queries
from projections.meetings.queries import AttendeeView, MeetingDetail, MeetingSummary
from tests.builders import TODAY, given_consent, given_meeting, given_open_case
from tests.scenarios import action_item, cancel_meeting, complete, hold, reschedule, void_meeting

T = TypeVar("T")
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
MEETING_DAY = date(2026, 11, 10)


@pytest.fixture
def two_cases(city: Kasane) -> tuple[UUID, UUID]:
    return given_open_case(city), given_open_case(city, household_name="佐々木家")


def read(read_models: ReadModels, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        return query(connection, *args, **kwargs)


def detail(read_models: ReadModels, meeting_id: UUID) -> MeetingDetail:
    found = read(read_models, meeting_queries.meeting_detail, meeting_id)
    assert found is not None
    return found


def calendar(read_models: ReadModels, **filters: Any) -> list[MeetingSummary]:
    return read(read_models, meeting_queries.meeting_calendar, *NOVEMBER, **filters)


def test_a_scheduled_meeting_is_on_the_calendar_with_its_planned_cases(
    city: Kasane, read_models: ReadModels, two_cases: tuple[UUID, UUID]
) -> None:
    first, second = two_cases
    meeting_id = given_meeting(city, meeting_type="support", planned_case_ids=(first, second))
    [shown] = calendar(read_models)
    assert (shown.meeting_id, shown.status, shown.meeting_on, shown.held_on) == (
        meeting_id,
        "scheduled",
        MEETING_DAY,
        None,
    )
    assert (shown.restricted_records, shown.consent_required) == (None, None), "not known until it is held"
    assert [(c.case_id, c.household_name) for c in detail(read_models, meeting_id).planned_cases] == [
        (second, "佐々木家"),
        (first, "山田家"),
    ]
    [upcoming] = read(read_models, meeting_queries.meetings_of_case, first)
    assert (upcoming.meeting.meeting_id, upcoming.discussion) == (meeting_id, None)


def test_a_held_meeting_shows_its_record_until_it_is_voided(
    city: Kasane, read_models: ReadModels, two_cases: tuple[UUID, UUID]
) -> None:
    first, second = two_cases
    meeting_id = given_meeting(city, meeting_type="support", planned_case_ids=(first,))
    visit_item, sheet_item = action_item("shakyo", date(2026, 11, 17), first), action_item("jiritsu", TODAY)
    hold(
        city,
        meeting_id,
        MEETING_DAY,
        first,
        second,
        items=(visit_item, sheet_item),
        agencies=("fukushi-soudan", "shakyo", "jiritsu"),
    )

    held = detail(read_models, meeting_id)
    assert (held.meeting.status, held.meeting.held_on) == ("held", MEETING_DAY)
    assert held.meeting.summary == "各機関の役割を確認"
    assert (held.meeting.restricted_records, held.meeting.consent_required) == (True, False)
    assert (held.meeting.attendee_count, held.meeting.discussed_case_count, held.meeting.open_action_item_count) == (
        3,
        2,
        2,
    )
    assert held.attendees == (
        AttendeeView("fukushi-soudan", "相談支援包括化推進員"),
        AttendeeView("jiritsu", ""),
        AttendeeView("shakyo", "CSW"),
    )
    assert [(d.household_name, d.outcome, d.withdrawn) for d in held.discussions] == [
        ("佐々木家", "roles_allocated", False),
        ("山田家", "roles_allocated", False),
    ]
    assert [(i.household_name, i.owner_agency, i.due_on) for i in held.action_items] == [
        ("山田家", "shakyo", date(2026, 11, 17)),
        (None, "jiritsu", TODAY),
    ]
    [of_second] = read(read_models, meeting_queries.meetings_of_case, second)
    assert of_second.discussion is not None and of_second.discussion.decisions == "支援方針を共有"

    complete(city, meeting_id, visit_item.item_id, date(2026, 11, 16))
    done = detail(read_models, meeting_id)
    assert done.meeting.open_action_item_count == 1
    assert [(i.done_on, i.note) for i in done.action_items] == [(date(2026, 11, 16), "訪問し本人と面会"), (None, None)]

    void_meeting(city, meeting_id, TODAY)
    voided = detail(read_models, meeting_id)
    assert (voided.meeting.status, voided.meeting.status_on, voided.meeting.status_reason) == (
        "voided",
        TODAY,
        "別の会議と取り違え",
    )
    assert (voided.meeting.discussed_case_count, voided.meeting.open_action_item_count) == (0, 0)
    assert [d.withdrawn for d in voided.discussions] == [True, True], "the record is kept, struck out"
    assert len(voided.action_items) == 2
    assert read(read_models, meeting_queries.meetings_of_case, first) == []
    assert len(read(read_models, meeting_queries.meetings_of_case, first, include_withdrawn=True)) == 1
    assert read(read_models, meeting_queries.open_action_items) == []
    assert [m.status for m in calendar(read_models)] == ["voided"]


def test_a_layered_meeting_records_that_it_needed_consent(city: Kasane, read_models: ReadModels) -> None:
    case_id = given_open_case(city)
    given_consent(city, case_id, on=date(2026, 6, 1))
    meeting_id = given_meeting(city, meeting_type="layered")
    hold(city, meeting_id, MEETING_DAY, case_id)
    shown = detail(read_models, meeting_id).meeting
    assert (shown.consent_required, shown.restricted_records) == (True, False)


def test_a_cancelled_meeting_stays_on_the_calendar_but_leaves_the_case(
    city: Kasane, read_models: ReadModels, two_cases: tuple[UUID, UUID]
) -> None:
    first, _ = two_cases
    meeting_id = given_meeting(city, meeting_type="support", planned_case_ids=(first,))
    cancel_meeting(city, meeting_id, date(2026, 11, 9))
    [shown] = calendar(read_models)
    assert (shown.status, shown.status_on, shown.status_reason) == ("cancelled", date(2026, 11, 9), "台風のため中止")
    assert calendar(read_models, statuses=("scheduled", "held")) == []
    assert read(read_models, meeting_queries.meetings_of_case, first) == []


def test_a_rescheduled_meeting_moves_on_the_calendar(city: Kasane, read_models: ReadModels) -> None:
    meeting_id = given_meeting(city, meeting_type="liaison", scheduled_on=date(2026, 10, 28))
    assert calendar(read_models) == []
    reschedule(city, meeting_id, date(2026, 11, 4))
    [shown] = calendar(read_models)
    assert (shown.meeting_id, shown.scheduled_on, shown.version) == (meeting_id, date(2026, 11, 4), 2)
    hold(city, meeting_id, date(2026, 11, 5))
    [shown] = calendar(read_models)
    assert (shown.meeting_on, shown.scheduled_on) == (date(2026, 11, 5), date(2026, 11, 4))


def test_the_calendar_filters_by_type_and_by_agency_convening_or_attending(
    city: Kasane, read_models: ReadModels, two_cases: tuple[UUID, UUID]
) -> None:
    first, _ = two_cases
    support = given_meeting(city, meeting_type="support", scheduled_on=date(2026, 11, 6))
    hold(city, support, date(2026, 11, 6), first, agencies=("fukushi-soudan", "kodomo-katei"))
    liaison = given_meeting(city, meeting_type="liaison", scheduled_on=date(2026, 11, 25))
    given_meeting(city, meeting_type="liaison", scheduled_on=date(2026, 12, 2))

    assert [m.meeting_id for m in calendar(read_models)] == [support, liaison]
    assert [m.meeting_id for m in calendar(read_models, meeting_type="liaison")] == [liaison]
    assert [m.meeting_id for m in calendar(read_models, agency="kodomo-katei")] == [support]
    assert [m.meeting_id for m in calendar(read_models, agency="fukushi-soudan")] == [support, liaison]
    assert calendar(read_models, agency="hello-work") == []


def test_overdue_action_items_by_owner_agency_as_of_a_date(
    city: Kasane, read_models: ReadModels, two_cases: tuple[UUID, UUID]
) -> None:
    first, second = two_cases
    meeting_id = given_meeting(city, meeting_type="support", scheduled_on=date(2026, 10, 1))
    late_visit = action_item("shakyo", date(2026, 10, 15), first)
    late_done = action_item("shakyo", date(2026, 10, 10), second)
    late_job = action_item("jiritsu", date(2026, 11, 1), second)
    not_yet = action_item("shakyo", date(2026, 12, 1), first)
    hold(city, meeting_id, date(2026, 10, 1), first, second, items=(late_visit, late_done, late_job, not_yet))
    complete(city, meeting_id, late_done.item_id, date(2026, 10, 8))

    open_items = read(read_models, meeting_queries.open_action_items)
    assert [i.item_id for i in open_items] == [late_visit.item_id, late_job.item_id, not_yet.item_id]
    overdue = read(read_models, meeting_queries.open_action_items, overdue_as_of=TODAY, owner_agency="shakyo")
    assert [(i.item_id, i.household_name) for i in overdue] == [(late_visit.item_id, "山田家")]
    assert read(read_models, meeting_queries.open_action_items, overdue_as_of=date(2026, 10, 15)) == []
    assert [i.item_id for i in read(read_models, meeting_queries.open_action_items, case_id=second)] == [
        late_job.item_id
    ]

    supervised = read(read_models, queries.overdue_action_items, TODAY)
    assert [(o.item.item_id, o.item.meeting_title, o.days_overdue) for o in supervised.items] == [
        (late_visit.item_id, "11月 定例会議", 36),
        (late_job.item_id, "11月 定例会議", 19),
    ]
    assert [
        o.item.owner_agency
        for o in read(read_models, queries.overdue_action_items, TODAY, owner_agency="jiritsu").items
    ] == ["jiritsu"]


def test_an_unknown_meeting_has_no_detail(city: Kasane, read_models: ReadModels) -> None:
    given_meeting(city)
    assert read(read_models, meeting_queries.meeting_detail, UUID(int=1)) is None


def read_counting(read_models: ReadModels, query: Callable[..., T], *args: Any) -> tuple[T, list[str]]:
    """``read``, with the statements the query itself ran."""
    read_models.catch_up()
    seen: list[str] = []

    def count(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    sa.event.listen(read_models.engine, "before_cursor_execute", count)
    try:
        with read_models.engine.connect() as connection:
            return query(connection, *args), seen
    finally:
        sa.event.remove(read_models.engine, "before_cursor_execute", count)


def test_a_cases_meetings_and_its_discussions_are_one_statement_however_many_it_has(
    city: Kasane, read_models: ReadModels, two_cases: tuple[UUID, UUID]
) -> None:
    """The same text every time, so PostgreSQL keeps it prepared (a case page runs it on every request)."""
    first, second = two_cases
    none, before = read_counting(read_models, meeting_queries.meetings_of_case, first)
    held_id = given_meeting(city, meeting_type="support", planned_case_ids=(first,))
    hold(city, held_id, MEETING_DAY, first, second, agencies=("fukushi-soudan", "shakyo"))
    planned_id = given_meeting(city, meeting_type="support", scheduled_on=TODAY, planned_case_ids=(first,))
    found, after_one = read_counting(read_models, meeting_queries.meetings_of_case, first)
    other_held = given_meeting(city, meeting_type="support", planned_case_ids=(first,))
    hold(city, other_held, MEETING_DAY, first, agencies=("fukushi-soudan",))
    again, after_two = read_counting(read_models, meeting_queries.meetings_of_case, first)

    assert none == []
    assert [(m.meeting.meeting_id, m.discussion is not None) for m in found] == [(planned_id, False), (held_id, True)]
    [discussed] = [m.discussion for m in found if m.discussion is not None]
    assert (discussed.case_id, discussed.household_name, discussed.withdrawn) == (first, "山田家", False)
    assert {m.meeting.meeting_id for m in again} == {planned_id, held_id, other_held}
    assert [m.meeting.meeting_id for m in read(read_models, meeting_queries.meetings_of_case, second)] == [held_id]
    assert len(before) == len(after_one) == len(after_two) == 1  # main: 2, the discussions and then their meetings
    assert before == after_one == after_two  # main: the discussed meetings' ids were listed in its text
