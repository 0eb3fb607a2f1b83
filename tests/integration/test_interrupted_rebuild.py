"""A rebuild killed half-way leaves its tables beside the current ones; ``kasane projections catch-up`` finishes it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from projections.engine.catalogue import ReadModels
from projections.engine.catch_up import _ShadowBuilder
from projections.engine.versioning import Shadow
from tests.builders import given_open_case, given_standard_setup
from tests.integration.test_projections_cli import status_lines
from web.cli.main import cli
from web.storage.settings import Settings


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    return CliRunner()


def a_rebuild_killed_after_its_first_pages(app: Kasane, read_models: ReadModels, name: str) -> None:
    """What a rebuild leaves when its process dies: a shadow built part of the way, never swapped in."""
    runner = next(r for r in read_models.runners if r.name == name)
    shadow = Shadow(read_models.engine, name)
    shadow.prepare()
    _ShadowBuilder(runner.projection, app, shadow.building, page_size=2).catch_up(target=4)
    shadow.close(discard=False)


def test_catch_up_finishes_a_killed_rebuild_and_status_stops_saying_rebuilding(
    app: Kasane, read_models: ReadModels, kasane: CliRunner
) -> None:
    given_standard_setup(app)
    for _ in range(3):
        given_open_case(app)
    read_models.catch_up()
    a_rebuild_killed_after_its_first_pages(app, read_models, "case_list")
    assert {line[0]: line[5] for line in status_lines(kasane)}["case_list"] == "ok (rebuilding beside)"

    result = kasane.invoke(cli, ["projections", "catch-up"])
    assert result.exit_code == 0, result.output
    assert {line[0]: line[5] for line in status_lines(kasane)}["case_list"] == "ok"
    shadow = Shadow(read_models.engine, "case_list")
    try:
        assert not shadow.exists()
    finally:
        shadow.close(discard=False)
    head = str(app.recorder.max_notification_id())
    assert {line[0]: line[2] for line in status_lines(kasane)}["case_list"] == head
