"""``kasane history`` shows when each event was written in Japan time, on a server whose own zone is UTC."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from domain.application import Kasane
from tests.builders import TODAY, given_open_case, given_standard_setup
from web.storage.settings import Settings, eventsourcing_env


def _history(database: Path, case_id: str, **env: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "web.cli", "history", case_id],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KASANE_DATABASE_URL": f"sqlite:///{database}", "TZ": "UTC", **env},
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _a_case(database: Path) -> str:
    app = Kasane(eventsourcing_env(Settings(database_url=f"sqlite:///{database}")), today=lambda: TODAY)
    try:
        given_standard_setup(app)
        return str(given_open_case(app))
    finally:
        app.close()


def test_history_shows_write_times_in_japan_time_whatever_the_servers_zone(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    case_id = _a_case(database)

    assert _history(database, case_id)[0].endswith("+09:00")
    assert _history(database, case_id, KASANE_TIMEZONE="Europe/London")[0][-6:] in ("+00:00", "+01:00")
