"""What every ``kasane`` sub-command shares: settings, the application, read models, and refusals.

Domain errors become one-line messages and exit code 2 in one place (``run_on_application``,
``read_caught_up``, ``refusal``); nothing is written when a command is refused.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar
from uuid import UUID

import typer
from sqlalchemy.engine import Connection

from domain.application import Kasane
from domain.errors import KasaneError
from projections.engine.catalogue import ReadModels
from projections.engine.catch_up import ProjectionOutdated
from web.storage.bootstrap import build_application, build_read_models
from web.storage.settings import Settings

T = TypeVar("T")


def load_settings() -> Settings:
    try:
        return Settings()
    except ValueError as error:
        typer.echo(f"設定エラー / configuration error: {error}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def open_application(settings: Settings | None = None) -> Iterator[Kasane]:
    app = build_application(settings or load_settings())
    try:
        yield app
    finally:
        app.close()


@contextmanager
def open_read_models() -> Iterator[ReadModels]:
    settings = load_settings()
    with open_application(settings) as app:
        read_models = build_read_models(settings, app)
        try:
            yield read_models
        finally:
            read_models.close()


def refusal(error: KasaneError) -> typer.Exit:
    """Tell why a command was refused; the caller raises the returned exit (code 2)."""
    where = f" [{error.field}]" if error.field else ""
    typer.echo(f"エラー / error{where}: {error.message}", err=True)
    return typer.Exit(2)


def run_on_application(action: Callable[[Kasane], T]) -> T:
    """Run ``action`` on the configured application, turning refusals into exit code 2."""
    with open_application() as app:
        try:
            return action(app)
        except KasaneError as error:
            raise refusal(error) from None


def read_caught_up(action: Callable[[Connection], T]) -> T:
    """Bring every read model up to the end of the log, then run ``action`` on a connection to them."""
    with open_read_models() as read_models:
        try:
            read_models.catch_up()
        except ProjectionOutdated as error:
            typer.echo(f"エラー / error: {error}", err=True)
            raise typer.Exit(2) from None
        try:
            with read_models.engine.connect() as connection:
                return action(connection)
        except KasaneError as error:
            raise refusal(error) from None


def case_id_from(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        typer.echo(f"エラー / error [case_id]: {text!r} is not a case id", err=True)
        raise typer.Exit(2) from None
