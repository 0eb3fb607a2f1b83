"""The business clock: Japan time whatever zone the server runs in (product decision 9)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from domain.clock import Clock
from web.storage.settings import Settings

HALF_PAST_EIGHT_IN_TOKYO = datetime(2026, 11, 19, 23, 30, tzinfo=UTC)
"""23:30 UTC on the 19th is 08:30 on the 20th in Tokyo: the first working hour of the day."""


@pytest.fixture
def server_on_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The server's own zone is UTC, as on most hosts and slim containers."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_at_half_past_eight_in_tokyo_today_is_already_the_japan_date(server_on_utc: None) -> None:
    clock = Clock("Asia/Tokyo", utc_now=lambda: HALF_PAST_EIGHT_IN_TOKYO)

    assert clock.today() == date(2026, 11, 20)
    assert clock.now().hour == 8 and clock.now().minute == 30
    offset = clock.now().utcoffset()
    assert offset is not None and offset.total_seconds() == 9 * 3600


def test_another_zone_has_its_own_date_at_the_same_instant(server_on_utc: None) -> None:
    assert Clock("Pacific/Honolulu", utc_now=lambda: HALF_PAST_EIGHT_IN_TOKYO).today() == date(2026, 11, 19)


def test_a_stored_utc_moment_is_shown_in_japan_time() -> None:
    local = Clock("Asia/Tokyo").local(HALF_PAST_EIGHT_IN_TOKYO)

    assert local.strftime("%Y-%m-%d %H:%M %Z") == "2026-11-20 08:30 JST"


def test_a_moment_without_an_offset_is_read_as_japan_time() -> None:
    local = Clock("Asia/Tokyo").local(datetime(2026, 11, 20, 8, 30))

    assert local.astimezone(UTC) == HALF_PAST_EIGHT_IN_TOKYO


def test_the_setting_defaults_to_tokyo_whatever_the_server_zone(server_on_utc: None) -> None:
    assert Settings().timezone == "Asia/Tokyo"
    assert str(Settings().clock().zone) == "Asia/Tokyo"


def test_an_unknown_time_zone_is_refused_with_the_setting_named() -> None:
    with pytest.raises(ValidationError, match="KASANE_TIMEZONE"):
        Settings(timezone="Asia/Atlantis")
