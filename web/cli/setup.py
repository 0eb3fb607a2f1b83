"""``kasane setup load FILE.toml``: a municipality's master data from its set-up file (docs/setup-file.md).

Every problem of a refused file is printed, one line each with its line number,
key and message, and the exit code is 2, as for every refusal of the CLI;
nothing is written then. Records the file no longer lists are printed and left
alone unless ``--retire-missing`` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from domain.errors import KasaneError
from domain.setup_file import Problem, SetupRefused, parse_setup
from domain.setup_loading import SetupOutcome, load_setup
from web.cli.access import CLI_ACTOR
from web.cli.common import load_settings, refusal
from web.i18n.catalogs import bilingual, setup_context
from web.storage.bootstrap import build_application

setup_cli = typer.Typer(
    help="Set-up of a municipality: agencies, areas, meeting types and staff from a file.", no_args_is_help=True
)


def problem_line(problem: Problem) -> str:
    """``エラー / error [agency[2].name]: 12行目：必須の項目です。… / line 12: is required``."""
    ja, en = bilingual(setup_context("problems"), problem.code) or ("{detail}", "{detail}")
    ja, en = ja.format(detail=problem.detail), en.format(detail=problem.detail)
    if problem.line:
        ja, en = f"{problem.line}行目：{ja}", f"line {problem.line}: {en}"
    return f"エラー / error [{problem.field}]: {ja} / {en}"


def _both(table: str, code: str) -> tuple[str, str]:
    """(Japanese, English) of a section or change; every code the loader reports has both (tests/unit/test_i18n.py)."""
    words = bilingual(setup_context(table), code)
    return words if words is not None else (code, code)


def outcome_lines(outcome: SetupOutcome, retire_missing: bool) -> list[str]:
    lines = []
    for change in outcome.changes:
        section, what = _both("sections", change.section), _both("changes", change.what)
        value = f"\t{change.value}" if change.value else ""
        lines.append(f"{section[0]} / {section[1]}\t{change.code}\t{what[0]} / {what[1]}{value}")
    if not outcome.changes:
        lines.append("変更はありません / nothing changed")
    if outcome.missing and not retire_missing:
        lines.append(
            "ファイルにない登録済みの記録（廃止していません。廃止するには --retire-missing を付けて再実行） / "
            "stored records not in the file (not retired; run again with --retire-missing to retire them):"
        )
        lines += [f"  {' / '.join(_both('sections', m.section))}\t{m.code}\t{m.name}" for m in outcome.missing]
    return lines


@setup_cli.command("load")
def setup_load(
    file: Annotated[Path, typer.Argument(help="the set-up file (TOML), e.g. examples/setup/sakuragaoka.toml")],
    retire_missing: Annotated[
        bool, typer.Option("--retire-missing", help="retire stored records that the file no longer lists")
    ] = False,
    reason: Annotated[
        str, typer.Option(help="reason recorded when retiring missing records")
    ] = "設定ファイルに記載がないため廃止",
) -> None:
    """Load agencies, areas, meeting types and staff; loading the same file again changes nothing."""
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"エラー / error [file]: ファイルを読めません / cannot read {file}: {error}", err=True)
        raise typer.Exit(2) from None
    app = build_application(load_settings())
    try:
        outcome = load_setup(app, parse_setup(source), actor=CLI_ACTOR, retire_missing=retire_missing, reason=reason)
    except SetupRefused as refused:
        for problem in refused.problems:
            typer.echo(problem_line(problem), err=True)
        typer.echo(
            f"{len(refused.problems)}件のエラーがあるため、何も登録していません / "
            f"{len(refused.problems)} problem(s): nothing was written",
            err=True,
        )
        raise typer.Exit(2) from None
    except KasaneError as error:
        raise refusal(error) from None
    finally:
        app.close()
    for line in outcome_lines(outcome, retire_missing):
        typer.echo(line)


def install(cli: typer.Typer) -> None:
    cli.add_typer(setup_cli, name="setup")
