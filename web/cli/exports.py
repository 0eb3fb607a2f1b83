"""``kasane export cases|meetings``: a list as a CSV or Excel file, as one user's screen lists it.

The command line runs with shell access to the store, so it could read
everything; an export of personal data is nevertheless made *as* a named
coordinator or supervisor (``--as``): their scope, their audit entry
(action ``export``, method ``CLI``, the list, format and row count, the case
ids), the same rows as their screen (``web.views.list_export``). A search by
name is not offered here: typed names would stay in the shell's history.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.engine import Connection

from domain.application import Kasane
from domain.audit import AccessMade
from domain.errors import InvalidInput, KasaneError
from web.access.guard import user_of
from web.access.policy import CASEWORK
from web.cli.common import load_settings, open_application, refusal
from web.http.deps import ActingUser
from web.i18n.language import Translator
from web.storage.bootstrap import build_access, build_read_models
from web.views.list_export import CaseExportIn, Export, MeetingExportIn, exported_cases, exported_meetings
from web.views.names import Names, load_records

export_cli = typer.Typer(
    help="Lists as CSV or Excel files, scoped and audited as the user named by --as.", no_args_is_help=True
)


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


AsUser = Annotated[str, typer.Option("--as", help="the coordinator or supervisor whose list this is")]
FormatOption = Annotated[ExportFormat, typer.Option("--format", help="csv (UTF-8 with BOM) or xlsx")]
Build = Callable[[Connection, Kasane, ActingUser, Names], Export]
"""Gathers the export for the user, on a connection to caught-up read models."""
Output = Annotated[Path | None, typer.Option("--output", "-o", help="file to write (default: standard output)")]


@export_cli.command("cases")
def export_cases(
    username: AsUser,
    fmt: FormatOption = ExportFormat.CSV,
    output: Output = None,
    status: Annotated[str | None, typer.Option(help="status code, e.g. support")] = None,
    coordinator: Annotated[str | None, typer.Option(help="username of the 担当者")] = None,
    lead_agency: Annotated[str | None, typer.Option(help="agency code of the 主担当機関")] = None,
    area: Annotated[str | None, typer.Option(help="area code")] = None,
    issue_tag: Annotated[str | None, typer.Option(help="issue tag code")] = None,
    open_only: Annotated[bool, typer.Option("--open-only", help="leave closed cases out")] = False,
    review_overdue: Annotated[bool, typer.Option("--review-overdue", help="the caseload's overdue reviews")] = False,
    in_status_days: Annotated[
        int | None, typer.Option(min=0, max=36500, help="the caseload's ageing list: at least this many days")
    ] = None,
) -> None:
    """The case list (or the caseload's overdue-review or ageing list) the user sees for these conditions."""
    wanted = CaseExportIn(
        format=fmt.value,
        status=status,
        coordinator=coordinator,
        lead_agency=lead_agency,
        area=area,
        issue_tag=issue_tag,
        include_closed=not open_only,
        review_overdue=review_overdue,
        in_status_days=in_status_days,
    )
    _export(
        username,
        output,
        "cli:export cases",
        lambda c, k, u, n: exported_cases(c, k, wanted, visible_to=u.case_scope, names=n),
    )


@export_cli.command("meetings")
def export_meetings(
    username: AsUser,
    fmt: FormatOption = ExportFormat.CSV,
    output: Output = None,
    month: Annotated[str | None, typer.Option(help="a month, e.g. 2026-11 (default: this month)")] = None,
    fy: Annotated[int | None, typer.Option(help="a fiscal year instead, e.g. 2026 = 令和8年度")] = None,
    meeting_type: Annotated[str | None, typer.Option(help="meeting type code")] = None,
    status: Annotated[str | None, typer.Option(help="scheduled, held, cancelled or voided")] = None,
) -> None:
    """The meetings of the period the user's agency convened or attended, as their meeting list shows them."""
    wanted = MeetingExportIn(format=fmt.value, month=month, fy=fy, meeting_type=meeting_type, status=status)
    _export(
        username,
        output,
        "cli:export meetings",
        lambda c, k, u, n: exported_meetings(c, k.today(), wanted, agency=u.agency, names=n),
    )


def _export(username: str, output: Path | None, path: str, build: Build) -> None:
    """Find the user, build their export on caught-up read models, audit it, write the file; refusals exit 2."""
    settings = load_settings()
    with open_application(settings) as kasane:
        read_models = build_read_models(settings, kasane)
        access = build_access(settings)
        try:
            read_models.catch_up()
            with read_models.engine.connect() as connection:
                user = _casework_user(user_of(connection, username), username)
                names = Names(Translator("ja"), load_records(connection))
                export = build(connection, kasane, user, names)
            access.audit.record(
                AccessMade(
                    actor=user.actor,
                    action="export",
                    method="CLI",
                    path=path,
                    query=export.audit_query,
                    case_ids=export.case_ids,
                    purpose="casework",
                )
            )
        except KasaneError as error:
            raise refusal(error) from None
        finally:
            access.close()
            read_models.close()
    data = export.file.render(export.fmt)
    if output is None:
        typer.echo(data, nl=False)
    else:
        output.write_bytes(data)
        typer.echo(f"{output} ({len(export.file.rows)} rows, {len(data)} bytes)", err=True)


def _casework_user(user: ActingUser | None, username: str) -> ActingUser:
    """Only an active coordinator or supervisor has a case list: as on the screens (``web.access.policy``)."""
    if user is None or user.role not in CASEWORK:
        raise InvalidInput(f"{username!r} is not an active coordinator or supervisor", field="as")
    return user
