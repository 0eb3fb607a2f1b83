"""``kasane audit disclosures --case ID``: the case's disclosure ledger (開示記録), tab-separated, oldest first.

Reading the ledger is itself a read of the case: it is written to the audit log (as the command line's
operator, purpose audit), so the next ledger lists it.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer
from sqlalchemy.engine import Connection

from domain.audit import AccessMade
from web.cli.access import CLI_ACTOR, _access
from web.cli.common import load_settings, read_caught_up
from web.views.disclosure_ledger import as_rows, disclosures

COLUMNS = ("at", "user", "role", "agency", "how", "path", "purpose", "basis", "scopes")


def disclosure_ledger(case: Annotated[str, typer.Option("--case", help="case id")]) -> None:
    """Every time the case's records were shown, printed or exported, to whom, and the legal basis that day."""
    try:
        case_id = UUID(case.strip())
    except ValueError:
        typer.echo("エラー / error [--case]: not a case id", err=True)
        raise typer.Exit(2) from None
    settings = load_settings()
    zone = settings.clock().zone
    with _access(settings) as access:
        accesses = access.audit.accesses(case_id=str(case_id))

        def build(connection: Connection) -> list[dict[str, str]]:
            return as_rows(disclosures(connection, case_id, accesses, zone))

        rows = read_caught_up(build)
        access.audit.record(
            AccessMade(
                actor=CLI_ACTOR, action="read", method="CLI", path="audit disclosures", case_ids=(str(case_id),),
                purpose="audit",
            )
        )  # fmt: skip
    typer.echo("\t".join(COLUMNS))
    for row in rows:
        typer.echo("\t".join(row[column] for column in COLUMNS))
