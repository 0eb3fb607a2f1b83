"""``kasane audit`` (who saw what, from ``web.cli.access``) and ``kasane audit verify`` (is the chain intact?)."""

from __future__ import annotations

from typing import Annotated

import typer

from web.cli.access import _access, audit
from web.cli.common import load_settings
from web.cli.disclosures import disclosure_ledger
from web.storage.audit_chain import ChainedAuditLog

audit_cli = typer.Typer(invoke_without_command=True, no_args_is_help=False)


@audit_cli.callback()
def audit_entries(
    context: typer.Context,
    case: Annotated[str | None, typer.Option("--case", help="case id: who saw or changed this household")] = None,
    user: Annotated[str | None, typer.Option("--user", help="username: what this user saw or changed")] = None,
) -> None:
    """Who read or changed personal data, when, what and why (oldest first, tab-separated)."""
    if context.invoked_subcommand is None:
        audit(case=case, user=user)


@audit_cli.command("verify")
def verify() -> None:
    """Recompute the audit log's hash chain: OK and its head, or the first broken link (exit 2)."""
    with _access(load_settings()) as access:
        log = access.audit
        assert isinstance(log, ChainedAuditLog)
        log.seal()  # entries written before the chain existed are linked first
        verdict = log.verify_chain()
    broken = verdict.broken
    if broken is not None:
        at = broken.at.isoformat(timespec="seconds") if broken.at else "unknown time"
        typer.echo(
            f"エラー / error: 監査ログの連鎖が切れています / the audit chain is broken at entry "
            f"{broken.position} ({at}): {broken.reason}",
            err=True,
        )
        raise typer.Exit(2)
    typer.echo(f"ok: {verdict.entries} entries, chain head {verdict.head}")


audit_cli.command("disclosures")(disclosure_ledger)
