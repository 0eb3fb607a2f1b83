"""Which meetings a coordinator or supervisor may open: ONE rule for meeting pages, lists and the API.

A meeting's record (its page, the calendar, the JSON API, its forms and
action items) belongs to the agencies that took part: the agency that
convened it and, once it is held, every agency that attended. Records of a
支援会議 (Social Welfare Act §106-6) may hold what was shared without the
person's consent under the participants' duty of confidentiality, so the law
itself limits them to the attendees; a meeting page of any type also lists
every household it took up, which would show households of other agencies
past the case scope. Hence one rule for every type.

What a case page shows about a meeting the viewer's agency did not take part
in depends on the type: for a restricted type (``restricted_records``,
支援会議 by default) only that a meeting of that type took the case up on a
date; for other types also its title and outcome, without a link to the
record. ``restricted_meeting_ids`` tells them apart, for scheduled meetings
too (their type's setting in the directory, as the record will take it).
"""

from __future__ import annotations

from functools import cache
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.directory import directory
from projections.meetings.tables import meeting_attendees, meeting_list


def taken_part_meeting_ids(agency: str | sa.BindParameter[str]) -> sa.CompoundSelect[Any]:
    """Meetings the agency convened or attended."""
    convened = sa.select(meeting_list.c.meeting_id).where(meeting_list.c.convenor_agency == agency)
    attended = sa.select(meeting_attendees.c.meeting_id).where(meeting_attendees.c.agency == agency)
    return sa.union(convened, attended)


def may_see_meeting(connection: Connection, agency: str, meeting_id: UUID) -> bool:
    taken_part = taken_part_meeting_ids(agency).subquery()
    query = sa.select(taken_part.c.meeting_id).where(taken_part.c.meeting_id == meeting_id)
    return connection.execute(query).first() is not None


def visible_meetings(connection: Connection, agency: str, meeting_ids: set[UUID]) -> set[UUID]:
    """Those of ``meeting_ids`` the agency took part in."""
    if not meeting_ids:
        return set()
    found = connection.execute(_visible_meetings(), {"agency": agency, "meeting_ids": list(meeting_ids)})
    return {row.meeting_id for row in found}


MEETING_IDS: sa.BindParameter[Any] = sa.bindparam("meeting_ids", expanding=True)


@cache
def _visible_meetings() -> sa.Select[Any]:
    """``visible_meetings``' statement, built once with parameters (a case page runs it on every request)."""
    taken_part = taken_part_meeting_ids(sa.bindparam("agency", type_=sa.String())).subquery()
    return sa.select(taken_part.c.meeting_id).where(taken_part.c.meeting_id.in_(MEETING_IDS))


def restricted_meetings(connection: Connection, meeting_ids: set[UUID]) -> set[UUID]:
    """Those of ``meeting_ids`` whose records are restricted to the attendees (支援会議).

    A held meeting says so itself (as recorded when held); a scheduled one
    goes by its type's current setting; an unknown type counts as restricted."""
    if not meeting_ids:
        return set()
    return {row.meeting_id for row in connection.execute(_restricted_meetings(), {"meeting_ids": list(meeting_ids)})}


@cache
def _restricted_meetings() -> sa.Select[Any]:
    """``restricted_meetings``' statement, built once with the meetings as a parameter."""
    m, d = meeting_list.c, directory.c
    type_restricted = (
        sa.select(d.restricted).where(d.kind == "meeting_type", d.code == m.meeting_type).scalar_subquery()
    )
    restricted = sa.case(
        (m.restricted_records.is_not(None), m.restricted_records),
        else_=sa.func.coalesce(type_restricted, sa.true()),
    )
    return sa.select(m.meeting_id).where(m.meeting_id.in_(MEETING_IDS), restricted)
