"""前年度比: each indicator's previous fiscal year beside the year, in every view of the year.

The previous year is counted under the same plan version and as of the same
moment as the year itself, so a report as of T compares T's figures with
T's figures. A year whose previous year lies outside the plan period has no
comparison ("—"). The difference and, for counts, the ratio (this year ÷
the previous year, in percent) are given only when both figures are shown:
a withheld count (``projections.reports.suppression``) withholds what could
be worked back from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy.engine import Connection

from domain.indicator import Unit
from domain.plan_assessment import IndicatorResult
from projections.indicators.engine import YearReport, reports_of
from projections.indicators.evaluation_records import PlanVersion, plan_at
from projections.reports import labels as ja
from projections.reports import suppression
from projections.reports.documents import Document, indicators_document

RATIO_STEP = Decimal("0.1")


def year_document(
    connection: Connection,
    code: str,
    year: int,
    as_of: datetime | None,
    *,
    k: int | None = None,
    stamp: datetime | None = None,
    version: PlanVersion | None = None,
) -> Document:
    """The year's report with 前年度比; with ``k``, small counts of both years suppressed (downloads, API, CLI).

    ``version``: the plan as of ``as_of``, when the caller has already read it (it is not read again).
    """
    report, previous = year_and_previous(connection, version or plan_at(connection, code, as_of), year, as_of)
    document = indicators_document(report, stamp=stamp)
    if k is not None:
        document = suppression.indicators_document(document, suppression.Withheld.of(report, k))
    hidden = frozenset() if previous is None or k is None else suppression.Withheld.of(previous, k).indicators
    return with_previous_year(document, previous, hidden)


def year_and_previous(
    connection: Connection, version: PlanVersion, year: int, as_of: datetime | None
) -> tuple[YearReport, YearReport | None]:
    """The year and the previous fiscal year (None outside the plan period), both under ``version`` and as of
    the same moment, counted together (``reports_of``: each exactly as counted alone)."""
    years = (year, year - 1) if version.plan.covers(year - 1) else (year,)
    reports = reports_of(connection, version, years, as_of)
    return reports[year], reports.get(year - 1)


def with_previous_year(document: Document, previous: YearReport | None, hidden: frozenset[str]) -> Document:
    """``document`` with ``previous_fiscal_year`` and, on every indicator item, the previous actual and the change."""
    document["previous_fiscal_year"] = None if previous is None else ja.fiscal_year(previous.fiscal_year)
    results = {} if previous is None else previous.results()
    for item in _items(document):
        item.update(comparison(item, results.get(item["code"]), item["code"] in hidden))
    return document


def _items(document: Document) -> Iterator[Document]:
    yield from document["indicators"]
    for measure in document["measures"]:
        for programme in measure["programmes"]:
            yield from programme["indicators"]


def comparison(item: Document, previous: IndicatorResult | None, withheld: bool) -> Document:
    """The previous actual (None: none, or withheld), the difference and the ratio where both are shown."""
    before = None if previous is None or withheld else ja.number(previous.actual)
    now, then = _number(item), None if before is None or item["unit"] == Unit.STATUS else _decimal(before)
    change = ratio = None
    if now is not None and then is not None:
        change = ja.number(now - then)
        if then > 0 and item["unit"] != Unit.PERCENT:
            ratio = ja.number((now * 100 / then).quantize(RATIO_STEP, rounding=ROUND_HALF_UP))
    return {"previous_actual": before, "previous_suppressed": withheld, "change": change, "change_ratio": ratio}


def _number(item: Document) -> Decimal | None:
    if item["unit"] == Unit.STATUS or item.get("suppressed") or item["actual"] is None:
        return None
    return _decimal(item["actual"])


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
