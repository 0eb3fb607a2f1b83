"""``kasane report caseload``: the caseload as it stood, and as it was known, at a past moment or month by month.

Counts of households leave the building here, so small counts are withheld
like every ``kasane report`` (``KASANE_SUPPRESSION_K``).
"""

from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from typing import Annotated

import typer
from sqlalchemy.engine import Connection

from domain.errors import InvalidInput
from domain.fiscal_year import FiscalYear
from projections.cases.caseload_as_of import caseload_as_of, caseload_by_month
from projections.reports.documents import to_json
from projections.reports.k_suppression import suppress_all
from web.cli.common import load_settings, read_caught_up
from web.views.caseload_history import Document, as_of_moment, by_month_document, caseload_document


class Period(StrEnum):
    MONTH = "month"


def report_caseload(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="the moment, e.g. 2025-03-31T17:00 (Japan time unless an offset is given)"),
    ] = None,
    by: Annotated[Period | None, typer.Option("--by", help="month: the end of each month of --fy")] = None,
    fy: Annotated[int | None, typer.Option("--fy", help="fiscal year (年度) of --by month: 2024 = 令和6年度")] = None,
) -> None:
    """Open cases, statuses, overdue reviews and backlog as they stood and were known then (or at each month end)."""
    settings = load_settings()
    zone, k = settings.clock().zone, settings.suppression_k
    if (by is None) == (as_of is None) or (by is not None and fy is None):
        typer.echo("エラー / error [--as-of]: give --as-of MOMENT, or --by month --fy YEAR", err=True)
        raise typer.Exit(2)
    moment = _moment(as_of, zone)

    def hide(counts: dict[str, int]) -> dict[str, object]:
        return dict(suppress_all(counts, k))

    def build(connection: Connection) -> Document:
        if fy is not None:
            months = caseload_by_month(connection, FiscalYear(fy), zone, datetime.now(UTC))
            return by_month_document(fy, months, hide=hide)
        assert moment is not None
        return caseload_document(caseload_as_of(connection, moment, zone), hide=hide)

    typer.echo(to_json(read_caught_up(build)), nl=False)


def _moment(text: str | None, zone: tzinfo) -> datetime | None:
    try:
        return as_of_moment(text, "--as-of", zone=zone)
    except InvalidInput as error:
        typer.echo(f"エラー / error [--as-of]: {error.message}", err=True)
        raise typer.Exit(2) from None
