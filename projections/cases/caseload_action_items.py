"""Open action items counted per agency scope and due day (``caseload_action_items``), kept with the case rows.

The dashboard shows how many action items are open and how many are overdue
(the total of its overdue list). Counted over the items themselves, each open
item of the installation was checked against the reader's scope on every
request; kept here, a request sums the reader's agency's rows: one per due day
of its open items (a few hundred), "overdue" being the days before today.

An item counts in the scope of every agency that may see it by the agency rule
of ``projections.cases.scope.visible_action_items`` — the meeting's records are
readable to the agency (not restricted, or it took part: convened or attended)
and the item concerns it (its case is in the agency's scope, or an item without
a case is the agency's own or of a meeting it took part in) — and in the scope
``ALL``. The per-user coordinator branch is added by the reader
(``projections.cases.caseload``), as for the case counts.

The case list keeps what the rule needs of the meetings itself (who took part
in each meeting, each open item of a held meeting): it counts at its own
position in the log, which the meetings read model's need not share. Like the
caseload summary, the items a page may change (of its meetings, of the cases
it touches) are counted before and after the page and only the difference is
written, so any page size gives what a rebuild gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.meeting import SupportMeeting
from projections.cases.caseload_summary import ALL, case_scopes, write_differences
from projections.cases.tables import caseload_action_items, caseload_meeting_parties, caseload_open_items
from projections.engine.bulk_rows import insert_rows

Items = Counter[tuple[str, date]]
"""(scope, due day) → open items."""
_i, _p = caseload_open_items.c, caseload_meeting_parties.c
_SELECT_ITEMS = sa.select(_i.meeting_id, _i.case_id, _i.owner_agency, _i.due_on, _i.restricted).where(
    sa.or_(
        _i.case_id.in_(sa.bindparam("cases", expanding=True)),
        _i.meeting_id.in_(sa.bindparam("meetings", expanding=True)),
    )
)
"""The open items of some cases or meetings: built once (every page of the case list runs it twice)."""


def touched_meetings(page: Sequence[tuple[int, Any]]) -> set[UUID]:
    """The meetings whose open items the page may add, complete or void (a meeting is held once, from scheduled:
    held without action items, it owes none before or after)."""
    changing = (SupportMeeting.ActionItemCompleted, SupportMeeting.Voided)
    return {
        event.originator_id
        for _, event in page
        if isinstance(event, changing) or (isinstance(event, SupportMeeting.Held) and event.action_items)
    }


class Open(NamedTuple):
    """Open items of some cases or meetings, with what counting them needs besides the cases' scopes."""

    items: Sequence[Any]
    parties: dict[UUID, set[str]]
    """Per meeting of the items: who took part (convened or attended)."""
    scopes: dict[UUID, set[str]]
    """The scopes of the items' cases the caller did not know (read here)."""


def read_open(connection: Connection, cases: set[UUID], meetings: set[UUID], known: Collection[UUID]) -> Open:
    """The open items of ``meetings`` and of ``cases``, their meetings' parties, and the scopes of their cases
    other than ``known`` (the case list's page knows its cases')."""
    if not cases and not meetings:
        return Open((), {}, {})
    items = connection.execute(_SELECT_ITEMS, {"cases": sorted(cases), "meetings": sorted(meetings)}).all()
    if not items:  # nothing open: the meetings' parties and the cases' scopes count for nothing
        return Open((), {}, {})
    parties: dict[UUID, set[str]] = {}
    held = sorted({item.meeting_id for item in items})
    for meeting_id, agency in connection.execute(sa.select(_p.meeting_id, _p.agency).where(_p.meeting_id.in_(held))):
        parties.setdefault(meeting_id, set()).add(agency)
    others = {item.case_id for item in items if item.case_id is not None and item.case_id not in known}
    return Open(items, parties, case_scopes(connection, others) if others else {})


def count(found: Open, scopes: Mapping[UUID, set[str]]) -> Items:
    """What ``found`` adds to the counts, its cases in ``scopes`` (the others' as read)."""
    counts: Items = Counter()
    for item in found.items:
        took_part = found.parties.get(item.meeting_id, set())
        if item.case_id is None:
            seen = took_part if item.restricted else took_part | {item.owner_agency}
        else:
            in_scope = scopes[item.case_id] if item.case_id in scopes else found.scopes.get(item.case_id, set())
            seen = in_scope & took_part if item.restricted else in_scope
        counts.update((scope, item.due_on) for scope in seen | {ALL})
    return counts


def counted(connection: Connection, cases: set[UUID], meetings: set[UUID], scopes: Mapping[UUID, set[str]]) -> Items:
    """What the open items of ``meetings`` and of ``cases`` add to the counts as they stand now; the cases in
    ``scopes`` are in those agencies' scopes, the others' scopes are read."""
    return count(read_open(connection, cases, meetings, scopes.keys()), scopes)


def record(connection: Connection, before: Items, after: Items) -> None:
    write_differences(connection, caseload_action_items, before, after)


def follow(connection: Connection, event: Any) -> None:
    """Keep the parties of each meeting and its open items: scheduled (the convenor), held (the attendees and the
    items), an item completed, the meeting cancelled or voided. A meeting that owes nothing keeps no parties."""
    meeting_id = event.originator_id
    if isinstance(event, SupportMeeting.Scheduled):
        insert_rows(connection, caseload_meeting_parties, [{"meeting_id": meeting_id, "agency": event.convenor_agency}])
    elif isinstance(event, SupportMeeting.Held):
        _held(connection, event)
    elif isinstance(event, SupportMeeting.ActionItemCompleted):
        connection.execute(sa.delete(caseload_open_items).where(_i.item_id == event.item_id))
        still_owed = sa.exists().where(_i.meeting_id == meeting_id)
        connection.execute(sa.delete(caseload_meeting_parties).where(_p.meeting_id == meeting_id, ~still_owed))
    elif isinstance(event, SupportMeeting.Cancelled | SupportMeeting.Voided):
        connection.execute(sa.delete(caseload_open_items).where(_i.meeting_id == meeting_id))
        connection.execute(sa.delete(caseload_meeting_parties).where(_p.meeting_id == meeting_id))


_PARTIES = sa.select(_p.agency).where(_p.meeting_id == sa.bindparam("p_meeting", type_=sa.Uuid))
_FORGET_PARTIES = sa.delete(caseload_meeting_parties).where(_p.meeting_id == sa.bindparam("p_meeting", type_=sa.Uuid))
"""A held meeting's known parties, and forgetting them (built once: every meeting held runs one)."""


def _held(connection: Connection, event: Any) -> None:
    meeting_id = event.originator_id
    if not event.action_items:
        connection.execute(_FORGET_PARTIES, {"p_meeting": meeting_id})
        return
    known = set(connection.execute(_PARTIES, {"p_meeting": meeting_id}).scalars())
    attended = [a.agency for a in event.attendees if a.agency not in known]
    if attended:
        rows = [{"meeting_id": meeting_id, "agency": agency} for agency in dict.fromkeys(attended)]
        insert_rows(connection, caseload_meeting_parties, rows)
    items = [
        {
            "item_id": item.item_id,
            "meeting_id": meeting_id,
            "case_id": item.case_id,
            "owner_agency": item.owner_agency,
            "due_on": item.due_on,
            "restricted": event.restricted_records,
        }
        for item in event.action_items
    ]
    insert_rows(connection, caseload_open_items, items)


def open_and_overdue(scope: str, today: date) -> tuple[sa.ScalarSelect[Any], sa.ScalarSelect[Any]]:
    """The open items of ``scope``, and those due before ``today``: sums over its due days (two scalar subqueries,
    for the caller to read in one statement with its other figures)."""
    a = caseload_action_items.c

    def total(*where: Any) -> sa.ScalarSelect[Any]:
        return (
            sa.select(sa.func.coalesce(sa.func.sum(a.open_items), 0)).where(a.scope == scope, *where).scalar_subquery()
        )

    return total(), total(a.due_on < today)


def open_and_overdue_of_cases(connection: Connection, agency: str, cases: list[UUID], today: date) -> tuple[int, int]:
    """The open items of ``cases`` whose meeting's records ``agency`` may read, and those
    due before ``today``: the reader's own cases outside their agency's scope (usually none)."""
    took_part = sa.exists().where(_p.meeting_id == _i.meeting_id, _p.agency == agency)
    overdue = sa.case((_i.due_on < today, 1), else_=0)
    query = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(overdue), 0)).where(
        _i.case_id.in_(cases), sa.or_(_i.restricted.is_(False), took_part)
    )
    row = connection.execute(query).one()
    return int(row[0]), int(row[1])
