"""``kasane plan``: municipal plans loaded from plan files."""

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from domain.actor import Actor
from domain.application import Kasane
from domain.plan_commands import ClearMeasureRating, LoadPlan, RateMeasure
from domain.plan_file import parse_plan
from projections.indicators.evaluation_records import plans
from web.cli.common import read_caught_up, run_on_application

plan_cli = typer.Typer(help="Municipal plans (計画) loaded from plan files (docs/plan-file.md).", no_args_is_help=True)


@plan_cli.command("load")
def plan_load(
    file: Annotated[Path, typer.Argument(help="the plan file (TOML)")],
    reason: Annotated[str, typer.Option(help="why a loaded plan changes, e.g. 中間見直し")] = "",
    on: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="date adopted (default: today)")] = None,
) -> None:
    """Load a plan file; loading a changed file for the same plan code records a new version."""
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"エラー / error: cannot read {file}: {error}", err=True)
        raise typer.Exit(2) from None

    def load(app: Kasane) -> None:
        code = parse_plan(source).code
        app.execute(
            LoadPlan(actor=Actor.system(), source=source, occurred_on=on.date() if on else app.today(), reason=reason)
        )
        revision = app.plan_definition(code).revisions
        typer.echo(f"計画 {code} を読み込みました（第{revision}版） / plan {code} loaded, revision {revision}")

    run_on_application(load)


@plan_cli.command("list")
def plan_list() -> None:
    """List the loaded plans in their current versions."""
    typer.echo("code\tname\tperiod\trevisions\tloaded_on")
    for p in read_caught_up(plans):
        typer.echo(f"{p.code}\t{p.name}\tFY{p.first_year}-FY{p.last_year}\t{p.revisions}\t{p.loaded_on.isoformat()}")


@plan_cli.command("rate")
def plan_rate(
    plan: Annotated[str, typer.Option("--plan", help="the plan code")],
    fy: Annotated[int, typer.Option("--fy", help="the fiscal year, e.g. 2023")],
    measure: Annotated[str, typer.Option(help="the measure code (as in the plan file)")],
    rating: Annotated[str, typer.Option(help="one of the plan's ratings: A–D, or its status words (順調 …)")],
    note: Annotated[str, typer.Option(help="why: the reason shown beside the rating")],
    on: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="date rated (default: today)")] = None,
) -> None:
    """Rate a measure by hand for a year; it wins over a computed rating until cleared."""

    def rate(app: Kasane) -> None:
        app.execute(
            RateMeasure(
                actor=Actor.system(),
                plan_code=plan,
                fiscal_year=fy,
                occurred_on=on.date() if on else app.today(),
                measure=measure,
                rating=rating,
                note=note,
            )
        )
        shown = app.plan(plan)
        code = shown.display_code(shown.measure(measure))
        typer.echo(f"施策 {code} を {rating} と評価しました（{fy}年度） / measure {measure} rated {rating} for FY{fy}")

    run_on_application(rate)


@plan_cli.command("unrate")
def plan_unrate(
    plan: Annotated[str, typer.Option("--plan", help="the plan code")],
    fy: Annotated[int, typer.Option("--fy", help="the fiscal year, e.g. 2023")],
    measure: Annotated[str, typer.Option(help="the measure code (as in the plan file)")],
    reason: Annotated[str, typer.Option(help="why the rating given by hand is withdrawn")],
    on: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="date (default: today)")] = None,
) -> None:
    """Withdraw a measure's rating given by hand; the history keeps it."""

    def clear(app: Kasane) -> None:
        day = on.date() if on else app.today()
        app.execute(
            ClearMeasureRating(
                actor=Actor.system(), plan_code=plan, fiscal_year=fy, occurred_on=day, measure=measure, reason=reason
            )
        )
        typer.echo(f"施策 {measure} の手動の評価を取り消しました（{fy}年度） / measure {measure}: rating withdrawn")

    run_on_application(clear)
