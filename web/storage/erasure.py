"""The erasure procedure around ``ForgetCase``: who asks, clearing the read models, and scrubbing SQLite.

The domain records the erasure and the key store destroys the key; what is
left are the clear copies in read models (same database as the events).
Their handlers overwrite them on ``PersonalDataErased``, and on SQLite the
read-model connections run with ``secure_delete`` so overwritten values do
not linger in free space; a WAL checkpoint then drops the old page images.
"""

from __future__ import annotations

from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine.interfaces import DBAPIConnection

from domain.actor import Actor
from domain.application import Kasane
from domain.erasure import ForgetCase
from domain.errors import KasaneError
from domain.use_cases import Recorded
from domain.user import User
from projections.engine.catalogue import ReadModels


def actor_for(app: Kasane, username: str) -> Actor:
    """The registered user as an actor; an unknown name is refused by the use case itself."""
    try:
        user = app.master(User, username, "as")
    except KasaneError:
        return Actor(user_id=username, role="", agency_id="")
    return Actor(user_id=user.code, role=user.role, agency_id=user.agency)


def forget(app: Kasane, read_models: ReadModels, *, case_id: UUID, username: str, reason: str) -> Recorded:
    """Erase a case's personal data everywhere: the event and key first, then every read model's copies."""
    recorded = app.execute(ForgetCase(actor=actor_for(app, username), case_id=case_id, reason=reason))
    read_models.catch_up()
    scrub(read_models.engine)
    return recorded


def scrub(engine: sa.Engine) -> None:
    """SQLite: move the WAL into the database file and truncate it, so old page images of erased rows go."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def secure_sqlite_deletes(engine: sa.Engine) -> sa.Engine:
    """Make every SQLite connection of ``engine`` overwrite deleted and replaced content with zeros."""
    if engine.dialect.name == "sqlite":

        def on_connect(dbapi_connection: DBAPIConnection, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        sa.event.listen(engine, "connect", on_connect)
    return engine
