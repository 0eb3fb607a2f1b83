"""The composition root: build the application (and later the projections) from settings once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.application import Kasane
from web.settings import Settings, eventsourcing_env


def build_application(settings: Settings, *, today: Callable[[], date] = date.today) -> Kasane:
    return Kasane(eventsourcing_env(settings), today=today)
