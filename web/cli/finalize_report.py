"""``kasane report finalize`` (案 → 確定) and ``kasane report finalized`` (the 確定 figures beside the restated ones).

The command line's operator finalizes as ``cli`` (``web.cli.access.CLI_ACTOR``); planners use the button on the
year's page or the API, which record their own name.
"""

from __future__ import annotations

from typing import Annotated

import typer

from domain.errors import KasaneError
from projections.reports.documents import to_json
from web.cli.access import CLI_ACTOR
from web.cli.common import load_settings, open_application, read_caught_up, refusal
from web.storage.bootstrap import build_read_models
from web.views.finalization import finalize, finalized_view

PlanCode = Annotated[str, typer.Option("--plan", help="plan code, e.g. komae-layered-1")]
FiscalYearOption = Annotated[int, typer.Option("--fy", help="fiscal year (年度): 2023 = 令和5年度")]


def report_finalize(plan: PlanCode, fy: FiscalYearOption) -> None:
    """Make the year's report 確定: record the moment it is made as of and the SHA-256 of its document."""
    settings = load_settings()
    with open_application(settings) as app:
        read_models = build_read_models(settings, app)
        try:
            read_models.catch_up()
            with read_models.engine.connect() as connection:
                head = read_models.caught_up_to
                finalize(app, connection, head, code=plan, year=fy, actor=CLI_ACTOR, k=settings.suppression_k)
            read_models.catch_up()
            with read_models.engine.connect() as connection:
                shown = finalized_view(connection, plan, fy, settings.suppression_k)
        except KasaneError as error:
            raise refusal(error) from None
        finally:
            read_models.close()
    assert shown is not None
    typer.echo(f"確定 / finalized: as of {shown['as_of']} sha256 {shown['document_sha256']}")


def report_finalized(plan: PlanCode, fy: FiscalYearOption) -> None:
    """The 確定 figures beside the restated ones, the corrections between, and whether the document still matches."""
    k = load_settings().suppression_k
    shown = read_caught_up(lambda connection: finalized_view(connection, plan, fy, k))
    if shown is None:
        typer.echo(f"エラー / error [--fy]: FY{fy} of {plan} has not been finalized", err=True)
        raise typer.Exit(2)
    typer.echo(to_json(shown), nl=False)
