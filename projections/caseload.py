"""Supervisor views of the caseload, as SQL over the case list read model.

These are queries, not a projection of their own: everything they need is
already in ``case_list`` and its child tables, and a GROUP BY over a few
thousand rows is exact and instant, so there is nothing to keep in step.
"Open" means every status except closed. Overdue action items come from
the meetings read model, through its query module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.lifecycle import CaseStatus
from projections.case_list_tables import case_agencies, case_issue_tags, case_list
from projections.meeting_queries import ActionItemView, open_action_items

IS_OPEN = case_list.c.status != CaseStatus.CLOSED.value


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


def caseload_counts(connection: Connection) -> CaseloadCounts:
    c = case_list.c
    return CaseloadCounts(
        by_status=_count(connection, c.status, open_only=False),
        by_coordinator=_count(connection, c.coordinator),
        by_lead_agency=_count(connection, c.lead_agency),
        by_involved_agency=_count(connection, case_agencies.c.agency, child=case_agencies),
        by_area=_count(connection, c.area),
        by_issue_tag=_count(connection, case_issue_tags.c.tag, child=case_issue_tags),
    )


def overdue_reviews(connection: Connection, today: date) -> list[OverdueReview]:
    """Open cases whose plan review was due before ``today``, most overdue first."""
    c = case_list.c
    rows = connection.execute(
        sa.select(c.case_id, c.household_name, c.coordinator, c.lead_agency, c.next_review_due_on)
        .where(IS_OPEN, c.next_review_due_on < today)
        .order_by(c.next_review_due_on, c.case_id)
    )
    return [
        OverdueReview(**row._asdict(), days_overdue=(today - row.next_review_due_on).days)
        for row in rows
    ]


def overdue_action_items(
    connection: Connection, today: date, *, owner_agency: str | None = None
) -> list[OverdueActionItem]:
    """Meeting action items not done and due before ``today``, most overdue first."""
    return [
        OverdueActionItem(item=item, days_overdue=(today - item.due_on).days)
        for item in open_action_items(connection, overdue_as_of=today, owner_agency=owner_agency)
    ]


def ageing(connection: Connection, today: date, *, at_least_days: int = 0) -> list[CaseAge]:
    """Open cases by how long they have been in their current status, longest first."""
    c = case_list.c
    rows = connection.execute(
        sa.select(c.case_id, c.household_name, c.coordinator, c.status, c.status_since)
        .where(IS_OPEN)
        .order_by(c.status_since, c.case_id)
    )
    ages = [CaseAge(**row._asdict(), days_in_status=(today - row.status_since).days) for row in rows]
    return [a for a in ages if a.days_in_status >= at_least_days]


def _count(
    connection: Connection, column: Any, *, child: sa.Table | None = None, open_only: bool = True
) -> dict[str, int]:
    source = case_list if child is None else child.join(case_list, child.c.case_id == case_list.c.case_id)
    query = sa.select(column, sa.func.count()).select_from(source).group_by(column).order_by(column)
    if open_only:
        query = query.where(IS_OPEN)
    return {key: n for key, n in connection.execute(query)}
