"""The ``kasane`` command line: the root command and its groups, one module each (``web.cli.*``).

Shared plumbing (settings, refusals as exit code 2) lives in ``web.cli.common``.
"""

from typing import Annotated

import typer

from web.cli import access, cases, events, plans, projections, reports, setup
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
access.install(cli)
setup.install(cli)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
) -> None:
    """Run the web app (uvicorn)."""
    import uvicorn

    uvicorn.run("web.app:create_app", factory=True, host=host, port=port)


def main() -> None:
    cli(prog_name="kasane")


if __name__ == "__main__":
    main()
