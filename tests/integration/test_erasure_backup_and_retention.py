# ruff: noqa: F811  (the shared fixtures settings and story are imported by name; tests take them as arguments)
"""Erasure through the command line, across export and import, and the retention report; on both stores."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from domain.commands import CloseCase, ReopenCase
from domain.personal_data import ERASED
from projections.engine.catalogue import ReadModels
from projections.retention import DueCase, due_for_erasure
from tests.builders import COORDINATOR, TODAY, given_open_case
from tests.conftest import empty_postgres
from tests.erasure_scenarios import (  # noqa: F401  (the fixtures every erasure test starts from)
    ADMIN_USER,
    HOUSEHOLD,
    KEPT,
    Story,
    personal_data_found,
    settings,
    story,
    whole_store,
)
from web.cli.main import cli
from web.storage.backup import export_events, import_events
from web.storage.bootstrap import build_read_models
from web.storage.erasure import forget
from web.storage.settings import Settings, eventsourcing_env


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    if settings.keys_url:
        monkeypatch.setenv("KASANE_KEYS_URL", settings.keys_url)
    if settings.master_key_file:
        monkeypatch.setenv("KASANE_MASTER_KEY_FILE", str(settings.master_key_file))
    return CliRunner()


# ---- the command line ------------------------------------------------------------------------


def test_an_administrator_forgets_a_case_from_the_command_line(
    kasane: CliRunner, app: Kasane, story: Story, settings: Settings, read_models: ReadModels
) -> None:
    refused = kasane.invoke(cli, ["case", "forget", str(story.forgotten), "--reason", "請求", "--as", "sato"])
    assert refused.exit_code == 2
    assert "only an administrator" in refused.stderr
    assert app.case(story.forgotten).household_name == HOUSEHOLD
    done = kasane.invoke(cli, ["case", "forget", str(story.forgotten), "--reason", "請求", "--as", ADMIN_USER])
    assert done.exit_code == 0, done.output
    fresh = Kasane(eventsourcing_env(settings), today=lambda: TODAY)  # a cache of keys lasts CACHE_SECONDS
    try:
        assert fresh.case(story.forgotten).household_name == ERASED
    finally:
        fresh.close()
    read_models.catch_up()
    assert personal_data_found(whole_store(settings, read_models)) == []
    again = kasane.invoke(cli, ["case", "forget", str(story.forgotten), "--reason", "請求", "--as", ADMIN_USER])
    assert again.exit_code == 2
    assert "already been erased" in again.stderr


def test_forgetting_something_that_is_not_a_case_id_is_a_clear_error(kasane: CliRunner) -> None:
    result = kasane.invoke(cli, ["case", "forget", "yamada", "--reason", "x", "--as", ADMIN_USER])
    assert result.exit_code == 2
    assert "is not a case id" in result.stderr


# ---- export and import -----------------------------------------------------------------------


@pytest.fixture
def restored(settings: Settings, tmp_path: Path) -> Iterator[tuple[Kasane, Settings]]:
    """A second, empty store of the same kind, with the same key store (keys are backed up apart from events)."""
    url = f"sqlite:///{tmp_path / 'restored.db'}" if settings.is_sqlite else settings.database_url
    target_settings = Settings(
        database_url=url, keys_url=settings.resolved_keys_url(), master_key_file=settings.resolved_master_key_file()
    )
    yield Kasane(eventsourcing_env(target_settings), today=lambda: TODAY), target_settings
    # the test closes what it used


def test_an_export_after_forgetting_carries_sealed_values_and_the_case_stays_forgotten_after_restore(
    app: Kasane,
    story: Story,
    settings: Settings,
    read_models: ReadModels,
    tmp_path: Path,
    restored: tuple[Kasane, Settings],
) -> None:
    forget(app, read_models, case_id=story.forgotten, username=ADMIN_USER, reason="保存期間満了")
    backup = tmp_path / "log.jsonl.gz"
    export_events(app, backup)
    assert personal_data_found(gzip.decompress(backup.read_bytes())) == []
    target, target_settings = restored
    if not settings.is_sqlite:  # same server: the restore goes into the emptied database
        target.close()
        read_models.close()
        app.close()
        empty_postgres(settings.database_url)
        target = Kasane(eventsourcing_env(target_settings), today=lambda: TODAY)
    try:
        import_events(target, backup)
        assert target.case(story.forgotten).household_name == ERASED
        assert target.case(story.kept).household_name == KEPT
        models = build_read_models(target_settings, target)
        try:
            models.rebuild()
            assert personal_data_found(whole_store(target_settings, models)) == []
        finally:
            models.close()
    finally:
        target.close()


# ---- retention ---------------------------------------------------------------------------------


def close(app: Kasane, case_id: object, on: date) -> None:
    app.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=on))  # type: ignore[arg-type]


def test_the_retention_report_lists_closed_cases_past_their_period_and_not_yet_forgotten(
    app: Kasane, story: Story, read_models: ReadModels, kasane: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_ago = given_open_case(app, opened_on=date(2019, 4, 1))
    close(app, long_ago, date(2020, 3, 31))
    just_due = given_open_case(app, opened_on=date(2021, 4, 1))
    close(app, just_due, date(2021, 11, 20))
    reopened = given_open_case(app, opened_on=date(2019, 4, 1))
    close(app, reopened, date(2019, 6, 1))
    app.execute(ReopenCase(actor=COORDINATOR, case_id=reopened, reason="再相談", occurred_on=date(2020, 1, 6)))
    given_open_case(app, opened_on=date(2019, 4, 1))  # never closed
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        due = due_for_erasure(connection, years=5, today=TODAY)
        assert due == [
            DueCase(long_ago, date(2020, 3, 31), date(2025, 3, 31)),
            DueCase(just_due, date(2021, 11, 20), date(2026, 11, 20)),
        ]
        assert [d.case_id for d in due_for_erasure(connection, years=3, today=TODAY)] == [
            long_ago,
            just_due,
            story.forgotten,
        ]
    forget(app, read_models, case_id=long_ago, username=ADMIN_USER, reason="保存期間満了")
    with read_models.engine.connect() as connection:
        assert [d.case_id for d in due_for_erasure(connection, years=5, today=TODAY)] == [just_due]

    monkeypatch.setenv("KASANE_RETENTION_YEARS", "3")
    result = kasane.invoke(cli, ["retention", "report"])
    assert result.exit_code == 0, result.output
    assert f"{just_due}\t2021-11-20\t2024-11-20" in result.stdout
    assert f"{story.forgotten}\t2023-09-29\t2026-09-29" in result.stdout
    assert str(long_ago) not in result.stdout
    monkeypatch.setenv("KASANE_RETENTION_YEARS", "0")
    assert kasane.invoke(cli, ["retention", "report"]).exit_code == 2
