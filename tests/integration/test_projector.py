"""`kasane projections follow`: a projector process that keeps read models current while others record events."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from projections.engine.catalogue import ReadModels
from tests.builders import given_open_case, given_standard_setup
from web.cli.main import cli
from web.storage.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def projector(settings: Settings, *options: str, timeout: float = 60) -> subprocess.Popen[str]:
    """Start a projector and wait (bounded) until it says what it follows."""
    child = subprocess.Popen(
        [sys.executable, "-m", "web.cli", "projections", "follow", "--interval", "0.1", *options],
        cwd=ROOT,
        env={**os.environ, "KASANE_DATABASE_URL": settings.database_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    ready, _, _ = select.select([child.stderr], [], [], timeout)
    first = child.stderr.readline() if ready else ""
    if not first.startswith("following"):
        child.kill()
        pytest.fail(f"the projector did not start: {first}{child.communicate(timeout=30)[1]}")
    return child


def positions_when_level(
    read_models: ReadModels, app: Kasane, name: str, child: subprocess.Popen[str], timeout: float = 60
) -> dict[str, int]:
    """Wait (bounded) until the projector has brought ``name`` up to the end of the log.

    No polling: between two looks at the positions it waits for the projector's next report ("N events applied").
    """
    assert child.stderr is not None
    deadline = time.monotonic() + timeout
    while True:
        positions = {s.name: s.position for s in read_models.statuses()}
        if positions[name] == app.recorder.max_notification_id():
            return positions
        ready, _, _ = select.select([child.stderr], [], [], max(0.0, deadline - time.monotonic()))
        if not ready or not child.stderr.readline():
            pytest.fail(f"the projector did not bring {name} up to the log in {timeout} s")


def stop(child: subprocess.Popen[str]) -> str:
    child.send_signal(signal.SIGTERM)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 0, stderr
    return stderr


def test_a_projector_for_one_read_model_follows_the_log_and_stops_cleanly(
    app: Kasane, settings: Settings, read_models: ReadModels
) -> None:
    given_standard_setup(app)
    child = projector(settings, "--only", "case_list")
    try:
        positions_when_level(read_models, app, "case_list", child)
        given_open_case(app, household_name="山田家")  # recorded while the projector runs
        positions = positions_when_level(read_models, app, "case_list", child)
    finally:
        stderr = stop(child)
    assert stderr.rstrip().endswith("stopped")
    assert {name for name, position in positions.items() if position > 0} == {"case_list"}
    with read_models.engine.connect() as connection:
        from projections.cases.queries import list_cases

        assert [c.household_name for c in list_cases(connection)] == ["山田家"]


def test_the_web_app_and_cli_keep_working_alongside_a_projector(
    app: Kasane, settings: Settings, read_models: ReadModels
) -> None:
    given_standard_setup(app)
    child = projector(settings)
    try:
        for n in range(3):
            given_open_case(app, household_name=f"世帯{n}")
            read_models.catch_up()  # what a web request does: never applies a page the projector applied
        for runner in read_models.runners:  # the projector works through every read model, one after another
            positions_when_level(read_models, app, runner.name, child)
    finally:
        stop(child)
    assert read_models.catch_up() == 0
    from tests.read_models import table_contents

    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental


def test_an_unknown_read_model_is_refused(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["projections", "follow", "--only", "case_lists"])
    assert result.exit_code == 2
    assert "no read model named case_lists" in result.output


def test_catch_up_once_brings_every_read_model_level_with_the_log(
    app: Kasane, settings: Settings, read_models: ReadModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    given_standard_setup(app)
    given_open_case(app)
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(cli, ["projections", "catch-up"])
    assert result.exit_code == 0, result.output
    head = app.recorder.max_notification_id()
    assert f"case_list: {head} events applied" in result.output
    assert {(s.position, s.outdated) for s in read_models.statuses()} == {(head, False)}
