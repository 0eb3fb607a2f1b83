"""The ``kasane`` command line.

Domain errors become one-line messages and exit code 2 in one place
(``_run``); nothing is written when a command is refused.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar
from uuid import UUID

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import Connection

from domain.actor import Actor
from domain.application import Kasane
from domain.errors import InvalidInput, KasaneError
from domain.plan_commands import LoadPlan
from domain.plan_file import parse_plan
from projections.engine.catalogue import ReadModels
from projections.engine.catch_up import ProjectionOutdated
from projections.indicators.engine import year_diff, year_report
from projections.indicators.evaluation_records import plans, value_records
from projections.reports import suppression
from projections.reports.documents import csv_of, indicators_document, to_json
from projections.reports.provenance_scope import within_scope
from projections.reports.trace import diff_document, provenance_document
from projections.reports.xlsx import to_xlsx
from web.storage.bootstrap import build_application, build_read_models
from web.storage.settings import Settings, eventsourcing_env
from web.views.planner_view import parse_moment

T = TypeVar("T")

cli = typer.Typer(
    help="Kasane (重ね): case and support-meeting tracker for the layered support system.",
    no_args_is_help=True,
    add_completion=False,
)


projections_cli = typer.Typer(help="Read models kept up to date from the event log.", no_args_is_help=True)
cli.add_typer(projections_cli, name="projections")
events_cli = typer.Typer(help="Backup and restore of the event log.", no_args_is_help=True)
cli.add_typer(events_cli, name="events")


plan_cli = typer.Typer(help="Municipal plans (計画) loaded from plan files (docs/plan-file.md).", no_args_is_help=True)
cli.add_typer(plan_cli, name="plan")
report_cli = typer.Typer(
    help="Plan indicator reports (進捗管理), now or as known at a past moment.", no_args_is_help=True
)
cli.add_typer(report_cli, name="report")
case_cli = typer.Typer(help="Cases: erasure of personal data (docs/security.md).", no_args_is_help=True)
cli.add_typer(case_cli, name="case")
retention_cli = typer.Typer(help="Retention of personal data after closure (終結).", no_args_is_help=True)
cli.add_typer(retention_cli, name="retention")


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as error:
        typer.echo(f"設定エラー / configuration error: {error}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _application(settings: Settings | None = None) -> Iterator[Kasane]:
    app = build_application(settings or _settings())
    try:
        yield app
    finally:
        app.close()


@contextmanager
def _read_models() -> Iterator[ReadModels]:
    settings = _settings()
    with _application(settings) as app:
        read_models = build_read_models(settings, app)
        try:
            yield read_models
        finally:
            read_models.close()


def _refused(error: KasaneError) -> typer.Exit:
    """Tell why a command was refused; the caller raises the returned exit (code 2)."""
    where = f" [{error.field}]" if error.field else ""
    typer.echo(f"エラー / error{where}: {error.message}", err=True)
    return typer.Exit(2)


def _run(action: Callable[[Kasane], T]) -> T:
    """Run ``action`` on the configured application, turning refusals into exit code 2."""
    with _application() as app:
        try:
            return action(app)
        except KasaneError as error:
            raise _refused(error) from None


def _read(action: Callable[[Connection], T]) -> T:
    """Bring every read model up to the end of the log, then run ``action`` on a connection to them."""
    with _read_models() as read_models:
        try:
            read_models.catch_up()
        except ProjectionOutdated as error:
            typer.echo(f"エラー / error: {error}", err=True)
            raise typer.Exit(2) from None
        try:
            with read_models.engine.connect() as connection:
                return action(connection)
        except KasaneError as error:
            raise _refused(error) from None


@cli.command()
def history(aggregate_id: Annotated[str, typer.Argument(help="case, meeting or activity id")]) -> None:
    """Print every event recorded for one case, meeting or activity, oldest first."""
    try:
        parsed = UUID(aggregate_id)
    except ValueError:
        typer.echo(f"エラー / error: {aggregate_id!r} is not an id", err=True)
        raise typer.Exit(2) from None
    clock = _settings().clock()  # written in UTC, shown in Japan time (KASANE_TIMEZONE)
    for entry in _run(lambda app: app.history(parsed)):
        typer.echo(
            f"v{entry.version}\t{entry.occurred_on.isoformat()}\t{entry.event}\t"
            f"{entry.actor.user_id}@{entry.actor.agency_id}\t{clock.local(entry.recorded_at).isoformat(timespec='seconds')}"
        )


@cli.command()
def demo(
    seed: Annotated[int, typer.Option(help="random seed: the same seed on the same day gives the same events")] = 1,
    households: Annotated[int, typer.Option(min=1, max=100_000, help="number of households")] = 300,
    if_empty: Annotated[bool, typer.Option("--if-empty", help="do nothing when the store has events")] = False,
    scale: Annotated[
        str | None,
        typer.Option(
            help="benchmark scale instead: tiny, city (~100k events), "
            "prefecture (~1M) or rebuild (~10M), written in batches"
        ),
    ] = None,
) -> None:
    """Fill the configured store with a realistic demo municipality."""
    from domain.setup_loading import load_setup
    from web.demo import data as demo_data
    from web.demo.generator import demo_commands

    if scale is not None:
        _demo_at_scale(scale, seed)
        return

    def load(app: Kasane) -> None:
        if (app.recorder.max_notification_id() or 0) > 0:
            if if_empty:
                typer.echo("デモデータは読み込み済みです / the store already has events; nothing loaded")
                typer.echo(demo_login_hint(_settings()))
                return
            typer.echo("エラー / error: the store is not empty; demo data goes only into an empty store", err=True)
            raise typer.Exit(2)
        # The master data goes in as a municipality's does: the example set-up file, through the same loader.
        setup = load_setup(app, demo_data.SETUP, actor=Actor.system())
        commands = demo_commands(seed=seed, today=app.today(), households=households, with_master_data=False)
        with typer.progressbar(commands, label="デモデータ / demo data") as bar:
            for command in bar:
                app.execute(command)
        typer.echo(
            f"{len(setup.changes)} master records from {demo_data.EXAMPLE_SETUP.name}, "
            f"{len(commands)} commands recorded (seed {seed}, {households} households)"
        )
        password = give_demo_passwords(_settings(), [s.code for s in demo_data.SETUP.staff])
        typer.echo(
            f"デモ用ログイン / demo login: user sato (or any demo user), password {password} "
            f"(saved in {demo_login_file(_settings())})"
        )

    _run(load)


def _demo_at_scale(scale: str, seed: int) -> None:
    """``kasane demo --scale``: the scaled generator (web/demo/scale.py) into an empty store."""
    from web.demo.scale import SCALES, BatchingKasane, load_scaled

    if scale not in SCALES:
        typer.echo(f"エラー / error [scale]: unknown scale {scale!r}; choose one of {', '.join(SCALES)}", err=True)
        raise typer.Exit(2)
    settings = _settings()
    app = BatchingKasane(eventsourcing_env(settings), today=settings.clock().today)
    try:
        if (app.recorder.max_notification_id() or 0) > 0:
            typer.echo("エラー / error: the store is not empty; demo data goes only into an empty store", err=True)
            raise typer.Exit(2)
        with typer.progressbar(length=SCALES[scale], label=f"デモデータ / demo data ({scale})") as bar:
            loaded = load_scaled(app, seed=seed, districts=SCALES[scale], on_district=lambda _: bar.update(1))
        typer.echo(f"{loaded.events} events from {loaded.commands} commands recorded (seed {seed}, scale {scale})")
    except KasaneError as error:
        raise _refused(error) from None
    finally:
        app.close()


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="server processes (uvicorn workers); about one per core")
    ] = 1,
) -> None:
    """Run the web app (uvicorn), in ``--workers`` processes sharing the port.

    Each worker has its own application, read models and connection pools, and catches the read models up on
    every request; page commits compare-and-set the read models' positions, so workers catching up at the same
    time apply each page exactly once (``projections.engine.catch_up``).
    """
    import uvicorn

    if workers > 1:
        _prepare_store()
    # A worker imports the app and catches its read models up before it answers uvicorn's health check: on a busy
    # machine that takes longer than uvicorn's 5 s, after which it would kill and restart the worker, again and again.
    uvicorn.run(
        "web.app:create_app", factory=True, host=host, port=port, workers=workers, timeout_worker_healthcheck=120
    )


def _prepare_store() -> None:
    """Start and stop the app once in this process, before the workers: its tables are made and its read models
    caught up here, so workers starting at the same time do not race to create the same tables."""
    import asyncio

    from web.app import create_app

    async def start_and_stop() -> None:
        app = create_app()
        async with app.router.lifespan_context(app):
            pass

    asyncio.run(start_and_stop())


@projections_cli.command("rebuild")
def rebuild_projections() -> None:
    """Drop every read model and replay the whole event log into it."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with _read_models() as read_models, Progress(*columns) as progress:
        names = ", ".join(runner.name for runner in read_models.runners)
        task = progress.add_task(names, total=max(read_models.runners[0].head(), 1) if read_models.runners else 1)
        applied = read_models.rebuild(  # one pass over the log for all of them
            on_page=lambda step: progress.update(task, total=step.target, completed=step.position)
        )
        progress.update(task, completed=progress.tasks[task].total)
        for runner in read_models.runners:
            progress.console.print(f"{runner.name}: {applied // len(read_models.runners)} events replayed")


@projections_cli.command("status")
def projection_status() -> None:
    """Show how far each read model has got in the event log."""
    with _read_models() as read_models:
        typer.echo("name\tversion\tposition\thead\tlag\tstate")
        for status in read_models.statuses():
            state = "never run" if status.stored_version is None else "outdated" if status.outdated else "ok"
            state += " (rebuilding beside)" if status.rebuilding else ""
            typer.echo(f"{status.name}\tv{status.version}\t{status.position}\t{status.head}\t{status.lag}\t{state}")


@projections_cli.command("catch-up")
def catch_up_projections() -> None:
    """Bring every read model up to the end of the log once; one built by an older version is rebuilt beside it.

    Run by the new release during an upgrade: readers keep the old tables until each new version is swapped in.
    A rebuild that was killed half-way (its tables left beside the current ones) is finished here.
    """
    with _read_models() as read_models:
        for runner in read_models.runners:
            try:
                applied = runner.finish_interrupted_rebuild() + runner.catch_up()
            except ProjectionOutdated as error:
                typer.echo(f"エラー / error: {error}", err=True)
                raise typer.Exit(2) from None
            typer.echo(f"{runner.name}: {applied} events applied")


@projections_cli.command("follow")
def follow_projections(
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", help="follow only this read model (repeatable), e.g. one projector process per read model"
        ),
    ] = None,
    interval: Annotated[float, typer.Option(min=0.05, help="seconds to wait when nothing new was recorded")] = 1.0,
) -> None:
    """Keep read models caught up with the log, continuously (the projector process); stops on SIGTERM or Ctrl-C.

    Optional: without it, the web app catches up on each request. A read model
    built by an older version is rebuilt beside the old tables and swapped in.
    """
    import signal
    import threading

    import sqlalchemy as sa

    from projections.engine.catalogue import UnknownReadModel, select_projections

    try:
        chosen = select_projections(only or [])
    except UnknownReadModel as error:
        typer.echo(f"エラー / error [--only]: {error}", err=True)
        raise typer.Exit(2) from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    settings = _settings()

    def report(applied: int) -> None:
        if applied:
            typer.echo(f"{applied} events applied", err=True)

    with _application(settings) as app:
        read_models = build_read_models(settings, app, projections=chosen)
        typer.echo(
            f"following {', '.join(r.name for r in read_models.runners)} (every {interval:g} s when idle)", err=True
        )
        try:
            while not stop.is_set():
                try:
                    read_models.follow(stop, interval=interval, on_catch_up=report)
                except sa.exc.OperationalError as error:  # the database restarting: wait, then carry on
                    typer.echo(f"database unavailable, retrying: {error.orig}", err=True)
                    stop.wait(max(interval, 5.0))
                except ProjectionOutdated as error:
                    typer.echo(f"エラー / error: {error}", err=True)
                    raise typer.Exit(2) from None
        except KeyboardInterrupt:
            pass
        finally:
            read_models.close()
    typer.echo("stopped", err=True)


@events_cli.command("export")
def export_log(output: Annotated[Path, typer.Option("--output", "-o", help="file to write (.jsonl.gz)")]) -> None:
    """Write the whole event log to a gzip'd JSON-lines file with a checksum and a signature (HMAC)."""
    from web.storage.backup import export_events

    summary = _run(lambda app: export_events(app, output))
    typer.echo(f"{summary.events} events written to {output} (sha256 {summary.sha256})")


@events_cli.command("import")
def import_log(file: Annotated[Path, typer.Argument(help="a file written by 'kasane events export'")]) -> None:
    """Load an export into an empty store (all or nothing); then rebuild the read models."""
    from web.storage.backup import import_events

    summary = _run(lambda app: import_events(app, file))
    typer.echo(f"{summary.events} events imported from {file}; run 'kasane projections rebuild' next")


@events_cli.command("verify")
def verify_log(file: Annotated[Path, typer.Argument(help="a file written by 'kasane events export'")]) -> None:
    """Check that an export is complete, intact and signed by this installation's master key, touching no store."""
    from domain.errors import KasaneError
    from web.storage.backup import verify
    from web.storage.keystore import signing_key

    try:
        summary = verify(file, signing_key(eventsourcing_env(_settings())))
    except KasaneError as error:
        typer.echo(f"エラー / error: {error.message}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"ok: {summary.events} events, sha256 {summary.sha256}")


# ---- plans and their reports ---------------------------------------------------------------


@plan_cli.command("load")
def plan_load(
    file: Annotated[Path, typer.Argument(help="the plan file (TOML)")],
    reason: Annotated[str, typer.Option(help="why a loaded plan changes, e.g. 中間見直し")] = "",
    on: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="date adopted (default: today)")] = None,
) -> None:
    """Load a plan file; loading a changed file for the same plan code records a new version."""
    try:
        source = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        typer.echo(f"エラー / error: cannot read {file}: {error}", err=True)
        raise typer.Exit(2) from None

    def load(app: Kasane) -> None:
        code = parse_plan(source).code
        app.execute(
            LoadPlan(actor=Actor.system(), source=source, occurred_on=on.date() if on else app.today(), reason=reason)
        )
        revision = app.plan_definition(code).revisions
        typer.echo(f"計画 {code} を読み込みました（第{revision}版） / plan {code} loaded, revision {revision}")

    _run(load)


@plan_cli.command("list")
def plan_list() -> None:
    """List the loaded plans in their current versions."""
    typer.echo("code\tname\tperiod\trevisions\tloaded_on")
    for p in _read(plans):
        typer.echo(f"{p.code}\t{p.name}\tFY{p.first_year}-FY{p.last_year}\t{p.revisions}\t{p.loaded_on.isoformat()}")


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


PlanCode = Annotated[str, typer.Option("--plan", help="plan code, e.g. komae-layered-1")]
FiscalYearOption = Annotated[int, typer.Option("--fy", help="fiscal year (年度): 2023 = 令和5年度")]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="report what had been recorded by then, e.g. 2024-05-31T17:00 (Japan time unless an offset "
        "such as +00:00 is given)",
    ),
]
FormatOption = Annotated[ReportFormat, typer.Option("--format", help="json, csv or xlsx")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="file to write (default: standard output)")]
Stamp = Annotated[bool, typer.Option("--stamp", help="include when the report was made and when events were written")]


@report_cli.command("indicators")
def report_indicators(
    plan: PlanCode,
    fy: FiscalYearOption,
    as_of: AsOf = None,
    fmt: FormatOption = ReportFormat.JSON,
    output: Output = None,
    stamp: Stamp = False,
) -> None:
    """A plan's year: every indicator, programme and measure rating (進捗管理シート, 評価総括表)."""
    moment, made, k = _moment(as_of), _stamp(stamp), _settings().suppression_k

    def build(connection: Connection) -> dict[str, object]:
        report = year_report(connection, plan, fy, moment)
        return suppression.indicators_document(
            indicators_document(report, stamp=made), suppression.Withheld.of(report, k)
        )

    document = _read(build)
    _write(to_xlsx(document, stamp=made) if fmt == ReportFormat.XLSX else _text(document, fmt), output)


@report_cli.command("provenance")
def report_provenance(
    plan: PlanCode,
    fy: FiscalYearOption,
    indicator: Annotated[str, typer.Option(help="indicator code, e.g. A04")],
    as_of: AsOf = None,
    fmt: FormatOption = ReportFormat.JSON,
    output: Output = None,
    stamp: Stamp = False,
) -> None:
    """The events (and cases) behind one indicator's figure."""
    moment, made, k = _moment(as_of), _stamp(stamp), _settings().suppression_k

    def build(connection: Connection) -> dict[str, object]:
        report = year_report(connection, plan, fy, moment)
        records = value_records(connection, report.version.plan.code, fy, indicator, moment)
        document = suppression.provenance_document(
            provenance_document(report, indicator, records=records, stamp=made), suppression.Withheld.of(report, k)
        )
        return within_scope(document, (), k)  # the command line has no case scope: counts per agency and month

    _write(_text(_read(build), fmt), output)


@report_cli.command("diff")
def report_diff(
    plan: PlanCode,
    fy: FiscalYearOption,
    as_of: Annotated[str, typer.Option("--as-of", help="the moment")],
    fmt: FormatOption = ReportFormat.JSON,
    output: Output = None,
    stamp: Stamp = False,
) -> None:
    """What changed each figure between the report as of a moment and now: late entries, voids, corrections."""
    moment, made, k = _moment(as_of), _stamp(stamp), _settings().suppression_k
    assert moment is not None

    def build(connection: Connection) -> dict[str, object]:
        diff = year_diff(connection, plan, fy, moment)
        return suppression.diff_document(diff_document(diff, stamp=made), diff, k)

    _write(_text(_read(build), fmt), output)


def _moment(text: str | None) -> datetime | None:
    """The one as-of parser of the web (``web.views.planner_view.parse_moment``), its refusal as the CLI's error."""
    try:
        return parse_moment(text, "--as-of", zone=_settings().clock().zone)  # no offset: KASANE_TIMEZONE
    except InvalidInput as error:
        typer.echo(f"エラー / error [--as-of]: {error.message}", err=True)
        raise typer.Exit(2) from None


def _stamp(stamp: bool) -> datetime | None:
    return datetime.now(UTC) if stamp else None


def _text(document: dict[str, object], fmt: ReportFormat) -> bytes:
    if fmt == ReportFormat.XLSX:
        typer.echo("エラー / error [--format]: only the indicators report comes as xlsx", err=True)
        raise typer.Exit(2)
    return to_json(document) if fmt == ReportFormat.JSON else csv_of(document)


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        typer.echo(data, nl=False)
    else:
        output.write_bytes(data)
        typer.echo(f"{output} ({len(data)} bytes)", err=True)


# ---- personal data: erasure and retention ---------------------------------------------------


@case_cli.command("forget")
def case_forget(
    case_id: Annotated[str, typer.Argument(help="the case whose personal data is erased")],
    reason: Annotated[str, typer.Option(help="why, e.g. 保存期間満了 or 本人からの削除請求")],
    username: Annotated[str, typer.Option("--as", help="the acting user; must be an administrator")],
) -> None:
    """Erase a case's personal data for good (crypto-shredding); counts and reports stay as they were."""
    from web.storage.erasure import forget

    parsed = _case_id(case_id)
    settings = _settings()
    with _application(settings) as app:
        read_models = build_read_models(settings, app)
        try:
            recorded = forget(app, read_models, case_id=parsed, username=username, reason=reason)
        except KasaneError as error:
            raise _refused(error) from None
        finally:
            read_models.close()
    typer.echo(f"ケース {recorded.id} の個人情報を消去しました / personal data of case {recorded.id} erased")


@retention_cli.command("report")
def retention_report() -> None:
    """List closed cases whose retention period has ended: case id, closed on, due for erasure on."""
    from projections.retention import due_for_erasure

    settings = _settings()
    with _application(settings) as app:
        today = app.today()
    due = _read(lambda c: due_for_erasure(c, years=settings.retention_years, today=today))
    typer.echo(f"# retention {settings.retention_years} years after closure; as of {today.isoformat()}")
    typer.echo("case_id\tclosed_on\tdue_on")
    for case in due:
        typer.echo(f"{case.case_id}\t{case.closed_on.isoformat()}\t{case.due_on.isoformat()}")


def _case_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        typer.echo(f"エラー / error [case_id]: {text!r} is not a case id", err=True)
        raise typer.Exit(2) from None


from web.cli.access import demo_login_file, demo_login_hint, give_demo_passwords, install  # noqa: E402

install(cli)
from web.cli.setup import install as install_setup  # noqa: E402

install_setup(cli)


def main() -> None:
    cli(prog_name="kasane")


if __name__ == "__main__":
    sys.exit(main())
