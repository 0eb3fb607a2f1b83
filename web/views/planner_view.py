"""What the planner's screens show, gathered from the indicator engine in one place.

Pages render the same documents the downloads and the API return
(``projections.reports.documents`` / ``report_trace``), so a figure on screen, in
the CSV and in the JSON is one figure. An as-of moment is read here: a
moment without an offset is Japan time, as in ``kasane report --as-of``.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Connection

from domain.errors import InvalidInput, NotFound
from domain.fiscal_year import FiscalYear
from projections.indicators.engine import year_diff, year_report
from projections.indicators.evaluation_records import (
    PlanListing,
    PlanVersion,
    current_plan,
    plan_at,
    value_records,
)
from projections.reports import labels as ja
from projections.reports import suppression, year_over_year
from projections.reports.documents import Document
from projections.reports.provenance_scope import case_ids_of, cases_in_scope, within_scope
from projections.reports.trace import diff_document, provenance_document
from web.i18n.language import Translator
from web.views.charts import Bar, target_actual_chart


class BadMoment(InvalidInput):
    """Raised when an as-of moment is not a date and time such as 2026-05-31T17:00."""

    code = "bad_moment"


class MomentInFuture(InvalidInput):
    """Raised when an as-of moment lies in the future: nothing is known about it yet."""

    code = "moment_in_future"


class NotLoadedThen(InvalidInput):
    """Raised when a report is asked for as of a moment before its plan was loaded."""

    code = "plan_not_loaded_then"


EARLIEST_YEAR = 1900
"""Moments are bounded: ``0001-01-01T00:00`` in Japan time lies before the year 1 in UTC, which overflows."""


def parse_moment(
    text: str | None, field: str = "as_of", *, now: datetime | None = None, zone: tzinfo = ja.JST
) -> datetime | None:
    """A moment typed as ISO (``2026-05-31T17:00``, seconds and an offset optional); blank is None."""
    if text is None or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadMoment(f"{text!r} is not a moment such as 2026-05-31T17:00", field=field) from None
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment  # no offset: KASANE_TIMEZONE
    now = now or datetime.now(UTC)
    if moment.year > now.year + 1 or moment > now:
        raise MomentInFuture("the moment is in the future; nothing is known about it yet", field=field)
    if moment.year < EARLIEST_YEAR:
        raise BadMoment(f"a moment before {EARLIEST_YEAR} is not one the records can reach", field=field)
    return moment


def moment_input(moment: datetime | None, zone: tzinfo = ja.JST) -> str:
    """A moment as a ``datetime-local`` input shows it: Japan time, no offset, to the millisecond."""
    if moment is None:
        return ""
    local = moment.astimezone(zone).replace(tzinfo=None)
    return local.isoformat(timespec="milliseconds" if local.microsecond else "seconds")


def plan_listing(connection: Connection, code: str) -> PlanListing:
    return current_plan(connection, code)[0]


def default_year(listing: PlanListing, today: Any) -> int:
    """The current fiscal year, kept inside the plan period."""
    return min(max(FiscalYear.of(today).year, listing.first_year), listing.last_year)


def year_labels(year: int) -> dict[str, Any]:
    return {"year": year, "era": ja.era_year(year), "western": f"FY{year}"}


def check_known(connection: Connection, code: str, as_of: datetime | None, field: str = "as_of") -> None:
    """A plan loaded after ``as_of`` had no figures then (422 on the moment); one never loaded is not found (404)."""
    if as_of is not None:
        known_plan(connection, code, as_of, field)


def known_plan(connection: Connection, code: str, as_of: datetime | None, field: str = "as_of") -> PlanVersion:
    """The plan as it stood at ``as_of`` (now when None), refused as ``check_known`` says."""
    try:
        return plan_at(connection, code, as_of)
    except NotFound:
        if as_of is None:
            raise
        plan_at(connection, code, None)
        raise NotLoadedThen(f"plan {code} had not been loaded by {as_of.isoformat()}", field=field) from None


def year_document(
    connection: Connection,
    code: str,
    year: int,
    as_of: datetime | None,
    *,
    k: int | None = None,
    current: PlanVersion | None = None,
) -> Document:
    """The year's report with 前年度比; with ``k``, small counts suppressed as for anything that leaves the building.

    ``current``: the plan's current version when the caller has read it already (used for a report as known now).
    """
    version = current if as_of is None and current is not None else known_plan(connection, code, as_of)
    return year_over_year.year_document(connection, code, year, as_of, k=k, version=version)


def provenance(
    connection: Connection,
    code: str,
    year: int,
    indicator: str,
    as_of: datetime | None,
    *,
    k: int | None = None,
    visible_to: tuple[str, str] | None = None,
    scope_k: int | None = None,
) -> Document:
    """One figure's events (or entries); an indicator the plan does not have is not found (404).

    With ``scope_k``, record-level rows only for the cases the reader (``visible_to``; None: no case scope) may
    see, the others counted per agency and month (``projections.reports.provenance_scope``)."""
    document = _provenance(connection, code, year, indicator, as_of, k=k)
    if scope_k is None:
        return document
    visible = cases_in_scope(connection, case_ids_of(document), visible_to)
    return within_scope(document, visible, scope_k)


def _provenance(
    connection: Connection, code: str, year: int, indicator: str, as_of: datetime | None, *, k: int | None = None
) -> Document:
    check_known(connection, code, as_of)
    report = year_report(connection, code, year, as_of)
    if indicator not in report.results():
        raise NotFound(f"plan {code} has no indicator {indicator!r}", field="indicator_code")
    records = value_records(connection, report.version.plan.code, year, indicator, as_of)
    document = provenance_document(report, indicator, records=records)
    return document if k is None else suppression.provenance_document(document, suppression.Withheld.of(report, k))


def changes(connection: Connection, code: str, year: int, since: datetime, *, k: int | None = None) -> Document:
    check_known(connection, code, since, "since")
    diff = year_diff(connection, code, year, since)
    document = diff_document(diff)
    return document if k is None else suppression.diff_document(document, diff, k)


def indicator_name(item: dict[str, Any], t: Translator) -> str:
    return item["name_en"] if t.lang == "en" and item.get("name_en") else item["name_ja"]


def unit_text(item: dict[str, Any]) -> str:
    return "" if item["unit"] == "status" else item["unit"]


def measure_chart(measure: Document, t: Translator) -> Any:
    """The target-versus-actual chart of a measure's numeric indicators (re-listed ones once, where defined)."""
    bars = [
        Bar(f"{i['code']} {indicator_name(i, t)}", _number(i["target"]), _number(i["actual"]), unit_text(i))
        for p in measure["programmes"]
        for i in p["indicators"]
        if i["unit"] != "status" and not i["relisted"] and (i["target"] is not None or i["actual"] is not None)
    ]
    return target_actual_chart(
        bars,
        chart_id=f"chart-{measure['code']}",
        title=str(t("chart_title", measure=measure["name"])),
        desc=str(t("chart_desc")),
        target_label=str(t("chart_legend_target")),
        actual_label=str(t("chart_legend_actual")),
    )


def measure_charts(document: Document, t: Translator) -> dict[str, Any]:
    """Each measure's chart, by its code."""
    return {m["code"]: measure_chart(m, t) for m in document["measures"]}


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def plan_years(listing: PlanListing, today: Any) -> list[dict[str, Any]]:
    """The plan's years that have begun, for the year selector."""
    last = min(listing.last_year, FiscalYear.of(today).year)
    return [year_labels(y) for y in range(listing.first_year, max(last, listing.first_year) + 1)]
