"""The plan period across its years: the 工程表 (planned stage per year against what happened) and one
indicator's series (target and actual per year).

Each year that has begun is the year's own report (``projections.indicators.engine``), counted and judged
under one plan version as of one moment, so a cell here is the figure or the evaluation the year's page shows.
Years that have not begun show their plan only. The 工程表 carries evaluations (達成/未達成, A–D) and
planned stages, never counts, so nothing in it is withheld (domain decision 14); a series of a count about
people is suppressed year by year like the year's report.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from domain.plan import Measure, Plan, Programme
from projections.indicators.engine import YearReport, reports_of
from projections.indicators.evaluation_records import PlanVersion, plan_at
from projections.reports import labels as ja
from projections.reports import suppression
from projections.reports.documents import Document, indicator


def period_reports(
    connection: Connection, code: str, as_of: datetime | None, through: int
) -> tuple[PlanVersion, dict[int, YearReport]]:
    """The plan as of ``as_of`` and the report of each of its years up to ``through`` (the current fiscal year)."""
    version = plan_at(connection, code, as_of)
    plan = version.plan
    last = min(plan.last_year, through)
    return version, reports_of(connection, version, tuple(range(plan.first_year, last + 1)), as_of)  # counted together


def _header(kind: str, version: PlanVersion, as_of: datetime | None) -> Document:
    plan = version.plan
    return {
        "report": kind,
        "plan": {
            "code": plan.code,
            "name": plan.name,
            "period": {"from": plan.first_year, "to": plan.last_year},
            "revision": version.revision,
            "digest": version.digest,
        },
        "as_of": ja.moment(as_of),
        "years": [ja.fiscal_year(y) for y in range(plan.first_year, plan.last_year + 1)],
    }


# ---- 工程表 -----------------------------------------------------------------------------------


def roadmap_document(version: PlanVersion, reports: dict[int, YearReport], as_of: datetime | None) -> Document:
    """Every measure and programme: per plan year, the planned stage and the year's evaluation (None: not begun)."""
    plan = version.plan
    document = _header("roadmap", version, as_of)
    rows: list[Document] = []
    for measure in plan.measures:
        rows.append(_row(plan, measure, None, reports))
        rows.extend(_row(plan, measure, programme, reports) for programme in measure.programmes)
    document["rows"] = rows
    return document


def _row(plan: Plan, measure: Measure, programme: Programme | None, reports: dict[int, YearReport]) -> Document:
    own = programme or measure
    planned = {s.year: s.stage for s in own.roadmap}
    return {
        "level": "measure" if programme is None else "programme",
        "code": own.code,
        "display_code": plan.display_code(measure, programme),
        "name": own.name,
        "has_roadmap": bool(own.roadmap),
        "years": [
            _cell(year, planned.get(year), reports.get(year), measure.code, programme)
            for year in range(plan.first_year, plan.last_year + 1)
        ],
    }


def _cell(
    year: int, stage: str | None, report: YearReport | None, measure: str, programme: Programme | None
) -> Document:
    cell: Document = {
        "year": year,
        "planned": stage,
        "planned_ja": ja.STAGE_LABELS[stage] if stage else None,
        "begun": report is not None,
        "result": None,
        "result_ja": None,
        "manual": False,
    }
    if report is None:
        return cell
    assessed = next(m for m in report.assessment.measures if m.code == measure)
    if programme is None:
        rating = assessed.rating.rating
        label = rating + (ja.MANUAL if assessed.rating.manual else "") if rating else ja.OUTCOME_LABELS["not_evaluated"]
        cell.update(result=rating, result_ja=label, manual=assessed.rating.manual)
    else:
        outcome = next(p for p in assessed.programmes if p.code == programme.code).outcome
        label = ja.OUTCOME_LABELS[outcome.outcome] + (ja.MANUAL if outcome.manual else "")
        cell.update(result=outcome.outcome, result_ja=label, manual=outcome.manual)
    return cell


# ---- one indicator across the years ---------------------------------------------------------------


def series_document(
    version: PlanVersion, reports: dict[int, YearReport], code: str, as_of: datetime | None, *, k: int | None = None
) -> Document:
    """One indicator's target and actual in every plan year (actual None for a year not begun, or withheld)."""
    plan = version.plan
    found = plan.indicator(code)
    document = _header("series", version, as_of)
    document["indicator"] = {
        "code": found.code,
        "name_ja": found.name_ja,
        "name_en": found.name_en,
        "unit": found.unit,
        "direction": found.direction,
        "counting": found.counting,
        "source": "manual" if found.is_manual else "rule",
    }
    points = []
    for year in range(plan.first_year, plan.last_year + 1):
        report = reports.get(year)
        points.append(_point(plan, found.code, year, report, k))
    document["points"] = points
    if k is not None:
        document["suppression"] = {"k": k, "marker": f"<{k}", "note_ja": suppression.note(k)}
    return document


def _point(plan: Plan, code: str, year: int, report: YearReport | None, k: int | None) -> Document:
    if report is None:
        target = plan.indicator(code).target_for(year)
        value = None if target is None else target[0].value
        return {
            "fiscal_year": ja.fiscal_year(year),
            "begun": False,
            "target": ja.number(value),
            "target_tbd": target is not None and target[0].to_be_decided,
            "actual": None,
            "rate": None,
            "achieved": None,
            "suppressed": False,
            "rate_band": None,
        }
    item: dict[str, Any] = indicator(report, report.results()[code])
    if k is not None:
        suppression.withhold(item, suppression.Withheld.of(report, k))
    return {
        "fiscal_year": ja.fiscal_year(year),
        "begun": True,
        "target": item["target"],
        "target_tbd": item["target_tbd"],
        "actual": item["actual"],
        "rate": item["rate"],
        "achieved": item["achieved"],
        "suppressed": bool(item.get("suppressed")),
        "rate_band": item.get("rate_band"),
    }


def roadmap_table(document: Document) -> tuple[list[str], list[dict[str, str]]]:
    """The 工程表 as a sheet: one row per measure and programme, 予定 and 実績 columns per plan year."""
    columns = ["区分", "番号", "名称"]
    for year in document["years"]:
        columns += [f"{year['label_ja']} 予定", f"{year['label_ja']} 実績"]
    rows = []
    for row in document["rows"]:
        level = "施策" if row["level"] == "measure" else "事業"
        line = {"区分": level, "番号": row["display_code"], "名称": row["name"]}
        for year, cell in zip(document["years"], row["years"], strict=True):
            line[f"{year['label_ja']} 予定"] = cell["planned_ja"] or ja.NO_FIGURE
            line[f"{year['label_ja']} 実績"] = cell["result_ja"] or "年度未到来"
        rows.append(line)
    return columns, rows
