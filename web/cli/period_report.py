"""``kasane report roadmap`` (the 工程表) and ``kasane report series`` (one indicator across the plan's years)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.engine import Connection

from domain.fiscal_year import FiscalYear
from projections.reports.documents import to_csv, to_json
from projections.reports.plan_period import period_reports, roadmap_document, roadmap_table, series_document
from web.cli.common import load_settings, read_caught_up

PlanCode = Annotated[str, typer.Option("--plan", help="plan code, e.g. komae-layered-1")]
Csv = Annotated[bool, typer.Option("--csv", help="CSV (UTF-8 with BOM) instead of JSON")]


def _through() -> int:
    """The current fiscal year in the installation's zone: later years show their plan only."""
    return FiscalYear.of(load_settings().clock().today()).year


def report_roadmap(plan: PlanCode, csv: Csv = False) -> None:
    """The 工程表: per measure and programme and plan year, the planned stage and the year's evaluation."""
    through = _through()

    def build(connection: Connection) -> dict[str, object]:
        version, reports = period_reports(connection, plan, None, through)
        return roadmap_document(version, reports, None)

    document = read_caught_up(build)
    typer.echo(to_csv(*roadmap_table(document)) if csv else to_json(document), nl=False)


def report_series(
    plan: PlanCode, indicator: Annotated[str, typer.Option("--indicator", help="indicator code, e.g. K6-2")]
) -> None:
    """One indicator's target and actual in every year of the plan (small counts suppressed), as JSON."""
    through, k = _through(), load_settings().suppression_k

    def build(connection: Connection) -> dict[str, object]:
        version, reports = period_reports(connection, plan, None, through)
        return series_document(version, reports, indicator, None, k=k)

    typer.echo(to_json(read_caught_up(build)), nl=False)
