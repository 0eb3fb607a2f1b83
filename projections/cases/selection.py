"""Which cases a case list shows, and in which order: the filters of ``/cases`` as SQL.

Shared by the case list (``queries.list_cases`` / ``queries.case_page``) and the
supervisor's caseload (``projections.cases.caseload``), so a count on the caseload and
the list its link opens select the same cases in the same order: the caseload's
"top 10 overdue reviews" is the first page of ``/cases?review_overdue=true``.

The order is the list's purpose: most recently opened first by default; the
most urgent first when the list is filtered by urgency (overdue reviews: the
longest overdue first; long in one status: the longest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from projections.cases.scope import visible_case_ids
from projections.cases.tables import IS_OPEN, case_issue_tags, case_list
from projections.paging import Order

c = case_list.c

BY_OPENING: Order = ((c.opened_on, True), (c.household_name, False), (c.case_id, False))
BY_REVIEW_DUE: Order = ((c.next_review_due_on, False), (c.case_id, False))
BY_STATUS_SINCE: Order = ((c.status_since, False), (c.case_id, False))


@dataclass(frozen=True)
class CaseSelection:
    """The filters of a case list; None means "any"."""

    status: str | None = None
    coordinator: str | None = None
    lead_agency: str | None = None
    area: str | None = None
    issue_tag: str | None = None
    include_closed: bool = True
    review_overdue: bool = False
    """Only open cases whose plan review was due before today."""
    in_status_days: int | None = None
    """Only open cases in their current status for at least this many days."""

    def where(self, today: date | None, visible_to: tuple[str, str] | None) -> list[sa.ColumnElement[bool]]:
        """The SQL conditions; ``today`` is needed by the urgency filters only."""
        where: list[sa.ColumnElement[bool]] = []
        if visible_to is not None:
            where.append(c.case_id.in_(visible_case_ids(*visible_to)))
        for column, value in (
            (c.status, self.status),
            (c.coordinator, self.coordinator),
            (c.lead_agency, self.lead_agency),
            (c.area, self.area),
        ):
            if value is not None:
                where.append(column == value)
        if not self.include_closed or self.review_overdue or self.in_status_days is not None:
            where.append(IS_OPEN)
        if self.issue_tag is not None:
            tagged = sa.select(case_issue_tags.c.case_id).where(case_issue_tags.c.tag == self.issue_tag)
            where.append(c.case_id.in_(tagged))
        if self.review_overdue:
            where.append(c.next_review_due_on < _today(today))
        if self.in_status_days is not None:
            where.append(c.status_since <= _today(today) - timedelta(days=self.in_status_days))
        return where

    @property
    def order(self) -> Order:
        if self.review_overdue:
            return BY_REVIEW_DUE
        if self.in_status_days is not None:
            return BY_STATUS_SINCE
        return BY_OPENING


def _today(today: date | None) -> date:
    if today is None:
        raise ValueError("the urgency filters need today's date")
    return today
