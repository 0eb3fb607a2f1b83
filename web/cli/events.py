"""``kasane events``: backup and restore of the event log."""

from pathlib import Path
from typing import Annotated

import typer

from domain.errors import KasaneError
from web.cli.common import load_settings, run_on_application
from web.storage.settings import eventsourcing_env

events_cli = typer.Typer(help="Backup and restore of the event log.", no_args_is_help=True)


@events_cli.command("export")
def export_log(output: Annotated[Path, typer.Option("--output", "-o", help="file to write (.jsonl.gz)")]) -> None:
    """Write the whole event log to a gzip'd JSON-lines file with a checksum and a signature (HMAC)."""
    from web.storage.backup import export_events

    summary = run_on_application(lambda app: export_events(app, output))
    typer.echo(f"{summary.events} events written to {output} (sha256 {summary.sha256})")


@events_cli.command("import")
def import_log(file: Annotated[Path, typer.Argument(help="a file written by 'kasane events export'")]) -> None:
    """Load an export into an empty store (all or nothing); then rebuild the read models."""
    from web.storage.backup import import_events

    summary = run_on_application(lambda app: import_events(app, file))
    typer.echo(f"{summary.events} events imported from {file}; run 'kasane projections rebuild' next")


@events_cli.command("verify")
def verify_log(file: Annotated[Path, typer.Argument(help="a file written by 'kasane events export'")]) -> None:
    """Check that an export is complete, intact and signed by this installation's master key, touching no store."""
    from web.storage.backup import verify
    from web.storage.keystore import signing_key

    try:
        summary = verify(file, signing_key(eventsourcing_env(load_settings())))
    except KasaneError as error:
        typer.echo(f"エラー / error: {error.message}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"ok: {summary.events} events, sha256 {summary.sha256}")
