"""The demo municipality is recorded through the real commands, deterministically."""

from __future__ import annotations

from collections import Counter
from typing import Any

from domain.application import Kasane
from domain.fiscal_year import FiscalYear
from tests.builders import TODAY
from web.demo.generator import demo_commands, load_demo


def stored_events(app: Kasane) -> list[tuple[Any, ...]]:
    """Every stored event without the write timestamp (the only thing allowed to differ)."""
    events = []
    for notification in app.recorder.select_notifications(start=1, limit=1_000_000):
        event = app.mapper.to_domain_event(notification)
        fields = {k: v for k, v in event.__dict__.items() if k != "timestamp"}
        events.append((notification.topic, sorted(fields.items(), key=lambda kv: kv[0])))
    return events


def test_same_seed_gives_the_same_commands_and_another_seed_does_not() -> None:
    assert demo_commands(seed=7, today=TODAY, households=40) == demo_commands(seed=7, today=TODAY, households=40)
    assert demo_commands(seed=7, today=TODAY, households=40) != demo_commands(seed=8, today=TODAY, households=40)


def test_demo_covers_two_fiscal_years_and_every_kind_of_record() -> None:
    commands = demo_commands(seed=1, today=TODAY, households=300)
    kinds = Counter(type(c).__name__ for c in commands)
    for kind in (
        "OpenCase",
        "RecordConsultation",
        "RecordOutreachVisit",
        "SendReferral",
        "AdoptSupportPlan",
        "RecordConsent",
        "RecordMeetingOutcome",
        "StartPlacement",
        "RecordCommunityActivity",
        "CloseCase",
        "VoidCaseEntry",
        "CorrectCaseEntry",
    ):
        assert kinds[kind] > 0, kind
    opened = sorted(c.opened_on for c in commands if type(c).__name__ == "OpenCase")  # type: ignore[attr-defined]
    assert FiscalYear.of(opened[0]) == FiscalYear.of(TODAY).previous()
    assert FiscalYear.of(opened[-1]) == FiscalYear.of(TODAY)


def test_demo_loads_into_the_store_through_the_commands(app: Kasane) -> None:
    count = load_demo(app, seed=3, households=40)
    assert count > 300
    first = stored_events(app)
    assert len(first) >= count
    assert any(topic.endswith("SupportMeeting.Held") for topic, _ in first)


def test_same_seed_on_another_store_gives_identical_events(app: Kasane, tmp_path: Any) -> None:
    from web.storage.settings import Settings, eventsourcing_env

    load_demo(app, seed=5, households=25)
    other = Kasane(eventsourcing_env(Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}")), today=lambda: TODAY)
    try:
        load_demo(other, seed=5, households=25)
        assert stored_events(other) == stored_events(app)
    finally:
        other.close()
