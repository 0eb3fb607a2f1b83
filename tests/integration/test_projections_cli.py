"""`kasane projections rebuild` and `status` on both stores."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from projections.engine.catalogue import all_projections
from tests.builders import given_open_case, given_standard_setup
from web.cli.main import cli
from web.storage.settings import Settings

READ_MODELS = [p.name for p in all_projections()]


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    return CliRunner()


def status_lines(kasane: CliRunner) -> list[list[str]]:
    result = kasane.invoke(cli, ["projections", "status"])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.output.splitlines()[1:]]


@pytest.mark.never_started
def test_status_shows_read_models_never_run_then_rebuild_brings_them_level(app: Kasane, kasane: CliRunner) -> None:
    given_standard_setup(app)
    given_open_case(app)
    head = str(app.recorder.max_notification_id())
    assert status_lines(kasane) == [[p.name, f"v{p.version}", "0", head, head, "never run"] for p in all_projections()]

    result = kasane.invoke(cli, ["projections", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"case_list: {head} events replayed" in result.output
    assert status_lines(kasane) == [[p.name, f"v{p.version}", head, head, "0", "ok"] for p in all_projections()]
