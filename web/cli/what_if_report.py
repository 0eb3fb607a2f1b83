"""``kasane report indicators --definition NEW.toml``: the what-if of a revised plan file, recorded nowhere."""

from pathlib import Path

import typer
from sqlalchemy.engine import Connection

from projections.indicators.what_if import what_if
from projections.reports.documents import to_json
from projections.reports.what_if import what_if_document
from web.cli.common import load_settings, read_caught_up


def report_what_if(plan: str, fy: int, definition: Path, *, as_of: str | None, fmt: str) -> bytes:
    """Old vs new figures for every year up to ``fy``, as JSON; the revision is parsed and counted, not loaded."""
    if as_of is not None or fmt != "json":
        typer.echo("エラー / error [--definition]: a what-if counts the facts as now, as JSON only", err=True)
        raise typer.Exit(2)
    try:
        source = definition.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"エラー / error: cannot read {definition}: {error}", err=True)
        raise typer.Exit(2) from None
    k = load_settings().suppression_k

    def build(connection: Connection) -> dict[str, object]:
        return what_if_document(what_if(connection, plan, fy, source), k)

    return to_json(read_caught_up(build))
