"""Which cases a coordinator or supervisor may see: ONE scoping rule for lists and case pages.

A case is visible to a user when their agency is its intake or lead agency, is
involved in it (recorded an activity, was referred to), or attended a meeting
that discussed it (a voided meeting record does not count), or when the user is
its coordinator, or while the agency is asked to take over as lead agency (a
pending transfer request: it needs the case page to decide, decision 10). The
case list applies ``visible_case_ids``; the guard applies ``may_see_case``
to every route with a ``case_id`` in its path. A list that is read in an
index's order and stops after a few rows (the caseload's top tens) applies
``visible_case`` instead: the same ways in, checked for each row it walks, so
its cost does not grow with the number of cases in scope.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.cases.tables import case_agencies, case_list, case_meeting_agencies, case_transfers
from projections.meetings.tables import meeting_action_items, meeting_attendees, meeting_discussions, meeting_list


def visible_case_ids(agency: str, username: str) -> sa.CompoundSelect[Any]:
    return sa.union(*_ways_in(agency, username))


Value = str | sa.BindParameter[str]
"""An agency or username: the value itself, or a parameter of a statement built once (``may_see_case``)."""


def may_see_case(connection: Connection, agency: str, username: str, case_id: UUID) -> bool:
    """The same rule for one case, as ``visible_case`` checks it for a row: each way in looked up by the case id.
    Through the meeting tables SQLite started from every meeting the agency attended (7 ms a check at 1M events,
    on every case page's guard), where the case list's ``case_meeting_agencies`` is one indexed lookup (0.3 ms)."""
    found = connection.execute(_may_see_case(), {"agency": agency, "username": username, "case_id": case_id})
    return bool(found.scalar())


@cache
def _may_see_case() -> sa.Select[Any]:
    """``may_see_case``'s statement, built once with parameters: building it and its cache key on every guarded
    request (four EXISTS) cost more CPU than running it."""
    agency, username = sa.bindparam("agency", type_=sa.String()), sa.bindparam("username", type_=sa.String())
    return sa.select(visible_case(agency, username, sa.bindparam("case_id", type_=sa.Uuid())))


def visible_case(agency: Value, username: Value, case_id: sa.ColumnElement[Any]) -> sa.ColumnElement[bool]:
    """The same rule as a condition on a row's ``case_id`` (an EXISTS per way in, each an indexed lookup by the
    case), for a query that walks an index and stops after a few rows: the scope is never selected as a whole.
    The meeting way reads ``case_meeting_agencies`` (kept by the case list from the same events as the meeting
    tables; the property tests hold the two equal): joined from the meeting tables, SQLite started from every
    meeting the agency attended, for each row."""
    coordinated = case_list.alias("coordinated")  # not the outer query's case_list, which it would correlate to
    via_agency, _, via_coordinator, via_transfer = _ways_in(agency, username, coordinated)
    m = case_meeting_agencies.c  # the meeting way as the case list keeps it: looked up by case, not by agency
    via_meeting = sa.select(m.case_id).where(m.agency == agency)
    ways = (via_agency, via_meeting, via_coordinator, via_transfer)
    # LIMIT 1 OFFSET 0 keeps PostgreSQL from turning each EXISTS into a hashed IN over the whole scope (it plans for
    # every row the index range holds, not the ten the LIMIT needs); SQLite looks each up per row either way.
    return sa.or_(*(sa.exists(way.where(way.selected_columns[0] == case_id).limit(1).offset(0)) for way in ways))


def _ways_in(agency: Value, username: Value, cases: sa.FromClause = case_list) -> tuple[sa.Select[Any], ...]:
    """The case ids visible through the agency, through a meeting it attended, through being the coordinator."""
    via_agency = sa.select(case_agencies.c.case_id).where(case_agencies.c.agency == agency)
    via_meeting = (
        sa.select(meeting_discussions.c.case_id)
        .join(meeting_attendees, meeting_attendees.c.meeting_id == meeting_discussions.c.meeting_id)
        .where(meeting_attendees.c.agency == agency, meeting_discussions.c.withdrawn.is_(False))
    )
    via_coordinator = sa.select(cases.c.case_id).where(cases.c.coordinator == username)
    via_transfer = sa.select(case_transfers.c.case_id).where(
        case_transfers.c.to_agency == agency, case_transfers.c.state == "requested"
    )
    return via_agency, via_meeting, via_coordinator, via_transfer


def visible_action_items(agency: str, username: str) -> sa.ColumnElement[bool]:
    """A condition on ``meeting_action_items`` joined to ``meeting_list``: the items this user may see, checked
    per item (indexed lookups), so a list of them walked in due order stops after its first page."""
    i, m, a = meeting_action_items.c, meeting_list.c, meeting_attendees.c
    attended = sa.exists().where(a.meeting_id == m.meeting_id, a.agency == agency)
    took_part = sa.or_(m.convenor_agency == agency, attended)
    readable = sa.or_(m.restricted_records.is_not(True), took_part)
    concerns = sa.or_(
        visible_case(agency, username, i.case_id),
        sa.and_(i.case_id.is_(None), sa.or_(i.owner_agency == agency, took_part)),
    )
    return sa.and_(readable, concerns)
