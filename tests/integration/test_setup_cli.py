"""``kasane setup load`` as a real process: the quick start from an empty store, and refusals with every problem."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from tests.builders import TODAY
from tests.integration.test_cli import kasane
from web.app import create_app
from web.storage.settings import Settings

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "setup" / "sakuragaoka.toml"


def test_a_fresh_store_is_set_up_from_the_file_without_the_demo(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    first = kasane("setup", "load", str(EXAMPLE), database=database)
    assert first.exit_code == 0, first.stderr
    assert "fukushi-soudan" in first.stdout and "新規登録" in first.stdout
    again = kasane("setup", "load", str(EXAMPLE), database=database)
    assert again.exit_code == 0 and "変更はありません / nothing changed" in again.stdout
    password = subprocess.run(
        [sys.executable, "-m", "web.cli", "user", "password", "sato", "--password-stdin"],
        input="sakura-no-machi-2026\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "KASANE_DATABASE_URL": f"sqlite:///{database}"},
    )
    assert password.returncode == 0, password.stderr
    plan = kasane("plan", "load", str(ROOT / "examples" / "komae_layered_support_plan.toml"), database=database)
    assert plan.exit_code == 0, plan.stderr
    # the coordinator logs in and finds the file's areas, in its display order, on the intake form
    with TestClient(create_app(Settings(database_url=f"sqlite:///{database}"), today=lambda: TODAY)) as client:
        login = client.post(
            "/login", data={"username": "sato", "password": "sakura-no-machi-2026"}, follow_redirects=False
        )
        assert login.status_code == 303
        intake = client.get("/cases/new").text
    area_select = re.search(r'<select[^>]*name="area"[^>]*>(.*?)</select>', intake, re.S)
    assert area_select is not None
    assert re.findall(r'<option value="([^"]+)"', area_select.group(1)) == [
        "kita",
        "chuo",
        "minami",
        "d-ichi",
        "d-ni",
        "d-san",
        "d-yon",
        "d-go",
        "d-roku",
    ]


def test_an_invalid_file_is_refused_with_every_problem_and_exit_status_2(tmp_path: Path) -> None:
    database, file = tmp_path / "k.db", tmp_path / "city.toml"
    file.write_text(
        '[[agency]]\ncode = "a b"\nname = "福祉相談課"\nkind = "city"\n\n'
        '[[staff]]\nusername = "sato"\nname = "佐藤 花子"\nrole = "coordinator"\nagency = "zz"\n',
        encoding="utf-8",
    )
    refused = kasane("setup", "load", str(file), database=database)
    assert refused.exit_code == 2
    lines = [line for line in refused.stderr.splitlines() if line.startswith("エラー / error")]
    assert [line.split(": ")[0] for line in lines] == [
        "エラー / error [agency[1].code]",
        "エラー / error [agency[1].kind]",
        "エラー / error [staff[1].agency]",
    ]
    assert lines[0].startswith("エラー / error [agency[1].code]: 2行目：") and "/ line 2: " in lines[0]
    assert "何も登録していません" in refused.stderr
