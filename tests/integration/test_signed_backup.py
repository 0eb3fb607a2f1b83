"""Exports are signed: an edited file is refused even when the editor recomputed its SHA-256.

A plain checksum finds accidents, not edits: whoever changes an export (an
event's actor, a removed ``PersonalDataErased``) can recompute it. The HMAC in
the end marker needs a key derived from the master key, so `events import` and
`events verify` refuse such a file, and nothing is written.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from projections.engine.catalogue import ReadModels
from tests.builders import ADMIN, TODAY, given_open_case, given_standard_setup
from tests.conftest import POSTGRES_URL, empty_postgres, store_settings
from web.cli.main import cli
from web.storage.backup import BackupError, export_events, import_events, verify
from web.storage.erasure import forget
from web.storage.keystore import signing_key
from web.storage.settings import Settings, eventsourcing_env

SIGNATURE = "signature does not match"


def lines_of(path: Path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)


def resealed(path: Path, lines: list[str]) -> Path:
    """``lines`` with the checksum and count recomputed, as someone editing the file would; the old HMAC kept."""
    body, footer = lines[:-1], json.loads(lines[-1])
    footer.update(events=len(body) - 1, sha256=hashlib.sha256("".join(body).encode()).hexdigest())
    path.write_bytes(gzip.compress("".join([*body, json.dumps(footer) + "\n"]).encode()))
    return path


def state_of(line: str) -> dict[str, object]:
    return json.loads(base64.b64decode(json.loads(line)["state"]))


def with_state(line: str, state: dict[str, object]) -> str:
    record = json.loads(line)
    record["state"] = base64.b64encode(json.dumps(state).encode()).decode()
    return json.dumps(record, separators=(",", ":")) + "\n"


def other_store(settings: Settings, tmp_path: Path) -> Kasane:
    """An empty store of the other kind, with the same key store and master key (the keys move with the log)."""
    if settings.is_sqlite:
        empty_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{tmp_path / 'restored.db'}"
    return Kasane(eventsourcing_env(store_settings(url, keys_of=settings)), today=lambda: TODAY)


@pytest.fixture
def exported(app: Kasane, tmp_path: Path) -> Path:
    given_standard_setup(app)
    given_open_case(app)
    path = tmp_path / "kasane.jsonl.gz"
    export_events(app, path)
    return path


def test_a_genuine_export_round_trips_into_the_other_kind_of_store(
    app: Kasane, settings: Settings, exported: Path, tmp_path: Path
) -> None:
    target = other_store(settings, tmp_path)
    try:
        summary = import_events(target, exported)
        assert summary.events == app.recorder.max_notification_id() == target.recorder.max_notification_id()
    finally:
        target.close()


def test_a_forged_actor_with_a_recomputed_checksum_is_refused(
    app: Kasane, settings: Settings, exported: Path, tmp_path: Path
) -> None:
    lines = lines_of(exported)
    number = next(n for n, line in enumerate(lines[1:-1], start=1) if "actor" in state_of(line))
    state = state_of(lines[number])
    state["actor"] = {**state["actor"], "user_id": "mallory"}  # type: ignore[dict-item]
    forged = resealed(
        tmp_path / "forged.jsonl.gz", [*lines[:number], with_state(lines[number], state), *lines[number + 1 :]]
    )
    with pytest.raises(BackupError, match=SIGNATURE):
        verify(forged, signing_key(eventsourcing_env(settings)))
    target = other_store(settings, tmp_path)
    try:
        with pytest.raises(BackupError, match=SIGNATURE):
            import_events(target, forged)
        assert (target.recorder.max_notification_id() or 0) == 0
    finally:
        target.close()


def test_a_removed_erasure_with_a_recomputed_checksum_is_refused(
    app: Kasane, settings: Settings, read_models: ReadModels, tmp_path: Path
) -> None:
    given_standard_setup(app)
    app.execute(
        RegisterUser(actor=ADMIN, username="tanaka", name="田中 管理者", role="admin", agency="fukushi-seisaku")
    )
    case_id = given_open_case(app)
    read_models.catch_up()
    forget(app, read_models, case_id=case_id, username="tanaka", reason="保存期間満了")
    path = tmp_path / "erased.jsonl.gz"
    export_events(app, path)
    lines = lines_of(path)
    kept = [line for line in lines if "PersonalDataErased" not in line]
    assert len(kept) == len(lines) - 1
    edited = resealed(tmp_path / "unerased.jsonl.gz", kept)
    target = other_store(settings, tmp_path)
    try:
        with pytest.raises(BackupError, match=SIGNATURE):
            import_events(target, edited)
        assert (target.recorder.max_notification_id() or 0) == 0
    finally:
        target.close()


def test_events_verify_refuses_an_edited_file_and_accepts_the_genuine_one(
    settings: Settings, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_KEYS_URL", settings.resolved_keys_url())
    monkeypatch.setenv("KASANE_MASTER_KEY_FILE", str(settings.resolved_master_key_file()))
    lines = lines_of(exported)
    edited = resealed(tmp_path / "edited.jsonl.gz", [*lines[:2], *lines[3:]])
    refused = CliRunner().invoke(cli, ["events", "verify", str(edited)])
    assert refused.exit_code == 2 and SIGNATURE in refused.stderr
    genuine = CliRunner().invoke(cli, ["events", "verify", str(exported)])
    assert genuine.exit_code == 0 and genuine.stdout.startswith("ok:")


def test_an_export_signed_under_another_master_key_is_refused(exported: Path, tmp_path: Path) -> None:
    stranger = Kasane(
        eventsourcing_env(Settings(database_url=f"sqlite:///{tmp_path / 'elsewhere' / 'k.db'}")), today=lambda: TODAY
    )
    try:
        with pytest.raises(BackupError, match=SIGNATURE):
            import_events(stranger, exported)
        assert (stranger.recorder.max_notification_id() or 0) == 0
    finally:
        stranger.close()
