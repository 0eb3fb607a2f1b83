"""``kasane report``: plan indicator reports, provenance and diffs, now or as of a moment."""

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Connection

from domain.errors import InvalidInput
from projections.indicators.engine import year_diff, year_report
from projections.indicators.evaluation_records import value_records
from projections.reports import suppression
from projections.reports.documents import csv_of, to_json
from projections.reports.provenance_scope import within_scope
from projections.reports.trace import diff_document, provenance_document
from projections.reports.xlsx import to_xlsx
from projections.reports.year_over_year import year_document
from web.cli.caseload_report import report_caseload
from web.cli.common import load_settings, read_caught_up
from web.cli.finalize_report import report_finalize, report_finalized
from web.cli.period_report import report_roadmap, report_series
from web.cli.what_if_report import report_what_if
from web.views.finalization import with_finalization
from web.views.planner_view import parse_moment

report_cli = typer.Typer(
    help="Plan indicator reports (進捗管理), now or as known at a past moment.", no_args_is_help=True
)


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


PlanCode = Annotated[str, typer.Option("--plan", help="plan code, e.g. komae-layered-1")]
FiscalYearOption = Annotated[int, typer.Option("--fy", help="fiscal year (年度): 2023 = 令和5年度")]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="report what had been recorded by then, e.g. 2024-05-31T17:00 (Japan time unless an offset "
        "such as +00:00 is given)",
    ),
]
FormatOption = Annotated[ReportFormat, typer.Option("--format", help="json, csv or xlsx")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="file to write (default: standard output)")]
Stamp = Annotated[bool, typer.Option("--stamp", help="include when the report was made and when events were written")]


@report_cli.command("indicators")
def report_indicators(
    plan: PlanCode,
    fy: FiscalYearOption,
    as_of: AsOf = None,
    fmt: FormatOption = ReportFormat.JSON,
    output: Output = None,
    stamp: Stamp = False,
    definition: Annotated[
        Path | None,
        typer.Option(
            "--definition",
            help="what-if: a revised plan file (e.g. a 中間見直し draft), or the name of one in "
            "KASANE_WHAT_IF_DIR, counted beside the loaded one for every year up to --fy, as JSON; nothing is recorded",
        ),
    ] = None,
) -> None:
    """A plan's year: every indicator, programme and measure rating (進捗管理シート, 評価総括表).

    Without --as-of it says 案 or 確定, and once 確定 the 確定 figures beside the restated ones."""
    if definition is not None:
        _write(report_what_if(plan, fy, definition, as_of=as_of, fmt=fmt), output)
        return
    moment, made, k = _moment(as_of), _stamp(stamp), load_settings().suppression_k

    def build(connection: Connection) -> dict[str, object]:
        document = year_document(connection, plan, fy, moment, k=k, stamp=made)
        return document if moment is not None else with_finalization(connection, document, plan, fy, k)

    document = read_caught_up(build)
    _write(to_xlsx(document, stamp=made) if fmt == ReportFormat.XLSX else _text(document, fmt), output)


@report_cli.command("provenance")
def report_provenance(
    plan: PlanCode,
    fy: FiscalYearOption,
    indicator: Annotated[str, typer.Option(help="indicator code, e.g. A04")],
    as_of: AsOf = None,
    fmt: FormatOption = ReportFormat.JSON,
    output: Output = None,
    stamp: Stamp = False,
) -> None:
    """The events (and cases) behind one indicator's figure."""
    moment, made, k = _moment(as_of), _stamp(stamp), load_settings().suppression_k

    def build(connection: Connection) -> dict[str, object]:
        report = year_report(connection, plan, fy, moment)
        records = value_records(connection, report.version.plan.code, fy, indicator, moment)
        document = suppression.provenance_document(
            provenance_document(report, indicator, records=records, stamp=made), suppression.Withheld.of(report, k)
        )
        return within_scope(document, (), k)  # the command line has no case scope: counts per agency and month

    _write(_text(read_caught_up(build), fmt), output)


@report_cli.command("diff")
def report_diff(
    plan: PlanCode,
    fy: FiscalYearOption,
    as_of: Annotated[str, typer.Option("--as-of", help="the moment")],
    fmt: FormatOption = ReportFormat.JSON,
    output: Output = None,
    stamp: Stamp = False,
) -> None:
    """What changed each figure between the report as of a moment and now: late entries, voids, corrections."""
    moment, made, k = _moment(as_of), _stamp(stamp), load_settings().suppression_k
    assert moment is not None

    def build(connection: Connection) -> dict[str, object]:
        diff = year_diff(connection, plan, fy, moment)
        return suppression.diff_document(diff_document(diff, stamp=made), diff, k)

    _write(_text(read_caught_up(build), fmt), output)


def _moment(text: str | None) -> datetime | None:
    """The one as-of parser of the web (``web.views.planner_view.parse_moment``), its refusal as the CLI's error."""
    try:
        return parse_moment(text, "--as-of", zone=load_settings().clock().zone)  # no offset: KASANE_TIMEZONE
    except InvalidInput as error:
        typer.echo(f"エラー / error [--as-of]: {error.message}", err=True)
        raise typer.Exit(2) from None


def _stamp(stamp: bool) -> datetime | None:
    return datetime.now(UTC) if stamp else None


def _text(document: dict[str, object], fmt: ReportFormat) -> bytes:
    if fmt == ReportFormat.XLSX:
        typer.echo("エラー / error [--format]: only the indicators report comes as xlsx", err=True)
        raise typer.Exit(2)
    return to_json(document) if fmt == ReportFormat.JSON else csv_of(document)


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        typer.echo(data, nl=False)
    else:
        output.write_bytes(data)
        typer.echo(f"{output} ({len(data)} bytes)", err=True)


report_cli.command("caseload")(report_caseload)
report_cli.command("finalize")(report_finalize)
report_cli.command("finalized")(report_finalized)
report_cli.command("roadmap")(report_roadmap)
report_cli.command("series")(report_series)
