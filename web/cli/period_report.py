"""``kasane report roadmap`` (the 工程表) and ``kasane report series`` (one indicator across the plan's years)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Connection

from domain.fiscal_year import FiscalYear
from projections.reports.documents import to_csv, to_json
from projections.reports.plan_period import period_reports, roadmap_document, roadmap_table, series_document
from projections.reports.xlsx import roadmap_xlsx
from web.cli.common import load_settings, read_caught_up

PlanCode = Annotated[str, typer.Option("--plan", help="plan code, e.g. komae-layered-1")]


class RoadmapFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


FormatOption = Annotated[RoadmapFormat, typer.Option("--format", help="json, csv (UTF-8 with BOM) or xlsx")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="file to write (default: standard output)")]


def _through() -> int:
    """The current fiscal year in the installation's zone: later years show their plan only."""
    return FiscalYear.of(load_settings().clock().today()).year


def report_roadmap(plan: PlanCode, fmt: FormatOption = RoadmapFormat.JSON, output: Output = None) -> None:
    """The 工程表: per measure and programme and plan year, the planned stage and the year's evaluation."""
    through = _through()

    def build(connection: Connection) -> dict[str, object]:
        version, reports = period_reports(connection, plan, None, through)
        return roadmap_document(version, reports, None)

    document = read_caught_up(build)
    if fmt == RoadmapFormat.XLSX:
        data = roadmap_xlsx(document)
    else:
        data = to_csv(*roadmap_table(document)) if fmt == RoadmapFormat.CSV else to_json(document)
    if output is None:
        typer.echo(data, nl=False)
    else:
        output.write_bytes(data)
        typer.echo(f"{output} ({len(data)} bytes)", err=True)


def report_series(
    plan: PlanCode, indicator: Annotated[str, typer.Option("--indicator", help="indicator code, e.g. K6-2")]
) -> None:
    """One indicator's target and actual in every year of the plan (small counts suppressed), as JSON."""
    through, k = _through(), load_settings().suppression_k

    def build(connection: Connection) -> dict[str, object]:
        version, reports = period_reports(connection, plan, None, through)
        return series_document(version, reports, indicator, None, k=k)

    typer.echo(to_json(read_caught_up(build)), nl=False)
