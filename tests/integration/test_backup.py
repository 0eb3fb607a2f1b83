"""Backup and restore: the log survives an export → import, across SQLite and PostgreSQL, or nothing is written.

The demo each test exports is loaded once per run (SQLite: ``prepared``, copied per test) or once per test worker
(PostgreSQL: a baseline put back per test): loading it was ~3 s of CPU per test, the same store every time.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from uuid import UUID

import pytest

from domain.application import Kasane
from domain.master_data_commands import RegisterAgency
from tests.builders import ADMIN, TODAY
from tests.conftest import (
    FAST_PASSWORD_HASHING,
    POSTGRES_URL,
    empty_postgres,
    fresh_postgres,
    prepared,
    started,
    store_settings,
)
from web.demo.generator import load_demo
from web.storage.backup import BackupError, export_events, import_events, verify
from web.storage.keystore import signing_key
from web.storage.settings import Settings, eventsourcing_env


def notifications(app: Kasane) -> list[tuple[object, ...]]:
    return [
        (n.id, n.originator_id, n.originator_version, n.topic, n.state)
        for n in app.recorder.select_notifications(start=1, limit=1_000_000)
    ]


def fresh_store(url: str, keys_of: Settings | None = None) -> Kasane:
    """A store at ``url``; with ``keys_of``, using that store's key store (the keys move apart from the log)."""
    return Kasane(eventsourcing_env(store_settings(url, keys_of)), today=lambda: TODAY)


def demo_loaded(settings: Settings) -> None:
    """The demo (seed 4, 15 households) recorded into the empty store of ``settings``."""
    app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        load_demo(app, seed=4, households=15)
    finally:
        app.close()


def demo_on_postgres(url: str) -> None:
    """The demo on an empty PostgreSQL database, after the start every test's store has had (same schema)."""
    started(url)
    demo_loaded(Settings(database_url=url, **FAST_PASSWORD_HASHING))


@pytest.fixture
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The test's own store, as ``tests.conftest``'s ``settings`` gives it, holding the demo before ``app`` opens it."""
    if database_url == POSTGRES_URL:
        fresh_postgres(POSTGRES_URL, "backup-demo", demo_on_postgres)
        return Settings(database_url=POSTGRES_URL, **FAST_PASSWORD_HASHING)
    return prepared(tmp_path_factory, "backup-demo", demo_loaded).copy(
        Path(database_url.removeprefix("sqlite:///")).parent
    )


@pytest.fixture
def exported(app: Kasane, tmp_path: Path) -> Path:
    path = tmp_path / "kasane.jsonl.gz"
    summary = export_events(app, path)
    assert summary.events == len(notifications(app))
    return path


def test_export_then_import_into_the_other_kind_of_store_reproduces_the_log(
    app: Kasane, settings: Settings, exported: Path, tmp_path: Path
) -> None:
    if settings.is_sqlite:
        empty_postgres(POSTGRES_URL)
        target = fresh_store(POSTGRES_URL, keys_of=settings)
    else:
        target = fresh_store(f"sqlite:///{tmp_path / 'restored.db'}", keys_of=settings)
    try:
        import_events(target, exported)
        assert notifications(target) == notifications(app)
        case_id = next(
            n.originator_id
            for n in app.recorder.select_notifications(start=1, limit=10_000)
            if n.topic.endswith("Case.Opened")
        )
        assert isinstance(case_id, UUID)
        assert target.case(case_id).household_name == app.case(case_id).household_name
        target.execute(_another_agency())  # the restored store keeps numbering after the imported events
        assert target.recorder.max_notification_id() == len(notifications(app)) + 1
    finally:
        target.close()


def test_import_refuses_a_store_that_already_has_events(app: Kasane, exported: Path) -> None:
    before = app.recorder.max_notification_id()
    with pytest.raises(BackupError, match="not empty"):
        import_events(app, exported)
    assert app.recorder.max_notification_id() == before


def test_a_corrupted_file_is_refused_and_nothing_is_written(exported: Path, tmp_path: Path) -> None:
    lines = gzip.decompress(exported.read_bytes()).decode().splitlines(keepends=True)
    lines[5] = lines[5].replace('"originator_version":', '"originator_version": ')  # one changed byte
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress("".join(lines).encode()))
    target = fresh_store(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        with pytest.raises(BackupError, match="corrupted"):
            import_events(target, damaged)
        assert (target.recorder.max_notification_id() or 0) == 0
    finally:
        target.close()


def test_a_truncated_file_is_refused_and_nothing_is_written(exported: Path, tmp_path: Path) -> None:
    data = gzip.decompress(exported.read_bytes())
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(gzip.compress(data[: len(data) // 2]))
    cut_gzip = tmp_path / "cut.jsonl.gz"
    cut_gzip.write_bytes(exported.read_bytes()[:-40])
    target = fresh_store(f"sqlite:///{tmp_path / 'target.db'}")
    try:
        for broken in (truncated, cut_gzip):
            with pytest.raises(BackupError):
                import_events(target, broken)
        assert (target.recorder.max_notification_id() or 0) == 0
    finally:
        target.close()


def test_verify_reports_the_count_and_checksum(exported: Path, settings: Settings) -> None:
    summary = verify(exported, signing_key(eventsourcing_env(settings)))
    assert summary.events > 100
    assert len(summary.sha256) == 64


def _another_agency() -> RegisterAgency:
    return RegisterAgency(actor=ADMIN, code="new-agency", name="新しい機関", agency_type="centre")
