"""The composition root: build the application and its read models from settings once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import sqlalchemy as sa

from domain.application import Kasane
from projections.catalogue import ReadModels
from projections.catch_up import DEFAULT_PAGE_SIZE, Projection
from web.settings import Settings, eventsourcing_env


def build_application(settings: Settings, *, today: Callable[[], date] = date.today) -> Kasane:
    return Kasane(eventsourcing_env(settings), today=today)


def build_read_models(
    settings: Settings,
    app: Kasane,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    projections: Sequence[Projection] | None = None,
) -> ReadModels:
    """The read models (all, or ``projections``) live in the same database as the events, via their own engine."""
    from web.erasure import secure_sqlite_deletes

    engine = secure_sqlite_deletes(sa.create_engine(settings.database_url))
    return ReadModels(app, engine, page_size=page_size, projections=projections)
