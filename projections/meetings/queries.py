"""What the web reads about meetings: the calendar, one meeting, a case's meetings, open action items.

Like ``projections.cases.queries``: callers pass an open connection and get frozen
dataclasses back. Household names are joined from the case list at read
time. A meeting's date is the day it was held, or until then the day it is
scheduled for. Voided meetings stay visible on the calendar and in detail
(flagged by their status), but their discussions and action items no longer
count for a case or an agency.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.meeting import MeetingStatus
from projections.cases.tables import case_list
from projections.meetings.tables import (
    meeting_action_items,
    meeting_attendees,
    meeting_discussions,
    meeting_list,
    meeting_planned_cases,
)

M = meeting_list.c
MEETING_ON = sa.func.coalesce(M.held_on, M.scheduled_on)
STANDS = M.status == MeetingStatus.HELD.value


@dataclass(frozen=True)
class MeetingSummary:
    """One line of the calendar (the columns of ``meeting_list``)."""

    meeting_id: UUID
    version: int
    meeting_type: str
    title: str
    status: str
    status_on: date
    status_reason: str | None
    scheduled_on: date
    held_on: date | None
    convenor_agency: str
    is_trial: bool
    restricted_records: bool | None
    consent_required: bool | None
    summary: str
    attendee_count: int
    discussed_case_count: int
    open_action_item_count: int
    planned_case_count: int = 0
    starts_at: str = ""
    ends_at: str = ""
    place: str = ""
    recorder: str = ""

    @property
    def meeting_on(self) -> date:
        return self.held_on or self.scheduled_on


@dataclass(frozen=True)
class AttendeeView:
    agency: str
    role: str


@dataclass(frozen=True)
class DiscussionView:
    case_id: UUID
    household_name: str | None
    """None only if the case is not (yet) in the case list."""
    outcome: str
    decisions: str
    role_allocation: str
    withdrawn: bool
    closure_reason: str = ""


@dataclass(frozen=True)
class ActionItemView:
    item_id: UUID
    meeting_id: UUID
    meeting_title: str
    meeting_type: str
    held_on: date | None
    case_id: UUID | None
    household_name: str | None
    description: str
    owner_agency: str
    due_on: date
    done_on: date | None
    note: str | None


@dataclass(frozen=True)
class PlannedCase:
    case_id: UUID
    household_name: str | None


@dataclass(frozen=True)
class MeetingDetail:
    meeting: MeetingSummary
    planned_cases: tuple[PlannedCase, ...]
    attendees: tuple[AttendeeView, ...]
    discussions: tuple[DiscussionView, ...]
    action_items: tuple[ActionItemView, ...]


@dataclass(frozen=True)
class CaseMeeting:
    """A meeting that took up a case, or (``discussion`` None) one still scheduled to."""

    meeting: MeetingSummary
    discussion: DiscussionView | None


def meeting_calendar(
    connection: Connection,
    first: date,
    last: date,
    *,
    meeting_type: str | None = None,
    agency: str | None = None,
    statuses: Collection[str] | None = None,
) -> list[MeetingSummary]:
    """Meetings dated ``first``..``last`` (inclusive), oldest first.

    ``agency`` keeps the meetings it convened or attended.
    """
    where: list[sa.ColumnElement[bool]] = [MEETING_ON.between(first, last)]
    if meeting_type is not None:
        where.append(M.meeting_type == meeting_type)
    if statuses is not None:
        where.append(M.status.in_(statuses))
    if agency is not None:
        attended = sa.select(meeting_attendees.c.meeting_id).where(meeting_attendees.c.agency == agency)
        where.append(sa.or_(M.convenor_agency == agency, M.meeting_id.in_(attended)))
    return _meetings(connection, *where)


def meeting_detail(connection: Connection, meeting_id: UUID) -> MeetingDetail | None:
    found = _meetings(connection, M.meeting_id == meeting_id)
    if not found:
        return None
    a, p = meeting_attendees.c, meeting_planned_cases.c
    attendees = connection.execute(
        sa.select(a.agency, a.role).where(a.meeting_id == meeting_id).order_by(a.agency, a.role)
    )
    planned = connection.execute(
        sa.select(p.case_id, case_list.c.household_name)
        .select_from(meeting_planned_cases.outerjoin(case_list, case_list.c.case_id == p.case_id))
        .where(p.meeting_id == meeting_id)
        .order_by(case_list.c.household_name, p.case_id)
    )
    return MeetingDetail(
        meeting=found[0],
        planned_cases=tuple(PlannedCase(**r._asdict()) for r in planned),
        attendees=tuple(AttendeeView(**r._asdict()) for r in attendees),
        discussions=tuple(d for _, d in _discussions(connection, meeting_discussions.c.meeting_id == meeting_id)),
        action_items=tuple(_action_items(connection, meeting_action_items.c.meeting_id == meeting_id)),
    )


def meetings_of_case(connection: Connection, case_id: UUID, *, include_withdrawn: bool = False) -> list[CaseMeeting]:
    """Meetings that took up the case, and scheduled ones planning to; the latest first."""
    rows = connection.execute(_case_meetings_statement(include_withdrawn), {"case_id": case_id})
    found = [_case_meeting(row._mapping) for row in rows]
    return list(reversed(found))


CASE_ID = sa.bindparam("case_id", type_=sa.Uuid())
"""The case a statement built once (a case page's meetings and open items) is executed for."""
DISCUSSION = "discussion_"
"""The prefix of the case's discussion's columns beside its meeting's (``_case_meetings_statement``)."""


def _case_meeting(row: Any) -> CaseMeeting:
    meeting = MeetingSummary(**{column.key: row[column.key] for column in meeting_list.c})
    if row[DISCUSSION + "case_id"] is None:
        return CaseMeeting(meeting=meeting, discussion=None)
    values = {name: row[DISCUSSION + name] for name in DISCUSSION_FIELDS}
    return CaseMeeting(meeting=meeting, discussion=DiscussionView(**values))


DISCUSSION_FIELDS = tuple(field.name for field in fields(DiscussionView))
"""The discussion's columns the statement selects: the view's fields, so that the two cannot drift apart."""


@cache
def _case_meetings_statement(include_withdrawn: bool) -> sa.Select[Any]:
    """``meetings_of_case``'s ONE statement, built once with the case as a parameter (a case page runs it on every
    request): the meetings that discussed the case, each with that discussion, and the scheduled ones planning to
    take it up. The meetings are found by their ids, a UNION of both ways, so PostgreSQL looks each up by its key: an
    OR of the two ways (with the discussions' ids, read first, as a list) made it read every meeting (52 pages at
    city, a sequential scan on each case page) and changed the statement's text with the list's length (never
    prepared). A meeting discussed a case at most once (the discussions' key), so the outer join adds no row."""
    d, p, planned_meeting = meeting_discussions.c, meeting_planned_cases.c, meeting_list.alias("planned_meeting")
    standing = [] if include_withdrawn else [d.withdrawn.is_(False)]
    discussed = sa.select(d.meeting_id).where(d.case_id == CASE_ID, *standing)
    still_planned = (
        sa.select(p.meeting_id)
        .join(planned_meeting, planned_meeting.c.meeting_id == p.meeting_id)
        .where(p.case_id == CASE_ID, planned_meeting.c.status == MeetingStatus.SCHEDULED.value)
    )
    its_discussion = sa.and_(d.meeting_id == M.meeting_id, d.case_id == CASE_ID, *standing)
    columns = {name: case_list.c.household_name if name == "household_name" else d[name] for name in DISCUSSION_FIELDS}
    return (
        sa.select(meeting_list, *(column.label(DISCUSSION + name) for name, column in columns.items()))
        .select_from(
            meeting_list.outerjoin(meeting_discussions, its_discussion).outerjoin(
                case_list, case_list.c.case_id == d.case_id
            )
        )
        .where(M.meeting_id.in_(sa.union(discussed, still_planned)))
        .order_by(MEETING_ON, M.title, M.meeting_id)
    )


def open_action_items(
    connection: Connection,
    *,
    overdue_as_of: date | None = None,
    owner_agency: str | None = None,
    case_id: UUID | None = None,
) -> list[ActionItemView]:
    """Items not done, of meetings that stand (held, not voided), soonest due first.

    With ``overdue_as_of``, only those due before that day.
    """
    given = {"overdue_as_of": overdue_as_of, "owner_agency": owner_agency, "case_id": case_id}
    values = {name: value for name, value in given.items() if value is not None}
    rows = connection.execute(_open_items_statement(frozenset(values)), values)
    return [ActionItemView(**row._asdict()) for row in rows]


@cache
def _open_items_statement(given: frozenset[str]) -> sa.Select[Any]:
    """``open_action_items``' statement for the conditions given, built once with them as parameters."""
    i = meeting_action_items.c
    where = open_item_conditions(**{name: sa.bindparam(name) for name in given})
    return action_items_query(*where).order_by(i.due_on, i.owner_agency, i.item_id)


def open_item_conditions(
    *,
    overdue_as_of: date | sa.BindParameter[Any] | None = None,
    owner_agency: str | sa.BindParameter[Any] | None = None,
    case_id: UUID | sa.BindParameter[Any] | None = None,
) -> list[sa.ColumnElement[bool]]:
    """The conditions of ``open_action_items``, for queries that count or page them (over ``action_items_query``)."""
    i = meeting_action_items.c
    where = [STANDS, i.done_on.is_(None)]
    if overdue_as_of is not None:
        where.append(i.due_on < overdue_as_of)
    if owner_agency is not None:
        where.append(i.owner_agency == owner_agency)
    if case_id is not None:
        where.append(i.case_id == case_id)
    return where


def _meetings(connection: Connection, *where: Any) -> list[MeetingSummary]:
    return [MeetingSummary(**row._asdict()) for row in connection.execute(_meetings_query(*where))]


def _meetings_query(*where: Any) -> sa.Select[Any]:
    return sa.select(meeting_list).where(*where).order_by(MEETING_ON, M.title, M.meeting_id)


def _discussions(connection: Connection, *where: Any) -> list[tuple[UUID, DiscussionView]]:
    """Matching discussions by meeting id, with the household names of their cases."""
    return _discussion_views(connection.execute(_discussions_query(*where)))


def _discussion_views(rows: Any) -> list[tuple[UUID, DiscussionView]]:
    return [(r.meeting_id, DiscussionView(**{k: v for k, v in r._asdict().items() if k != "meeting_id"})) for r in rows]


def _discussions_query(*where: Any) -> sa.Select[Any]:
    d = meeting_discussions.c
    return (
        sa.select(
            d.meeting_id,
            d.case_id,
            case_list.c.household_name,
            d.outcome,
            d.decisions,
            d.role_allocation,
            d.withdrawn,
            d.closure_reason,
        )
        .select_from(meeting_discussions.outerjoin(case_list, case_list.c.case_id == d.case_id))
        .where(*where)
        .order_by(case_list.c.household_name, d.case_id)
    )


def _action_items(connection: Connection, *where: Any) -> list[ActionItemView]:
    i = meeting_action_items.c
    query = action_items_query(*where).order_by(i.due_on, i.owner_agency, i.item_id)
    return [ActionItemView(**row._asdict()) for row in connection.execute(query)]


def action_items_query(*where: Any) -> sa.Select[Any]:
    """The columns of ``ActionItemView`` for the matching items, unordered (callers sort or page it)."""
    i = meeting_action_items.c
    return (
        sa.select(
            i.item_id,
            i.meeting_id,
            M.title.label("meeting_title"),
            M.meeting_type,
            M.held_on,
            i.case_id,
            case_list.c.household_name,
            i.description,
            i.owner_agency,
            i.due_on,
            i.done_on,
            i.note,
        )
        .select_from(
            meeting_action_items.join(meeting_list, M.meeting_id == i.meeting_id).outerjoin(
                case_list, case_list.c.case_id == i.case_id
            )
        )
        .where(*where)
    )
