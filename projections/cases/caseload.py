"""Supervisor views of the caseload, as SQL over the case list read model.

The counts and the totals of the two long lists are read from the caseload
summary the case list keeps (``projections.cases.caseload_summary``): the rows
of the reader's agency, plus the cases the reader coordinates that their agency
does not see, so a request reads a few hundred rows whatever the number of
cases (see ``docs/benchmarks.md``, "Caseload from a maintained summary").
``counted_from_cases`` counts the same over the case rows: the reference the
tests hold the summary to. "Open" means every status except closed. Overdue
action items come from the meetings read model, through its query module.

Every figure is over the cases the reader may see (``visible_to``, the rule
of ``projections.cases.scope``): a supervisor's counts by coordinator or by
agency count only cases in their agency's scope, so each count equals the
total of the case list its link opens. The long lists (overdue reviews,
long in one status, overdue action items) come a page at a time, most urgent
first, with their exact totals; the dashboard shows their first page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.lifecycle import CaseStatus
from projections.cases import caseload_action_items as action_items
from projections.cases import caseload_summary as summary
from projections.cases.scope import visible_action_items, visible_case, visible_case_ids
from projections.cases.selection import CaseSelection
from projections.cases.tables import case_agencies, case_issue_tags, case_list, case_meeting_agencies, case_transfers
from projections.meetings.queries import ActionItemView, action_items_query, open_item_conditions
from projections.meetings.tables import meeting_action_items
from projections.paging import DEFAULT_LIMIT, Order, Page, keyset_page

Scope = tuple[str, str]
"""(agency, username) of the reader (``web.http.deps.ActingUser.case_scope``)."""


@dataclass(frozen=True)
class CaseloadCounts:
    """Number of cases per value of each dimension; all but ``by_status`` count open cases only."""

    by_status: dict[str, int]
    by_coordinator: dict[str, int]
    by_lead_agency: dict[str, int]
    by_involved_agency: dict[str, int]
    """Open cases each agency is involved in, in any relation (lead, intake, involved)."""
    by_area: dict[str, int]
    by_issue_tag: dict[str, int]


@dataclass(frozen=True)
class OverdueReview:
    case_id: UUID
    household_name: str
    coordinator: str
    lead_agency: str
    next_review_due_on: date
    days_overdue: int


@dataclass(frozen=True)
class CaseAge:
    case_id: UUID
    household_name: str
    coordinator: str
    status: str
    status_since: date
    days_in_status: int


@dataclass(frozen=True)
class OverdueActionItem:
    item: ActionItemView
    days_overdue: int


def caseload_counts(connection: Connection, *, visible_to: Scope | None = None) -> CaseloadCounts:
    """Every count, read from the caseload summary: the reader's agency's rows, and the cases they coordinate
    that their agency does not see (usually none)."""
    return _counts(connection, visible_to, _keys_of(connection, _outside_cases(connection, visible_to)))


def _counts(connection: Connection, visible_to: Scope | None, beyond: list[list[summary.Key]]) -> CaseloadCounts:
    found = summary.counts(connection, summary.ALL if visible_to is None else visible_to[0])
    for case_keys in beyond:
        for dimension, value in case_keys:
            if dimension in summary.COUNTED:
                found[dimension][value] = found[dimension].get(value, 0) + 1
    return CaseloadCounts(**{f"by_{name}": dict(sorted(values.items())) for name, values in found.items()})


@dataclass(frozen=True)
class ActionItemTotals:
    open: int
    """Action items not done, of meetings that stand, that the reader may see."""
    overdue: int
    """Those due before today (the total of ``overdue_action_items``)."""


@dataclass(frozen=True)
class CaseloadTotals:
    counts: CaseloadCounts
    overdue_reviews: int
    """Open cases whose plan review was due before today (the total of ``overdue_reviews``)."""
    ageing: int
    """Open cases in their current status for ``ageing_days`` or more (the total of ``ageing``)."""
    action_items: ActionItemTotals


def caseload_totals(
    connection: Connection, today: date, *, ageing_days: int, visible_to: Scope | None = None
) -> CaseloadTotals:
    """The dashboard's figures from the maintained counts: the counts, the totals of its two long lists of cases,
    and the open and overdue action items (the reader's own cases outside their agency's scope looked up once)."""
    since = today - timedelta(days=ageing_days)
    scope = summary.ALL if visible_to is None else visible_to[0]
    figures = sa.select(*summary.due_before(scope, today, since), *action_items.open_and_overdue(scope, today))
    overdue, ageing, items_open, items_overdue = (int(n) for n in connection.execute(figures).one())
    outside = _outside_cases(connection, visible_to)
    beyond = _keys_of(connection, outside)
    for case_keys in beyond:
        days = dict(case_keys)
        overdue += days.get("review_day", "9999") < today.isoformat()
        ageing += days.get("since_day", "9999") <= since.isoformat()
    items = _with_outside(connection, today, visible_to, outside, ActionItemTotals(items_open, items_overdue))
    return CaseloadTotals(_counts(connection, visible_to, beyond), overdue, ageing, items)


def action_item_totals(connection: Connection, today: date, *, visible_to: Scope | None = None) -> ActionItemTotals:
    """The open and overdue action items the reader may see, from the maintained counts."""
    scope = summary.ALL if visible_to is None else visible_to[0]
    items_open, items_overdue = connection.execute(sa.select(*action_items.open_and_overdue(scope, today))).one()
    found = ActionItemTotals(int(items_open), int(items_overdue))
    return _with_outside(connection, today, visible_to, _outside_cases(connection, visible_to), found)


def _with_outside(
    connection: Connection, today: date, visible_to: Scope | None, outside: list[UUID], found: ActionItemTotals
) -> ActionItemTotals:
    """``found`` (the reader's agency's rows of ``caseload_action_items``) plus the items of the cases they
    coordinate that their agency does not see (``outside``)."""
    if visible_to is None or not outside:
        return found
    more_open, more_overdue = action_items.open_and_overdue_of_cases(connection, visible_to[0], outside, today)
    return ActionItemTotals(found.open + more_open, found.overdue + more_overdue)


def _outside_cases(connection: Connection, visible_to: Scope | None) -> list[UUID]:
    """The cases the reader coordinates that their agency's scope does not hold (usually none)."""
    return [] if visible_to is None else list(connection.execute(_outside_agency(*visible_to)).scalars())


def _keys_of(connection: Connection, cases: list[UUID]) -> list[list[summary.Key]]:
    """The summary keys of ``cases``."""
    return [keys for _, keys in summary.case_scopes_and_keys(connection, cases).values()] if cases else []


def _outside_agency(agency: str, username: str) -> sa.Select[Any]:
    """The ids of the cases ``username`` coordinates that ``agency``'s scope does not hold (usually none).

    A case's lead agency is always one of its agencies (``case_agencies``, relation ``lead``), so a case ``agency``
    leads is in its scope: only the coordinator's cases led by another agency are checked, found through the
    coordinator index by (coordinator, lead agency) without visiting the rest of the caseload (8,682 cases for the
    1M benchmark's coordinator, each checked three ways, were 73 % of a ``/caseload`` request)."""
    c, a, m, x = case_list.c, case_agencies.c, case_meeting_agencies.c, case_transfers.c
    return sa.select(c.case_id).where(
        c.coordinator == username,
        c.lead_agency != agency,
        ~sa.exists().where(a.case_id == c.case_id, a.agency == agency),
        ~sa.exists().where(m.case_id == c.case_id, m.agency == agency),
        ~sa.exists().where(x.case_id == c.case_id, x.to_agency == agency, x.state == "requested"),
    )


def overdue_reviews(
    connection: Connection,
    today: date,
    *,
    visible_to: Scope | None = None,
    limit: int = DEFAULT_LIMIT,
    after: UUID | None = None,
    total: int | None = None,
) -> Page[OverdueReview]:
    """Open cases whose plan review was due before ``today``, most overdue first (``total``: when known)."""
    c = case_list.c
    selection = CaseSelection(review_overdue=True)
    page = _case_rows(
        connection,
        selection,
        today,
        visible_to,
        limit,
        after,
        total,
        c.case_id,
        c.household_name,
        c.coordinator,
        c.lead_agency,
        c.next_review_due_on,
    )
    return page.map(lambda row: OverdueReview(**row._asdict(), days_overdue=(today - row.next_review_due_on).days))


def ageing(
    connection: Connection,
    today: date,
    *,
    at_least_days: int = 0,
    visible_to: Scope | None = None,
    limit: int = DEFAULT_LIMIT,
    after: UUID | None = None,
    total: int | None = None,
) -> Page[CaseAge]:
    """Open cases in their current status for ``at_least_days`` or more, longest first (``total``: when known)."""
    c = case_list.c
    selection = CaseSelection(in_status_days=at_least_days)
    page = _case_rows(
        connection,
        selection,
        today,
        visible_to,
        limit,
        after,
        total,
        c.case_id,
        c.household_name,
        c.coordinator,
        c.status,
        c.status_since,
    )
    return page.map(lambda row: CaseAge(**row._asdict(), days_in_status=(today - row.status_since).days))


def overdue_action_items(
    connection: Connection,
    today: date,
    *,
    owner_agency: str | None = None,
    visible_to: Scope | None = None,
    limit: int = DEFAULT_LIMIT,
    after: UUID | None = None,
    total: int | None = None,
) -> Page[OverdueActionItem]:
    """Meeting action items not done and due before ``today``, most overdue first, walked in due order with the
    scope checked per item. ``total``: when known; else from the maintained counts (counted for one owner)."""
    i = meeting_action_items.c
    where = open_item_conditions(overdue_as_of=today, owner_agency=owner_agency)
    scope = [] if visible_to is None else [visible_action_items(*visible_to)]
    if total is None and owner_agency is None:
        total = action_item_totals(connection, today, visible_to=visible_to).overdue
    cursor = (
        None
        if after is None
        else action_items_query(i.item_id == after, *scope).with_only_columns(
            *(column for column, _ in ACTION_ITEM_ORDER), maintain_column_froms=True
        )
    )
    page = keyset_page(
        connection, action_items_query(*where, *scope), ACTION_ITEM_ORDER, limit=limit, cursor=cursor, total=total
    )
    return page.map(
        lambda row: OverdueActionItem(item=ActionItemView(**row._asdict()), days_overdue=(today - row.due_on).days)
    )


def open_action_item_count(connection: Connection, *, visible_to: Scope | None = None) -> int:
    """Action items not done, of meetings that stand, that the reader may see (any day will do: no "overdue")."""
    return action_item_totals(connection, date.min, visible_to=visible_to).open


ACTION_ITEM_ORDER: Order = (
    (meeting_action_items.c.due_on, False),
    (meeting_action_items.c.owner_agency, False),
    (meeting_action_items.c.item_id, False),
)


def _case_rows(
    connection: Connection,
    selection: CaseSelection,
    today: date,
    visible_to: Scope | None,
    limit: int,
    after: UUID | None,
    total: int | None,
    *columns: Any,
) -> Page[Any]:
    """A page of ``columns`` of the cases ``selection`` picks, in its order.

    The rows are walked in that order (an index of open cases) with the scope checked per row
    (``visible_case``), so a first page of ten stops after ten visible rows whatever the size of the scope;
    the total, when the caller does not know it, is counted over the scope selected once."""
    seen = [] if visible_to is None else [visible_case(*visible_to, case_list.c.case_id)]
    if total is None:
        counted = sa.select(case_list.c.case_id).where(*selection.where(today, visible_to))
        total = connection.execute(sa.select(sa.func.count()).select_from(counted.subquery())).scalar_one()
    cursor = (
        None
        if after is None
        else (sa.select(*(column for column, _ in selection.order)).where(case_list.c.case_id == after, *seen))
    )
    matching = sa.select(*columns).where(*selection.where(today, None), *seen)
    return keyset_page(connection, matching, selection.order, limit=limit, cursor=cursor, total=total)


def counted_from_cases(connection: Connection, *, visible_to: Scope | None = None) -> CaseloadCounts:
    """Every count in ONE statement over the case rows (the reader's visible cases selected once, then grouped by
    each dimension): what the summary must always equal (the tests), and the benchmark's "before"."""
    c = case_list.c
    cases = sa.select(c.case_id, c.status, c.coordinator, c.lead_agency, c.area)
    if visible_to is not None:
        cases = cases.where(c.case_id.in_(visible_case_ids(*visible_to)))
    visible = cases.cte("visible").prefix_with("MATERIALIZED")
    v = visible.c
    is_open = v.status != CaseStatus.CLOSED.value

    def grouped(dimension: str, column: Any, *joined: sa.Table, open_only: bool = True) -> sa.Select[Any]:
        source: Any = visible
        for child in joined:
            source = source.join(child, child.c.case_id == v.case_id)
        query = sa.select(sa.literal(dimension).label("dimension"), column.label("value"), sa.func.count())
        return query.select_from(source).where(*([is_open] if open_only else [])).group_by(column)

    query = sa.union_all(
        grouped("by_status", v.status, open_only=False),
        grouped("by_coordinator", v.coordinator),
        grouped("by_lead_agency", v.lead_agency),
        grouped("by_involved_agency", case_agencies.c.agency, case_agencies),
        grouped("by_area", v.area),
        grouped("by_issue_tag", case_issue_tags.c.tag, case_issue_tags),
    )
    found: dict[str, dict[str, int]] = {name: {} for name in CaseloadCounts.__dataclass_fields__}
    for dimension, value, n in connection.execute(query.order_by(sa.text("1"), sa.text("2"))):
        found[dimension][value] = n
    return CaseloadCounts(**found)
