"""The ``kasane`` command line: the root command and its groups, one module each (``web.cli.*``).

Shared plumbing (settings, refusals as exit code 2) lives in ``web.cli.common``.
"""

from typing import Annotated

import typer

from web.cli import access, caseload_import, cases, events, exports, plans, projections, reports, setup
from web.cli import demo as demo_commands

cli = typer.Typer(
    help="Kasane (重ね): case and support-meeting tracker for the layered support system.",
    no_args_is_help=True,
    add_completion=False,
)
cli.command("history")(cases.history)
cli.command("demo")(demo_commands.demo)
cli.add_typer(projections.projections_cli, name="projections")
cli.add_typer(events.events_cli, name="events")
cli.add_typer(plans.plan_cli, name="plan")
cli.add_typer(reports.report_cli, name="report")
cli.add_typer(cases.case_cli, name="case")
cli.add_typer(cases.retention_cli, name="retention")
cli.add_typer(exports.export_cli, name="export")
access.install(cli)
setup.install(cli)
caseload_import.install(cli)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="server processes (uvicorn workers); about one per core")
    ] = 1,
) -> None:
    """Run the web app (uvicorn), in ``--workers`` processes sharing the port.

    Each worker has its own application, read models and connection pools, and catches the read models up on
    every request; page commits compare-and-set the read models' positions, so workers catching up at the same
    time apply each page exactly once (``projections.engine.catch_up``). Each worker listens on a socket of its
    own, so the kernel spreads the connections over them (``web.http.workers``).
    """
    if workers > 1:
        from web.http.workers import PortInUse, listening_sockets, serve_in_workers

        try:
            sockets = listening_sockets(host, port, workers)
        except PortInUse as error:
            typer.echo(f"kasane serve: {error}", err=True)
            raise typer.Exit(1) from None
        _prepare_store()
        raise typer.Exit(serve_in_workers(sockets))

    from web.http.heap import Server
    from web.http.workers import server_config

    Server(server_config(host=host, port=port)).run()


def _prepare_store() -> None:
    """Start and stop the app once in this process, before the workers: its tables are made and its read models
    caught up here, so workers starting at the same time do not race to create the same tables."""
    import asyncio

    from web.app import create_app

    async def start_and_stop() -> None:
        app = create_app()
        async with app.router.lifespan_context(app):
            pass

    asyncio.run(start_and_stop())


def main() -> None:
    cli(prog_name="kasane")


if __name__ == "__main__":
    main()
