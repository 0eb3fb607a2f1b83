"""The caseload's lists walked with the scope checked per row equal the same lists over the scope selected once.

``projections.cases.scope.visible_case`` (an EXISTS per way in, checked for each
row an index walk meets) must pick exactly the cases ``visible_case_ids`` (the
whole scope as one set) picks. This holds every list the caseload reads that
way — overdue reviews, long in one status, overdue action items, open urgent
checks — and the open and overdue action item counts (maintained per agency
scope, ``caseload_action_items``), page by page (small pages, so the
cursors are used too), against queries that select the scope once: the
formulation the lists used before (2026-12-07).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.cases import casework_queries, queries
from projections.cases.caseload import ACTION_ITEM_ORDER, open_action_item_count
from projections.cases.scope import may_see_case, visible_case_ids
from projections.cases.selection import CaseSelection
from projections.cases.tables import case_list, case_urgent_checks
from projections.meetings.queries import action_items_query, open_item_conditions
from projections.meetings.tables import meeting_action_items, meeting_attendees, meeting_list

Scope = tuple[str, str] | None


def items_seen_through_the_whole_scope(agency: str, username: str) -> sa.ColumnElement[bool]:
    """The action items a user may see, with the case scope selected as one set (the rule before 2026-12-07)."""
    i, m = meeting_action_items.c, meeting_list.c
    attended = sa.select(meeting_attendees.c.meeting_id).where(meeting_attendees.c.agency == agency)
    took_part = sa.or_(m.convenor_agency == agency, m.meeting_id.in_(attended))
    concerns = sa.or_(
        i.case_id.in_(visible_case_ids(agency, username)),
        sa.and_(i.case_id.is_(None), sa.or_(i.owner_agency == agency, took_part)),
    )
    return sa.and_(sa.or_(m.restricted_records.is_not(True), took_part), concerns)


def _all_pages(read: Any) -> list[Any]:
    """Every row of a keyset list, two at a time."""
    rows: list[Any] = []
    after = None
    while True:
        page = read(limit=2, after=after)
        rows += page.items
        if page.next_after is None:
            return rows
        after = page.next_after


def _cases(connection: Connection, selection: CaseSelection, today: date, scope: Scope) -> list[Any]:
    query = sa.select(case_list.c.case_id).where(*selection.where(today, scope))
    order = [column.desc() if descending else column for column, descending in selection.order]
    return list(connection.execute(query.order_by(*order)).scalars())


def _items(connection: Connection, scope: Scope, *where: Any) -> list[Any]:
    seen = [] if scope is None else [items_seen_through_the_whole_scope(*scope)]
    query = action_items_query(*where, *seen).order_by(*(column for column, _ in ACTION_ITEM_ORDER))
    return [row.item_id for row in connection.execute(query)]


def _urgent(connection: Connection, scope: Scope) -> list[Any]:
    u = case_urgent_checks.c
    query = sa.select(u.check_id).where(u.checked_on.is_(None)).order_by(u.due_on, u.check_id)
    if scope is not None:
        query = query.where(u.case_id.in_(visible_case_ids(*scope)))
    return list(connection.execute(query).scalars())


def assert_lists_walked_per_row_equal_the_scope_selected_once(
    connection: Connection, scopes: list[Scope], today: date
) -> None:
    for scope in scopes:
        for day, days in ((today, 0), (today + timedelta(days=75), 40)):
            overdue = _all_pages(partial(queries.overdue_reviews, connection, day, visible_to=scope))
            assert [r.case_id for r in overdue] == _cases(connection, CaseSelection(review_overdue=True), day, scope)
            old = _all_pages(partial(queries.ageing, connection, day, at_least_days=days, visible_to=scope))
            assert [r.case_id for r in old] == _cases(connection, CaseSelection(in_status_days=days), day, scope)
            items = _all_pages(partial(queries.overdue_action_items, connection, day, visible_to=scope))
            expected = _items(connection, scope, *open_item_conditions(overdue_as_of=day))
            assert [r.item.item_id for r in items] == expected, (scope, day)
            listed = queries.overdue_action_items(connection, day, visible_to=scope)  # its total: maintained
            assert (listed.total, queries.action_item_totals(connection, day, visible_to=scope).overdue) == (
                len(expected),
                len(expected),
            ), (scope, day)
        open_items = _items(connection, scope, *open_item_conditions())
        assert open_action_item_count(connection, visible_to=scope) == len(open_items), scope
        checks = casework_queries.open_urgent_checks(connection, today, visible_to=scope)
        assert [c.check_id for c in checks] == _urgent(connection, scope), scope
        if scope is not None:  # the guard's rule for one case (every case page) picks exactly the scope's cases
            every_case = connection.execute(sa.select(case_list.c.case_id)).scalars().all()
            seen = {case_id for case_id in every_case if may_see_case(connection, *scope, case_id)}
            assert seen == set(connection.execute(visible_case_ids(*scope)).scalars()), scope
