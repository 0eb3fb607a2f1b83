"""The ``kasane`` command line.

Domain errors become one-line messages and exit code 2 in one place
(``_run``); nothing is written when a command is refused.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar
from uuid import UUID

import typer

from domain.application import Kasane
from domain.errors import KasaneError
from web.bootstrap import build_application
from web.settings import Settings

T = TypeVar("T")

cli = typer.Typer(
    help="Kasane (重ね): case and support-meeting tracker for the layered support system.",
    no_args_is_help=True,
    add_completion=False,
)


@contextmanager
def _application() -> Iterator[Kasane]:
    try:
        settings = Settings()
    except ValueError as error:
        typer.echo(f"設定エラー / configuration error: {error}", err=True)
        raise typer.Exit(2) from None
    app = build_application(settings)
    try:
        yield app
    finally:
        app.close()


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


def main() -> None:
    cli(prog_name="kasane")


if __name__ == "__main__":
    sys.exit(main())
