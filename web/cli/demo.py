"""``kasane demo``: a realistic demo municipality, or a benchmark-scale store."""

from typing import Annotated

import typer

from domain.actor import Actor
from domain.application import Kasane
from domain.errors import KasaneError
from web.cli.access import demo_login_file, demo_login_hint, give_demo_passwords
from web.cli.common import load_settings, refusal, run_on_application
from web.storage.settings import eventsourcing_env


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
                typer.echo(demo_login_hint(load_settings()))
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
        password = give_demo_passwords(load_settings(), [s.code for s in demo_data.SETUP.staff])
        typer.echo(
            f"デモ用ログイン / demo login: user sato (or any demo user), password {password} "
            f"(saved in {demo_login_file(load_settings())})"
        )

    run_on_application(load)


def _demo_at_scale(scale: str, seed: int) -> None:
    """``kasane demo --scale``: the scaled generator (web/demo/scale.py) into an empty store."""
    from web.demo.scale import SCALES, BatchingKasane, load_scaled

    if scale not in SCALES:
        typer.echo(f"エラー / error [scale]: unknown scale {scale!r}; choose one of {', '.join(SCALES)}", err=True)
        raise typer.Exit(2)
    settings = load_settings()
    app = BatchingKasane(eventsourcing_env(settings), today=settings.clock().today)
    try:
        if (app.recorder.max_notification_id() or 0) > 0:
            typer.echo("エラー / error: the store is not empty; demo data goes only into an empty store", err=True)
            raise typer.Exit(2)
        with typer.progressbar(length=SCALES[scale], label=f"デモデータ / demo data ({scale})") as bar:
            loaded = load_scaled(app, seed=seed, districts=SCALES[scale], on_district=lambda _: bar.update(1))
        typer.echo(f"{loaded.events} events from {loaded.commands} commands recorded (seed {seed}, scale {scale})")
    except KasaneError as error:
        raise refusal(error) from None
    finally:
        app.close()
