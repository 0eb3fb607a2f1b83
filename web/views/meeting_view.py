"""What the meeting screens show, gathered from the read models in one place.

The calendar covers one month or one fiscal year (April–March); the filters
are shared by the page and the JSON API. A meeting's record is for the agencies
that convened or attended it (``projections.meetings.scope``; the guard answers
404 to the others); a case page shows other agencies only what that module
allows of the meetings that took the case up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from pydantic import BaseModel, field_validator
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.errors import InvalidInput, NotFound
from domain.fiscal_year import FiscalYear
from domain.meeting import MeetingStatus
from projections.cases.queries import TimelineEntry
from projections.cases.search import CASE_NUMBER_LENGTH
from projections.meetings import queries as meeting_queries
from projections.meetings import scope as meeting_scope
from projections.meetings.queries import DiscussionView, MeetingDetail, MeetingSummary

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MeetingFilters(BaseModel):
    """Which meetings to list: a month (``2026-11``) or a fiscal year (``2026`` = 令和8年度), type, status."""

    month: str | None = None
    fy: int | None = None
    meeting_type: str | None = None
    status: str | None = None

    @field_validator("month", "meeting_type", "status", "fy", mode="before")
    @classmethod
    def _blank_is_any(cls, value: Any) -> Any:
        return None if value == "" else value

    def period(self, today: date) -> Period:
        if self.fy is not None:
            if not 1989 <= self.fy <= 2100:
                raise InvalidInput("a fiscal year such as 2026", field="fy")
            return Period.fiscal_year(FiscalYear(self.fy))
        if self.month is None:
            return Period.month_of(today)
        match = MONTH.match(self.month)
        if match is None or not 1 <= int(match[2]) <= 12:
            raise InvalidInput("a month such as 2026-11", field="month")
        return Period.month_of(date(int(match[1]), int(match[2]), 1))

    def statuses(self) -> list[str] | None:
        if self.status is None:
            return None
        if self.status not in {s.value for s in MeetingStatus}:
            raise InvalidInput("one of scheduled, held, cancelled, voided", field="status")
        return [self.status]


@dataclass(frozen=True)
class Period:
    kind: str
    """"month" or "fy"."""
    first: date
    last: date

    @classmethod
    def month_of(cls, day: date) -> Period:
        first = day.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return cls("month", first, following - timedelta(days=1))

    @classmethod
    def fiscal_year(cls, fy: FiscalYear) -> Period:
        return cls("fy", fy.start, fy.end)

    @property
    def fy(self) -> FiscalYear:
        return FiscalYear.of(self.first)

    def neighbours(self) -> tuple[dict[str, str], dict[str, str]]:
        """The query parameters of the period before and after this one."""
        if self.kind == "fy":
            return {"fy": str(self.fy.year - 1)}, {"fy": str(self.fy.year + 1)}
        before = self.first - timedelta(days=1)
        after = self.last + timedelta(days=1)
        return {"month": f"{before:%Y-%m}"}, {"month": f"{after:%Y-%m}"}


@dataclass(frozen=True)
class MonthOfMeetings:
    first: date
    meetings: list[MeetingSummary]


def calendar(connection: Connection, filters: MeetingFilters, today: date, agency: str) -> dict[str, Any]:
    """The calendar page: the period, the agency's meetings month by month, and counts by status.

    Only meetings the agency convened or attended (``projections.meetings.scope``)."""
    period = filters.period(today)
    meetings = meeting_queries.meeting_calendar(
        connection,
        period.first,
        period.last,
        meeting_type=filters.meeting_type,
        statuses=filters.statuses(),
        agency=agency,
    )
    months: dict[date, list[MeetingSummary]] = {}
    for meeting in meetings:
        months.setdefault(meeting.meeting_on.replace(day=1), []).append(meeting)
    before, after = period.neighbours()
    keep = {k: v for k, v in (("meeting_type", filters.meeting_type), ("status", filters.status)) if v}
    other_view = {"fy": str(period.fy.year)} if period.kind == "month" else {"month": f"{period.first:%Y-%m}"}
    counts = {s.value: sum(1 for m in meetings if m.status == s.value) for s in MeetingStatus}
    return {
        "period": period,
        "months": [MonthOfMeetings(k, v) for k, v in months.items()],
        "meetings": meetings,
        "filters": filters,
        "before": before | keep,
        "after": after | keep,
        "other_view": other_view | keep,
        "status_counts": counts,
    }


def meeting(connection: Connection, meeting_id: UUID) -> MeetingDetail:
    """The meeting as the read model has it; a missing meeting is a 404."""
    detail = meeting_queries.meeting_detail(connection, meeting_id)
    if detail is None:
        raise NotFound("no such meeting", field="id")
    return detail


def may_read_record(detail: MeetingDetail, agency: str) -> bool:
    """支援会議 records are for the agencies that convened or attended the meeting only."""
    if not detail.meeting.restricted_records:
        return True
    return agency == detail.meeting.convenor_agency or any(a.agency == agency for a in detail.attendees)


def meeting_context(connection: Connection, meeting_id: UUID, agency: str) -> dict[str, Any]:
    detail = meeting(connection, meeting_id)
    return {
        "detail": detail,
        "m": detail.meeting,
        "may_read": may_read_record(detail, agency),
        "open_items": [i for i in detail.action_items if i.done_on is None],
    }


def case_number(case_id: UUID) -> str:
    """The short number a coordinator reads out and types into the case search."""
    return case_id.hex[:CASE_NUMBER_LENGTH].upper()


@dataclass(frozen=True)
class CaseMeetingLine:
    """A meeting on a case page, as much of it as the viewer's agency may see."""

    meeting: MeetingSummary
    discussion: DiscussionView | None
    opens: bool
    """The viewer's agency took part: the title links to the meeting's record."""
    withheld: bool
    """A restricted record (支援会議) the agency took no part in: only its type, date and status are shown."""


def case_meetings(connection: Connection, case_id: UUID, agency: str) -> dict[str, Any]:
    """The case page's meetings section: meetings that took the case up (or plan to), its open action items.

    Of a meeting the agency took no part in, a 支援会議 shows only that it took the case up on that date (no
    title, no outcome, no action items); another type its title and outcome, and its action items on the case,
    without a link to the record."""
    found = meeting_queries.meetings_of_case(connection, case_id)
    items = meeting_queries.open_action_items(connection, case_id=case_id)
    ids = {cm.meeting.meeting_id for cm in found} | {i.meeting_id for i in items}
    taken_part = meeting_scope.visible_meetings(connection, agency, ids)
    withheld = meeting_scope.restricted_meetings(connection, ids - taken_part)
    lines = [
        CaseMeetingLine(
            meeting=replace(cm.meeting, title="", summary="", status_reason=None),
            discussion=None,
            opens=False,
            withheld=True,
        )
        if cm.meeting.meeting_id in withheld
        else CaseMeetingLine(
            meeting=cm.meeting, discussion=cm.discussion, opens=cm.meeting.meeting_id in taken_part, withheld=False
        )
        for cm in found
    ]
    return {
        "case_meetings": lines,
        "case_open_items": [i for i in items if i.meeting_id not in withheld],
        "meetings_taken_part": taken_part,
    }


def withhold_meeting_outcomes(connection: Connection, agency: str, entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """A case's timeline for the API: a 支援会議 the agency took no part in keeps its type and date, not its outcome."""
    ids = {e.event.meeting_id for e in entries if isinstance(e.event, Case.DiscussedAtMeeting)}
    withheld = {
        str(m)
        for m in meeting_scope.restricted_meetings(
            connection, ids - meeting_scope.visible_meetings(connection, agency, ids)
        )
    }
    return [
        replace(e, payload={k: v for k, v in e.payload.items() if k != "outcome"})
        if isinstance(e.event, Case.DiscussedAtMeeting) and str(e.event.meeting_id) in withheld
        else e
        for e in entries
    ]


def cases_shown(detail: MeetingDetail) -> list[UUID]:
    """Every case a meeting's page or record names (planned, discussed, in an action item), for the audit."""
    ids = [p.case_id for p in detail.planned_cases] + [d.case_id for d in detail.discussions]
    return list(dict.fromkeys(ids + [i.case_id for i in detail.action_items if i.case_id is not None]))
