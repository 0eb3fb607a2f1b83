"""The ``kasane`` command line.

Domain errors become one-line messages and exit code 2 in one place
(``_run``); nothing is written when a command is refused.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar
from uuid import UUID

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from domain.application import Kasane
from domain.errors import KasaneError
from projections.catalogue import ReadModels
from web.bootstrap import build_application, build_read_models
from web.settings import Settings

T = TypeVar("T")

cli = typer.Typer(
    help="Kasane (重ね): case and support-meeting tracker for the layered support system.",
    no_args_is_help=True,
    add_completion=False,
)


projections_cli = typer.Typer(help="Read models kept up to date from the event log.", no_args_is_help=True)
cli.add_typer(projections_cli, name="projections")
events_cli = typer.Typer(help="Backup and restore of the event log.", no_args_is_help=True)
cli.add_typer(events_cli, name="events")


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as error:
        typer.echo(f"設定エラー / configuration error: {error}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _application(settings: Settings | None = None) -> Iterator[Kasane]:
    app = build_application(settings or _settings())
    try:
        yield app
    finally:
        app.close()


@contextmanager
def _read_models() -> Iterator[ReadModels]:
    settings = _settings()
    with _application(settings) as app:
        read_models = build_read_models(settings, app)
        try:
            yield read_models
        finally:
            read_models.close()


def _run(action: Callable[[Kasane], T]) -> T:
    """Run ``action`` on the configured application, turning refusals into exit code 2."""
    with _application() as app:
        try:
            return action(app)
        except KasaneError as error:
            where = f" [{error.field}]" if error.field else ""
            typer.echo(f"エラー / error{where}: {error.message}", err=True)
            raise typer.Exit(2) from None


@cli.command()
def history(aggregate_id: Annotated[str, typer.Argument(help="case, meeting or activity id")]) -> None:
    """Print every event recorded for one case, meeting or activity, oldest first."""
    try:
        parsed = UUID(aggregate_id)
    except ValueError:
        typer.echo(f"エラー / error: {aggregate_id!r} is not an id", err=True)
        raise typer.Exit(2) from None
    for entry in _run(lambda app: app.history(parsed)):
        typer.echo(
            f"v{entry.version}\t{entry.occurred_on.isoformat()}\t{entry.event}\t"
            f"{entry.actor.user_id}@{entry.actor.agency_id}\t{entry.recorded_at.isoformat(timespec='seconds')}"
        )


@cli.command()
def demo(
    seed: Annotated[int, typer.Option(help="random seed: the same seed on the same day gives the same events")] = 1,
    households: Annotated[int, typer.Option(min=1, max=100_000, help="number of households")] = 300,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="do nothing when the store has events")] = False,
) -> None:
    """Fill the configured store with a realistic demo municipality."""
    from web.demo import demo_commands

    def load(app: Kasane) -> None:
        if (app.recorder.max_notification_id() or 0) > 0:
            if if_empty:
                typer.echo("デモデータは読み込み済みです / the store already has events; nothing loaded")
                return
            typer.echo("エラー / error: the store is not empty; demo data goes only into an empty store", err=True)
            raise typer.Exit(2)
        commands = demo_commands(seed=seed, today=app.today(), households=households)
        with typer.progressbar(commands, label="デモデータ / demo data") as bar:
            for command in bar:
                app.execute(command)
        typer.echo(f"{len(commands)} commands recorded (seed {seed}, {households} households)")

    _run(load)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Run the web app (uvicorn)."""
    import uvicorn

    uvicorn.run("web.app:create_app", factory=True, host=host, port=port)


@projections_cli.command("rebuild")
def rebuild_projections() -> None:
    """Drop every read model and replay the whole event log into it."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with _read_models() as read_models, Progress(*columns) as progress:
        for runner in read_models.runners:
            task = progress.add_task(runner.name, total=max(runner.head(), 1))
            applied = runner.rebuild(
                on_page=lambda step, task=task: progress.update(task, total=step.target, completed=step.position)
            )
            progress.update(task, completed=progress.tasks[task].total)
            progress.console.print(f"{runner.name}: {applied} events replayed")


@projections_cli.command("status")
def projection_status() -> None:
    """Show how far each read model has got in the event log."""
    with _read_models() as read_models:
        typer.echo("name\tversion\tposition\thead\tlag\tstate")
        for status in read_models.statuses():
            state = "never run" if status.stored_version is None else "outdated" if status.outdated else "ok"
            typer.echo(
                f"{status.name}\tv{status.version}\t{status.position}\t{status.head}\t{status.lag}\t{state}"
            )


@events_cli.command("export")
def export_log(output: Annotated[Path, typer.Option("--output", "-o", help="file to write (.jsonl.gz)")]) -> None:
    """Write the whole event log to a gzip'd JSON-lines file with a checksum."""
    from web.backup import export_events

    summary = _run(lambda app: export_events(app, output))
    typer.echo(f"{summary.events} events written to {output} (sha256 {summary.sha256})")


@events_cli.command("import")
def import_log(file: Annotated[Path, typer.Argument(help="a file written by 'kasane events export'")]) -> None:
    """Load an export into an empty store (all or nothing); then rebuild the read models."""
    from web.backup import import_events

    summary = _run(lambda app: import_events(app, file))
    typer.echo(f"{summary.events} events imported from {file}; run 'kasane projections rebuild' next")


@events_cli.command("verify")
def verify_log(file: Annotated[Path, typer.Argument(help="a file written by 'kasane events export'")]) -> None:
    """Check that an export is complete and intact, without touching any store."""
    from domain.errors import KasaneError
    from web.backup import verify

    try:
        summary = verify(file)
    except KasaneError as error:
        typer.echo(f"エラー / error: {error.message}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"ok: {summary.events} events, sha256 {summary.sha256}")


def main() -> None:
    cli(prog_name="kasane")


if __name__ == "__main__":
    sys.exit(main())
