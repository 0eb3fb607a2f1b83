"""``kasane report indicators --definition NEW.toml``: the what-if of a revised plan file, recorded nowhere."""

from pathlib import Path

import typer
from sqlalchemy.engine import Connection

from domain.errors import KasaneError
from projections.indicators.what_if import what_if
from projections.reports.documents import to_json
from projections.reports.what_if import what_if_document
from web.cli.common import load_settings, read_caught_up, refusal
from web.storage.what_if_files import listed, plan_text, read_listed


def report_what_if(plan: str, fy: int, definition: Path, *, as_of: str | None, fmt: str) -> bytes:
    """Old vs new figures for every year up to ``fy``, as JSON; the revision is parsed and counted, not loaded.

    ``definition`` is a path, or the bare name of a file in ``KASANE_WHAT_IF_DIR`` (as the planner page offers it)."""
    if as_of is not None or fmt != "json":
        typer.echo("エラー / error [--definition]: a what-if counts the facts as now, as JSON only", err=True)
        raise typer.Exit(2)
    settings = load_settings()
    folder = settings.what_if_dir
    try:
        if not definition.exists() and definition.name == str(definition) and definition.name in listed(folder):
            source = read_listed(folder, definition.name)  # a file the server offers, named as on the planner page
        else:
            source = plan_text(definition.read_bytes(), "--definition")
    except OSError as error:
        typer.echo(f"エラー / error: cannot read {definition}: {error}", err=True)
        raise typer.Exit(2) from None
    except KasaneError as error:
        raise refusal(error) from None
    k = settings.suppression_k

    def build(connection: Connection) -> dict[str, object]:
        return what_if_document(what_if(connection, plan, fy, source), k)

    return to_json(read_caught_up(build))
