"""``kasane projections``: read models rebuilt, caught up, followed and inspected."""

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from projections.engine.catch_up import ProjectionOutdated
from web.cli.common import load_settings, open_application, open_read_models
from web.storage.bootstrap import build_read_models

projections_cli = typer.Typer(help="Read models kept up to date from the event log.", no_args_is_help=True)


@projections_cli.command("rebuild")
def rebuild_projections() -> None:
    """Drop every read model and replay the whole event log into it."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with open_read_models() as read_models, Progress(*columns) as progress:
        names = ", ".join(runner.name for runner in read_models.runners)
        task = progress.add_task(names, total=max(read_models.runners[0].head(), 1) if read_models.runners else 1)
        applied = read_models.rebuild(  # one pass over the log for all of them
            on_page=lambda step: progress.update(task, total=step.target, completed=step.position)
        )
        progress.update(task, completed=progress.tasks[task].total)
        for runner in read_models.runners:
            progress.console.print(f"{runner.name}: {applied // len(read_models.runners)} events replayed")


@projections_cli.command("status")
def projection_status() -> None:
    """Show how far each read model has got in the event log."""
    with open_read_models() as read_models:
        typer.echo("name\tversion\tposition\thead\tlag\tstate")
        for status in read_models.statuses():
            state = "never run" if status.stored_version is None else "outdated" if status.outdated else "ok"
            state += " (rebuilding beside)" if status.rebuilding else ""
            typer.echo(f"{status.name}\tv{status.version}\t{status.position}\t{status.head}\t{status.lag}\t{state}")


@projections_cli.command("catch-up")
def catch_up_projections() -> None:
    """Bring every read model up to the end of the log once; one built by an older version is rebuilt beside it.

    Run by the new release during an upgrade: readers keep the old tables until each new version is swapped in.
    A rebuild that was killed half-way (its tables left beside the current ones) is finished here.
    """
    with open_read_models() as read_models:
        for runner in read_models.runners:
            try:
                applied = runner.finish_interrupted_rebuild() + runner.catch_up()
            except ProjectionOutdated as error:
                typer.echo(f"エラー / error: {error}", err=True)
                raise typer.Exit(2) from None
            typer.echo(f"{runner.name}: {applied} events applied")


@projections_cli.command("follow")
def follow_projections(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", help="follow only this read model (repeatable), e.g. one projector process per read model"
        ),
    ] = None,
    interval: Annotated[float, typer.Option(min=0.05, help="seconds to wait when nothing new was recorded")] = 1.0,
) -> None:
    """Keep read models caught up with the log, continuously (the projector process); stops on SIGTERM or Ctrl-C.

    Optional: without it, the web app catches up on each request. A read model
    built by an older version is rebuilt beside the old tables and swapped in.
    """
    import signal
    import threading

    import sqlalchemy as sa

    from projections.engine.catalogue import UnknownReadModel, select_projections

    try:
        chosen = select_projections(only or [])
    except UnknownReadModel as error:
        typer.echo(f"エラー / error [--only]: {error}", err=True)
        raise typer.Exit(2) from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    settings = load_settings()

    def report(applied: int) -> None:
        if applied:
            typer.echo(f"{applied} events applied", err=True)

    with open_application(settings) as app:
        read_models = build_read_models(settings, app, projections=chosen)
        typer.echo(
            f"following {', '.join(r.name for r in read_models.runners)} (every {interval:g} s when idle)", err=True
        )
        try:
            while not stop.is_set():
                try:
                    read_models.follow(stop, interval=interval, on_catch_up=report)
                except sa.exc.OperationalError as error:  # the database restarting: wait, then carry on
                    typer.echo(f"database unavailable, retrying: {error.orig}", err=True)
                    stop.wait(max(interval, 5.0))
                except ProjectionOutdated as error:
                    typer.echo(f"エラー / error: {error}", err=True)
                    raise typer.Exit(2) from None
        except KeyboardInterrupt:
            pass
        finally:
            read_models.close()
    typer.echo("stopped", err=True)
