"""The caseload as of a past moment, as a document (JSON API, ``kasane report caseload``) and as a chart.

One shape for the API and the command line: the moment, its business date,
the headline counts (open cases, backlog, waiting for a plan, overdue
reviews) and each table of counts. The chart draws the month-end figures of
a fiscal year with ``web.views.charts``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from projections.cases.caseload_as_of import CaseloadAsOf
from web.views.charts import Bar, target_actual_chart
from web.views.planner_view import parse_moment

Document = dict[str, Any]
TABLES = ("by_status", "by_coordinator", "by_lead_agency", "by_area")
HEADLINES = ("open_cases", "backlog", "waiting_for_plan", "overdue_reviews")


def caseload_document(caseload: CaseloadAsOf, *, hide: Callable[[dict[str, int]], dict[str, Any]] = dict) -> Document:
    """The figures at one moment; ``hide`` may withhold small counts of each table (reports that leave)."""
    headlines = {name: getattr(caseload, name) for name in HEADLINES}
    return {
        "as_of": caseload.moment.isoformat(),
        "date": caseload.day.isoformat(),
        **hide(headlines),
        **{name: hide(getattr(caseload, name)) for name in TABLES},
    }


def by_month_document(fiscal_year: int, months: Sequence[CaseloadAsOf], **options: Any) -> Document:
    return {"fiscal_year": fiscal_year, "months": [caseload_document(month, **options) for month in months]}


def as_of_moment(text: str | None, field: str, *, zone: tzinfo, now: datetime | None = None) -> datetime | None:
    """A moment typed as ``parse_moment`` reads it; a bare date (``2025-03-31``) means the end of that day
    (or now, for today): "as of 31 March" is what was known when the day was over."""
    stripped = (text or "").strip()
    try:
        day = date.fromisoformat(stripped) if len(stripped) == len("2025-03-31") else None
    except ValueError:
        day = None
    if day is None:
        return parse_moment(text, field, now=now, zone=zone)
    now = now or datetime.now(UTC)
    start = parse_moment(text, field, now=now, zone=zone)  # refuses a day in the future or before the records
    assert start is not None
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=zone) - timedelta(microseconds=1)
    return min(end, now.astimezone(zone))


def month_label(moment: datetime) -> str:
    return f"{moment.year}-{moment.month:02d}"


def waiting_chart(months: Sequence[CaseloadAsOf], *, title: str, desc: str, labels: tuple[str, str]) -> Markup:
    """Open cases and cases waiting for a plan at each month end, on one scale (``labels``: those two)."""
    bars = [
        Bar(label=month_label(m.moment), target=Decimal(m.open_cases), actual=Decimal(m.waiting_for_plan), unit="")
        for m in months
    ]
    return target_actual_chart(
        bars,
        chart_id="caseload-by-month-chart",
        title=title,
        desc=desc,
        target_label=labels[0],
        actual_label=labels[1],
        shared_scale=True,
    )
