"""The composition root: build the application and its read models from settings once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from domain.application import Kasane
from projections.catalogue import ReadModels
from projections.catch_up import DEFAULT_PAGE_SIZE
from web.settings import Settings, eventsourcing_env


def build_application(settings: Settings, *, today: Callable[[], date] = date.today) -> Kasane:
    return Kasane(eventsourcing_env(settings), today=today)


def build_read_models(settings: Settings, app: Kasane, *, page_size: int = DEFAULT_PAGE_SIZE) -> ReadModels:
    """The read models live in the same database as the events, through an engine of their own."""
    from web.erasure import secure_sqlite_deletes

    engine = secure_sqlite_deletes(sa.create_engine(settings.database_url))
    return ReadModels(app, engine, page_size=page_size)
