"""The ``kasane`` command line, run as a real process against a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest


def kasane(*args: str, database: Path | str) -> subprocess.CompletedProcess[str]:
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    env = {**os.environ, "KASANE_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "web.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).parents[2],
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = kasane("--help", database=tmp_path / "k.db")
    assert result.returncode == 0
    for command in ("demo", "history", "serve"):
        assert command in result.stdout


def test_history_of_an_unknown_id_is_a_clear_error(tmp_path: Path) -> None:
    result = kasane("history", str(uuid.uuid4()), database=tmp_path / "k.db")
    assert result.returncode == 2
    assert "nothing has been recorded" in result.stderr


def test_history_of_something_that_is_not_an_id_is_a_clear_error(tmp_path: Path) -> None:
    result = kasane("history", "yamada", database=tmp_path / "k.db")
    assert result.returncode == 2
    assert "is not an id" in result.stderr


def test_an_unsupported_database_url_is_refused(tmp_path: Path) -> None:
    result = kasane("history", str(uuid.uuid4()), database="mysql://nowhere/kasane")
    assert result.returncode == 2
    assert "KASANE_DATABASE_URL" in result.stderr


@pytest.mark.slow
def test_demo_loads_once_and_refuses_a_second_load(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    assert kasane("demo", "--households", "5", database=database).returncode == 0
    assert kasane("demo", "--if-empty", database=database).returncode == 0
    again = kasane("demo", "--households", "5", database=database)
    assert again.returncode == 2
    assert "not empty" in again.stderr


@pytest.mark.slow
def test_events_export_verify_and_import_round_trip_through_the_cli(tmp_path: Path) -> None:
    source, target, backup = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "log.jsonl.gz"
    assert kasane("demo", "--households", "5", database=source).returncode == 0
    exported = kasane("events", "export", "--output", str(backup), database=source)
    assert exported.returncode == 0, exported.stderr
    assert kasane("events", "verify", str(backup), database=target).returncode == 0
    assert kasane("events", "import", str(backup), database=target).returncode == 0
    again = kasane("events", "import", str(backup), database=target)
    assert again.returncode == 2
    assert "not empty" in again.stderr
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(backup.read_bytes()[:-30])
    assert kasane("events", "verify", str(broken), database=target).returncode == 2
