"""What the planner's across-the-years pages show: the 工程表 and one indicator's series with its chart.

The pages render the documents the API and ``kasane report roadmap|series`` return
(``projections.reports.plan_period``), so a cell on screen and in the JSON is one cell.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from markupsafe import Markup
from sqlalchemy.engine import Connection

from domain.fiscal_year import FiscalYear
from projections.indicators.evaluation_records import plan_at
from projections.reports.documents import Document
from projections.reports.plan_period import period_reports, roadmap_document, series_document
from web.i18n.language import Translator
from web.views import planner_view
from web.views.charts import Bar, target_actual_chart


def begun_through(today: Any, as_of: datetime | None, zone: tzinfo) -> int:
    """The last fiscal year that had begun by ``as_of`` (today when None), in the business time zone."""
    day = today if as_of is None else as_of.astimezone(zone).date()
    return FiscalYear.of(day).year


def roadmap(connection: Connection, code: str, as_of: datetime | None, through: int) -> Document:
    planner_view.check_known(connection, code, as_of)
    version, reports = period_reports(connection, code, as_of, through)
    return roadmap_document(version, reports, as_of)


def series(
    connection: Connection, code: str, indicator: str, as_of: datetime | None, through: int, *, k: int | None = None
) -> Document:
    """One indicator across the plan's years; an indicator the plan does not have is not found (404)."""
    planner_view.check_known(connection, code, as_of)
    version, reports = period_reports(connection, code, as_of, through)
    return series_document(version, reports, indicator, as_of, k=k)


def indicator_choices(connection: Connection, code: str, t: Translator) -> list[tuple[str, str]]:
    """(code, "code name") of every indicator of the plan as it stands, for the page's select."""
    plan = plan_at(connection, code, None).plan
    return [(i.code, f"{i.code} {i.name_en if t.lang == 'en' and i.name_en else i.name_ja}") for i in plan.indicators()]


def series_chart(document: Document, t: Translator) -> Markup:
    """Target against actual per plan year on one scale (the rows count the same thing); none for a milestone."""
    item = document["indicator"]
    if item["unit"] == "status":
        return Markup("")
    unit = planner_view.unit_text(item)
    bars = [
        Bar(p["fiscal_year"]["label_ja"], _number(p["target"]), _number(p["actual"]), unit) for p in document["points"]
    ]
    return target_actual_chart(
        bars,
        chart_id=f"series-{item['code']}",
        title=str(t("series_chart_title", indicator=planner_view.indicator_name(item, t))),
        desc=str(t("series_chart_desc")),
        target_label=str(t("chart_legend_target")),
        actual_label=str(t("chart_legend_actual")),
        shared_scale=True,
    )


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return None
