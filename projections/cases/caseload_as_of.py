"""The caseload as it stood at a past moment, as known then: what only the event log can answer.

Reads ``case_history`` (``projections.cases.case_history``): the case versions
valid at the moment are the state a replay of the log up to that moment gives,
so events written later (a late status change, a back-dated closure) do not
change a figure already reported, exactly like the as-of indicator reports.
The moment's business date (Japan time) decides which reviews were overdue.

The scope is the reader's visible cases as the case list decides them today
(``projections.cases.scope``): a supervisor sees the past of the cases their
agency may see now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.fiscal_year import FiscalYear
from domain.lifecycle import CaseStatus
from projections.cases.case_history import case_state_versions
from projections.cases.scope import visible_case_ids

Scope = tuple[str, str]

WAITING = (CaseStatus.INTAKE.value, CaseStatus.ASSESSMENT.value, CaseStatus.PLANNING.value)
"""The backlog: open cases not yet in support (受付, アセスメント, プラン作成)."""


@dataclass(frozen=True)
class CaseloadAsOf:
    """Counts of the cases as they stood at ``moment``; every count but ``by_status`` is of open cases."""

    moment: datetime
    day: date
    """The business date of ``moment``: a review due before it was overdue."""
    by_status: dict[str, int]
    by_coordinator: dict[str, int]
    by_lead_agency: dict[str, int]
    by_area: dict[str, int]
    overdue_reviews: int

    @property
    def open_cases(self) -> int:
        return sum(n for status, n in self.by_status.items() if status != CaseStatus.CLOSED.value)

    @property
    def waiting_for_plan(self) -> int:
        """Cases in プラン作成: assessed, no plan in force yet."""
        return self.by_status.get(CaseStatus.PLANNING.value, 0)

    @property
    def backlog(self) -> int:
        return sum(self.by_status.get(status, 0) for status in WAITING)


def valid_at(moment: datetime) -> sa.ColumnElement[bool]:
    """The case versions known at ``moment`` and not yet superseded then."""
    v = case_state_versions.c
    return sa.and_(v.recorded_at <= moment, sa.or_(v.superseded_at.is_(None), v.superseded_at > moment))


def caseload_as_of(
    connection: Connection, moment: datetime, zone: tzinfo, *, visible_to: Scope | None = None
) -> CaseloadAsOf:
    """Every count at ``moment`` in one statement over the case versions valid then."""
    v = case_state_versions.c
    day = moment.astimezone(zone).date()
    cases = sa.select(v.status, v.coordinator, v.lead_agency, v.area, v.next_review_due_on).where(valid_at(moment))
    if visible_to is not None:
        cases = cases.where(v.case_id.in_(visible_case_ids(*visible_to)))
    then = cases.subquery("then")
    t = then.c
    is_open = t.status != CaseStatus.CLOSED.value

    def grouped(dimension: str, column: Any, *where: Any) -> sa.Select[Any]:
        query = sa.select(sa.literal(dimension).label("dimension"), column.label("value"), sa.func.count())
        return query.select_from(then).where(*where).group_by(column)

    overdue = sa.and_(is_open, t.next_review_due_on < day)
    query = sa.union_all(
        grouped("by_status", t.status),
        grouped("by_coordinator", t.coordinator, is_open),
        grouped("by_lead_agency", t.lead_agency, is_open),
        grouped("by_area", t.area, is_open),
        grouped("overdue", sa.literal("overdue"), overdue),
    )
    found: dict[str, dict[str, int]] = {d: {} for d in ("by_status", "by_coordinator", "by_lead_agency", "by_area")}
    found["overdue"] = {}
    for dimension, value, n in connection.execute(query):
        found[dimension][value] = n
    overdue_count = found.pop("overdue").get("overdue", 0)
    ordered = {name: dict(sorted(counts.items())) for name, counts in found.items()}
    return CaseloadAsOf(moment=moment, day=day, overdue_reviews=overdue_count, **ordered)


def month_ends(fiscal_year: FiscalYear, zone: tzinfo, now: datetime) -> list[datetime]:
    """The last instant of each month of ``fiscal_year`` in ``zone`` that has already passed at ``now``."""
    ends = []
    for offset in range(12):
        year, month = fiscal_year.year + (3 + offset) // 12, (3 + offset) % 12 + 1
        following = date(year + month // 12, month % 12 + 1, 1)
        end = datetime.combine(following, time(), tzinfo=zone) - timedelta(microseconds=1)
        if end <= now:
            ends.append(end)
    return ends


def caseload_by_month(
    connection: Connection, fiscal_year: FiscalYear, zone: tzinfo, now: datetime, *, visible_to: Scope | None = None
) -> Sequence[CaseloadAsOf]:
    """The caseload at the end of each month of the year that has ended, each as known at that month's end."""
    return [caseload_as_of(connection, end, zone, visible_to=visible_to) for end in month_ends(fiscal_year, zone, now)]
