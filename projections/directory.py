"""The directory read model: every agency, area, user, meeting type and audience, with display names.

Screens need pick-lists and names for the codes that events carry; listing
master records by replaying their aggregates would read the whole log, so
they are projected here, one row per record, retired ones kept and flagged.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.agency import Agency
from domain.area import Area
from domain.audience import Audience
from domain.master_data import MasterRecord
from domain.meeting_type import MeetingType
from domain.user import User
from projections.engine.catch_up import Projection

metadata = sa.MetaData()

directory = sa.Table(
    "directory",
    metadata,
    sa.Column("kind", sa.String(20), primary_key=True, comment="agency, area, user, meeting_type or audience"),
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.Uuid, nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("name_en", sa.String(200), nullable=False),
    sa.Column("category", sa.String(30), nullable=False, comment="agency type, area kind, user role or meeting level"),
    sa.Column("agency", sa.String(64), nullable=False, comment="a user's agency; empty for other kinds"),
    sa.Column(
        "restricted",
        sa.Boolean,
        nullable=False,
        comment="a meeting type whose records only its attendees' agencies may read",
    ),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column(
        "display_order",
        sa.Integer,
        nullable=False,
        server_default="0",
        comment="pick-lists sort by this, then by code (0 until the record is reordered)",
    ),
    sa.Column(
        "requires_consent",
        sa.Boolean,
        nullable=False,
        server_default=sa.false(),
        comment="a meeting type that may take up a case only with consent in force (重層的支援会議)",
    ),
)


class Directory(Projection):
    name = "directory"
    version = 2
    """2: display order, English renames, users' role and agency changes, meeting types' consent rule."""
    metadata = metadata

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Events of cases, meetings and activities do not change the directory."""

    @apply.register(Agency.Registered)
    def _agency(self, event: Any, connection: Connection) -> None:
        _insert(connection, event, "agency", name_en=event.name_en, category=event.agency_type)

    @apply.register(Area.Registered)
    def _area(self, event: Any, connection: Connection) -> None:
        _insert(connection, event, "area", category=event.area_kind)

    @apply.register(User.Registered)
    def _user(self, event: Any, connection: Connection) -> None:
        _insert(connection, event, "user", category=event.role, agency=event.agency)

    @apply.register(MeetingType.Registered)
    def _meeting_type(self, event: Any, connection: Connection) -> None:
        _insert(
            connection,
            event,
            "meeting_type",
            name_en=event.name_en,
            category=event.level,
            restricted=event.restricted_records,
        )
        _update(connection, event, requires_consent=event.requires_consent)

    @apply.register(MeetingType.ConsentRuleSet)
    def _consent_rule_set(self, event: Any, connection: Connection) -> None:
        _update(connection, event, requires_consent=event.requires_consent)

    @apply.register(Audience.Registered)
    def _audience(self, event: Any, connection: Connection) -> None:
        _insert(connection, event, "audience", name_en=event.name_en, category="")

    @apply.register(MasterRecord.Renamed)
    def _renamed(self, event: Any, connection: Connection) -> None:
        _update(connection, event, name=event.name)

    @apply.register(MasterRecord.Reordered)
    def _reordered(self, event: Any, connection: Connection) -> None:
        _update(connection, event, display_order=event.display_order)

    @apply.register(MasterRecord.RenamedInEnglish)
    def _renamed_in_english(self, event: Any, connection: Connection) -> None:
        _update(connection, event, name_en=event.name_en)

    @apply.register(User.RoleChanged)
    def _role_changed(self, event: Any, connection: Connection) -> None:
        _update(connection, event, category=event.role)

    @apply.register(User.MovedToAgency)
    def _moved_to_agency(self, event: Any, connection: Connection) -> None:
        _update(connection, event, agency=event.agency)

    @apply.register(MasterRecord.Retired)
    def _retired(self, event: Any, connection: Connection) -> None:
        _update(connection, event, active=False)


def _insert(
    connection: Connection,
    event: Any,
    kind: str,
    *,
    name_en: str = "",
    category: str,
    agency: str = "",
    restricted: bool = False,
) -> None:
    connection.execute(
        sa.insert(directory).values(
            kind=kind,
            code=event.code,
            record_id=event.originator_id,
            name=event.name,
            name_en=name_en,
            category=category,
            agency=agency,
            restricted=restricted,
            active=True,
        )
    )


def _update(connection: Connection, event: Any, **values: Any) -> None:
    connection.execute(sa.update(directory).where(directory.c.record_id == event.originator_id).values(**values))


@dataclass(frozen=True)
class Entry:
    kind: str
    code: str
    name: str
    name_en: str
    category: str
    agency: str
    restricted: bool
    active: bool
    display_order: int = 0
    requires_consent: bool = False


COLUMNS = [c for c in directory.c if c.name != "record_id"]


def entries(connection: Connection, kind: str, *, active_only: bool = False) -> list[Entry]:
    """The records of one kind in display order, then code order (pick-lists pass ``active_only``)."""
    d = directory.c
    query = sa.select(*COLUMNS).where(d.kind == kind)
    if active_only:
        query = query.where(d.active.is_(True))
    return [Entry(**row._asdict()) for row in connection.execute(query.order_by(d.display_order, d.code))]


def entries_of(connection: Connection, kinds: Collection[str]) -> list[Entry]:
    """The records of several kinds at once, by kind, display order, code (a page's display names, in one query)."""
    d = directory.c
    query = sa.select(*COLUMNS).where(d.kind.in_(kinds)).order_by(d.kind, d.display_order, d.code)
    return [Entry(**row._asdict()) for row in connection.execute(query)]


def entry(connection: Connection, kind: str, code: str) -> Entry | None:
    d = directory.c
    row = connection.execute(sa.select(*COLUMNS).where(d.kind == kind, d.code == code)).one_or_none()
    return None if row is None else Entry(**row._asdict())
