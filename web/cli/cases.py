"""``kasane history``, ``kasane case forget`` and ``kasane retention``: one case's events, erasure and retention."""

from typing import Annotated
from uuid import UUID

import typer

from domain.errors import KasaneError
from web.cli.common import case_id_from, load_settings, open_application, read_caught_up, refusal, run_on_application
from web.storage.bootstrap import build_read_models

case_cli = typer.Typer(help="Cases: erasure of personal data (docs/security.md).", no_args_is_help=True)
retention_cli = typer.Typer(help="Retention of personal data after closure (終結).", no_args_is_help=True)


def history(aggregate_id: Annotated[str, typer.Argument(help="case, meeting or activity id")]) -> None:
    """Print every event recorded for one case, meeting or activity, oldest first."""
    try:
        parsed = UUID(aggregate_id)
    except ValueError:
        typer.echo(f"エラー / error: {aggregate_id!r} is not an id", err=True)
        raise typer.Exit(2) from None
    clock = load_settings().clock()  # written in UTC, shown in Japan time (KASANE_TIMEZONE)
    for entry in run_on_application(lambda app: app.history(parsed)):
        typer.echo(
            f"v{entry.version}\t{entry.occurred_on.isoformat()}\t{entry.event}\t"
            f"{entry.actor.user_id}@{entry.actor.agency_id}\t{clock.local(entry.recorded_at).isoformat(timespec='seconds')}"
        )


@case_cli.command("forget")
def case_forget(
    case_id: Annotated[str, typer.Argument(help="the case whose personal data is erased")],
    reason: Annotated[str, typer.Option(help="why, e.g. 保存期間満了 or 本人からの削除請求")],
    username: Annotated[str, typer.Option("--as", help="the acting user; must be an administrator")],
) -> None:
    """Erase a case's personal data for good (crypto-shredding); counts and reports stay as they were."""
    from web.storage.erasure import forget

    parsed = case_id_from(case_id)
    settings = load_settings()
    with open_application(settings) as app:
        read_models = build_read_models(settings, app)
        try:
            recorded = forget(app, read_models, case_id=parsed, username=username, reason=reason)
        except KasaneError as error:
            raise refusal(error) from None
        finally:
            read_models.close()
    typer.echo(f"ケース {recorded.id} の個人情報を消去しました / personal data of case {recorded.id} erased")


@retention_cli.command("report")
def retention_report() -> None:
    """List closed cases whose retention period has ended: case id, closed on, due for erasure on."""
    from projections.retention import due_for_erasure

    settings = load_settings()
    with open_application(settings) as app:
        today = app.today()
    due = read_caught_up(lambda c: due_for_erasure(c, years=settings.retention_years, today=today))
    typer.echo(f"# retention {settings.retention_years} years after closure; as of {today.isoformat()}")
    typer.echo("case_id\tclosed_on\tdue_on")
    for case in due:
        typer.echo(f"{case.case_id}\t{case.closed_on.isoformat()}\t{case.due_on.isoformat()}")
