"""The ``kasane`` command line against a real SQLite file: once as a real process, the rest in this process.

``--help`` runs ``python -m web.cli`` as a child process: the script's entry point, exit code and output as a shell
sees them. The other commands call the same Typer command (``web.cli.main.cli``) in this process, with the store's
URL in their environment: a child process paid about a second and a half of start-up (imports) for each of them.
The demo is loaded once per run (``prepared``); the tests that need it take a copy of that store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import Prepared, prepared
from web.cli.main import cli
from web.storage.settings import Settings


def kasane(*args: str, database: Path | str) -> Result:
    """``kasane ARGS`` with ``KASANE_DATABASE_URL`` naming ``database`` (a SQLite path, or any URL)."""
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    return CliRunner().invoke(cli, list(args), env={"KASANE_DATABASE_URL": url})


def demo_loaded(settings: Settings) -> None:
    """``kasane demo`` into an empty store: it loads."""
    loaded = CliRunner().invoke(cli, ["demo", "--households", "5"], env={"KASANE_DATABASE_URL": settings.database_url})
    assert loaded.exit_code == 0, loaded.stderr


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Prepared[None]:
    return prepared(tmp_path_factory, "cli-demo", demo_loaded)


def test_the_script_runs_as_a_process_and_its_help_lists_the_commands(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "web.cli", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "KASANE_DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"},
        timeout=120,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0, result.stderr
    for command in ("demo", "history", "serve"):
        assert command in result.stdout


def test_history_of_an_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    result = kasane("history", str(uuid.uuid4()), database=tmp_path / "k.db")
    assert result.exit_code == 2
    assert "nothing has been recorded" in result.stderr


def test_history_of_something_that_is_not_an_id_is_a_clear_error(tmp_path: Path) -> None:
    result = kasane("history", "yamada", database=tmp_path / "k.db")
    assert result.exit_code == 2
    assert "is not an id" in result.stderr


def test_an_unsupported_database_url_is_refused(tmp_path: Path) -> None:
    result = kasane("history", str(uuid.uuid4()), database="mysql://nowhere/kasane")
    assert result.exit_code == 2
    assert "KASANE_DATABASE_URL" in result.stderr


@pytest.mark.slow
def test_demo_loads_once_and_refuses_a_second_load(demo_store: Prepared[None], tmp_path: Path) -> None:
    database = demo_store.copy(tmp_path).sqlite_path()  # loaded into an empty store by ``demo_loaded``
    assert database is not None
    assert kasane("demo", "--if-empty", database=database).exit_code == 0
    again = kasane("demo", "--households", "5", database=database)
    assert again.exit_code == 2
    assert "not empty" in again.stderr


@pytest.mark.slow
def test_events_export_verify_and_import_round_trip_through_the_cli(demo_store: Prepared[None], tmp_path: Path) -> None:
    source = demo_store.copy(tmp_path).sqlite_path()  # the target beside it shares its key store and master key
    target, backup = tmp_path / "b.db", tmp_path / "log.jsonl.gz"
    assert source is not None
    exported = kasane("events", "export", "--output", str(backup), database=source)
    assert exported.exit_code == 0, exported.stderr
    assert kasane("events", "verify", str(backup), database=target).exit_code == 0
    assert kasane("events", "import", str(backup), database=target).exit_code == 0
    again = kasane("events", "import", str(backup), database=target)
    assert again.exit_code == 2
    assert "not empty" in again.stderr
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(backup.read_bytes()[:-30])
    assert kasane("events", "verify", str(broken), database=target).exit_code == 2
