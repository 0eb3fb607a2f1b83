"""``kasane import caseload FILE``: an existing caseload from the template workbook or its CSV files (docs/import.md).

``--dry-run`` checks every row and lists every problem (sheet, row, column, message in Japanese and English)
without writing. A real run writes all rows or none; the same file imported again adds nothing. Refusals exit
with status 2, as every refusal of the CLI does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from domain.errors import KasaneError
from web.caseload_import.report import counts_line, missing_line, problem_message, where
from web.caseload_import.run import ImportReport, import_caseload
from web.caseload_import.workbook import UnreadableFile, read_path
from web.cli.access import CLI_ACTOR
from web.cli.common import load_settings, refusal
from web.demo.scale import BatchingKasane
from web.i18n.language import Translator
from web.storage.settings import eventsourcing_env

JA, EN = Translator("ja"), Translator("en")

import_cli = typer.Typer(help="Import records kept elsewhere: an existing caseload.", no_args_is_help=True)


@import_cli.command("caseload")
def import_caseload_command(
    file: Annotated[Path, typer.Argument(help="the workbook (.xlsx), a CSV file, or a folder of CSV files")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="check every row and list the problems; write nothing")
    ] = False,
) -> None:
    """Import households, members, consultations and visits, and support meetings; all rows or none."""
    try:
        source = read_path(file)
    except (OSError, UnreadableFile) as error:
        typer.echo(f"エラー / error [file]: ファイルを読めません / cannot read the file: {error}", err=True)
        raise typer.Exit(2) from None
    settings = load_settings()
    app = BatchingKasane(eventsourcing_env(settings), today=settings.clock().today)
    try:
        report = import_caseload(app, source, CLI_ACTOR, dry_run=dry_run)
    except KasaneError as error:
        raise refusal(error) from None
    finally:
        app.close()
    _print(report, dry_run)


def _print(report: ImportReport, dry_run: bool) -> None:
    typer.echo(f"SHA-256: {report.sha256}")
    if report.already_imported:
        typer.echo(
            "このファイルは取込済みです。何も追加していません / already imported: nothing added "
            f"({counts_line(report)})"
        )
        return
    for problem in report.problems:
        ja, en = problem_message(problem, JA), problem_message(problem, EN)
        typer.echo(f"エラー / error [{where(problem, JA)}]: {ja} / {en}", err=True)
    if report.missing:
        typer.echo("マスタに登録されていないもの / missing master data:", err=True)
        for missing in report.missing:
            typer.echo(f"  {missing_line(missing, JA)} / {missing_line(missing, EN)}", err=True)
    if report.problems:
        count = len(report.problems)
        typer.echo(
            f"{count}件のエラーがあるため、何も登録していません / {count} problem(s): nothing was written", err=True
        )
        raise typer.Exit(2)
    if dry_run:
        typer.echo(f"問題はありません（登録していません） / no problems (nothing written): {counts_line(report)}")
    else:
        typer.echo(f"登録しました / recorded: {counts_line(report)} ({report.events} events)")


def install(cli: typer.Typer) -> None:
    cli.add_typer(import_cli, name="import")
