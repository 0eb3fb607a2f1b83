"""The scaled demo generator writes in batches exactly what the commands write one by one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.application import Kasane
from domain.errors import AlreadyExists, InvalidInput
from tests.builders import TODAY
from tests.integration.test_cli import kasane
from tests.integration.test_demo_data import stored_events
from web.demo.scale import BatchingKasane, load_scaled, scaled_commands
from web.storage.bootstrap import build_read_models
from web.storage.settings import Settings, eventsourcing_env

DISTRICTS, HOUSEHOLDS = 2, 12


def batching(url: str) -> BatchingKasane:
    return BatchingKasane(eventsourcing_env(Settings(database_url=url)), today=lambda: TODAY)


def load_tiny(url: str, seed: int = 4, districts: int = DISTRICTS) -> int:
    app = batching(url)
    try:
        return load_scaled(app, seed=seed, districts=districts, households=HOUSEHOLDS).events
    finally:
        app.close()


def test_same_seed_gives_the_same_commands_and_another_seed_does_not() -> None:
    def planned(seed: int) -> list[Any]:
        return [c for batch in scaled_commands(seed=seed, today=TODAY, districts=2, households=5) for c in batch]

    assert planned(3) == planned(3)
    assert planned(3) != planned(4)


def test_batches_store_the_same_events_as_running_each_command(settings: Settings, tmp_path: Path) -> None:
    written = load_tiny(settings.database_url, districts=1)
    one_by_one = Kasane(
        eventsourcing_env(Settings(database_url=f"sqlite:///{tmp_path / 'one.db'}")), today=lambda: TODAY
    )
    batched = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        for batch in scaled_commands(seed=4, today=TODAY, districts=1, households=HOUSEHOLDS):
            for command in batch:
                one_by_one.execute(command)
        events = stored_events(batched)
        assert len(events) == written
        assert events == stored_events(one_by_one)
    finally:
        one_by_one.close()
        batched.close()


def test_every_generated_aggregate_replays_and_the_read_models_accept_the_log(app: Kasane, settings: Settings) -> None:
    load_tiny(settings.database_url, seed=9)
    read_models = build_read_models(settings, app)
    versions = Counter(UUID(str(n.originator_id)) for n in app.recorder.select_notifications(start=1, limit=100_000))
    for aggregate_id, events in versions.items():
        assert app.repository.get(aggregate_id).version == events
    try:
        assert read_models.catch_up() == sum(versions.values()) * len(read_models.runners)
    finally:
        read_models.close()
    kinds = Counter(type(app.repository.get(a)).__name__ for a in versions)
    assert kinds["Case"] > DISTRICTS * HOUSEHOLDS // 2 and kinds["SupportMeeting"] > 0


def test_loading_again_into_the_same_store_is_refused_and_writes_nothing(settings: Settings) -> None:
    load_tiny(settings.database_url)
    app = batching(settings.database_url)
    try:
        before = app.recorder.max_notification_id()
        try:
            load_scaled(app, seed=4, districts=1, households=HOUSEHOLDS)
        except (AlreadyExists, InvalidInput):  # the shared plans or master data are already there
            pass
        else:
            raise AssertionError("loading the same history twice must be refused")
        assert app.recorder.max_notification_id() == before
    finally:
        app.close()


def test_cli_loads_a_scale_only_into_an_empty_store(tmp_path: Path) -> None:
    unknown = kasane("demo", "--scale", "galaxy", database=tmp_path / "k.db")
    assert unknown.exit_code == 2 and "unknown scale" in unknown.stderr
    load_tiny(f"sqlite:///{tmp_path / 'k.db'}")
    refused = kasane("demo", "--scale", "tiny", database=tmp_path / "k.db")
    assert refused.exit_code == 2 and "not empty" in refused.stderr
