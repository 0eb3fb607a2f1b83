"""Loading a set-up file into the store: the differences only, checked first, written in one go.

The file is compared with the master records already stored. New records are
registered, changed names, English names, display orders, consent rules and
staff roles or agencies are recorded as their own events (who and when), and
nothing else is touched. Records in the store that the file no longer lists
are NOT retired silently: they are reported, and retired only when the
caller asks (``retire_missing``). What cannot change once registered (an
agency's kind, an area's kind, a meeting type's level or record restriction)
and records already retired are refused with the line they are on. Every
problem is found before anything is written; then all changes are saved in
one atomic ``save``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.actor import Actor
from domain.agency import Agency
from domain.area import Area
from domain.commands import Command, RegisterAgency, RegisterArea, RegisterMeetingType, RegisterUser
from domain.master_data import MasterRecord
from domain.meeting_type import MeetingType
from domain.setup_file import (
    AgencyEntry,
    AreaEntry,
    MeetingTypeEntry,
    Problem,
    SetupFile,
    SetupRefused,
    StaffEntry,
)
from domain.user import User

if TYPE_CHECKING:
    from domain.application import Kasane

KINDS: dict[str, type[MasterRecord]] = {"agency": Agency, "area": Area, "meeting_type": MeetingType, "staff": User}
"""Section of the file → the record it describes (staff are users)."""


@dataclass(frozen=True)
class Change:
    """One difference written to the store: ``what`` is registered, renamed, renamed_en, reordered,
    consent_rule, role, agency or retired."""

    section: str
    code: str
    what: str
    value: str = ""


@dataclass(frozen=True)
class Missing:
    """A record stored and still in use that the file does not list."""

    section: str
    code: str
    name: str


@dataclass
class SetupOutcome:
    changes: list[Change] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    notification_id: int | None = None
    """The last event written, or None when nothing changed."""


def stored_records(app: Kasane) -> dict[str, dict[str, MasterRecord]]:
    """Every master record in the store, by section and code (found through their registration events)."""
    topics = {get_topic(kind.Registered): section for section, kind in KINDS.items()}  # type: ignore[attr-defined]
    found: dict[str, dict[str, MasterRecord]] = {section: {} for section in KINDS}
    start = 1
    while True:
        page = app.recorder.select_notifications(start=start, limit=500, topics=list(topics))
        for notification in page:
            record: MasterRecord = app.repository.get(UUID(str(notification.originator_id)))
            found[topics[notification.topic]][record.code] = record
        if len(page) < 500:
            return found
        start = page[-1].id + 1


def load_setup(
    app: Kasane,
    setup: SetupFile,
    *,
    actor: Actor,
    retire_missing: bool = False,
    reason: str = "設定ファイルに記載がないため廃止",
) -> SetupOutcome:
    """Bring the store's master data to what ``setup`` says; raises ``SetupRefused`` and writes nothing on problems."""
    stored = stored_records(app)
    _check_against(stored, setup)
    loader = _Loader(app, actor, stored)
    loader.agencies(setup.agencies)
    loader.areas(setup.areas)
    loader.meeting_types(setup.meeting_types)
    loader.staff(setup.staff)
    listed = {
        "agency": {e.code for e in setup.agencies},
        "area": {e.code for e in setup.areas},
        "meeting_type": {e.code for e in setup.meeting_types},
        "staff": {e.code for e in setup.staff},
    }
    for section, records in stored.items():
        for code, record in records.items():
            if record.active and code not in listed[section]:
                loader.outcome.missing.append(Missing(section, code, record.name))
                if retire_missing:
                    record.retire(reason=reason, on=app.today(), actor=actor)
                    loader.changed(record, Change(section, code, "retired"))
    if loader.touched:
        loader.outcome.notification_id = app._save(*loader.touched.values()).notification_id
    return loader.outcome


Entry = AgencyEntry | AreaEntry | MeetingTypeEntry | StaffEntry


def _check_against(stored: dict[str, dict[str, MasterRecord]], setup: SetupFile) -> None:
    """What the store refuses: reviving retired records and changing what is fixed at registration."""
    problems: list[Problem] = []

    def fixed(section: str, entry: Entry, key: str, stored_value: object, value: object) -> None:
        if stored_value != value:
            problems.append(
                Problem(
                    entry.line,
                    f"{section}[{entry.code}].{key}",
                    "fixed",
                    f"{section} {entry.code}: {key} cannot change once registered (stored: {stored_value})",
                    str(stored_value),
                )
            )

    entries: list[tuple[str, Entry]] = [
        *(("agency", e) for e in setup.agencies),
        *(("area", e) for e in setup.areas),
        *(("meeting_type", e) for e in setup.meeting_types),
        *(("staff", e) for e in setup.staff),
    ]
    for section, entry in entries:
        record = stored[section].get(entry.code)
        if record is None:
            continue
        if not record.active:
            problems.append(
                Problem(
                    entry.line,
                    f"{section}[{record.code}].code",
                    "retired",
                    f"{section} {record.code} has been retired",
                    record.code,
                )
            )
        if isinstance(entry, AgencyEntry) and isinstance(record, Agency):
            fixed(section, entry, "kind", record.agency_type, entry.agency_type)
        elif isinstance(entry, AreaEntry) and isinstance(record, Area):
            fixed(section, entry, "kind", record.area_kind, entry.area_kind)
        elif isinstance(entry, MeetingTypeEntry) and isinstance(record, MeetingType):
            fixed(section, entry, "level", record.level, entry.level)
            fixed(section, entry, "restricted_records", record.restricted_records, entry.restricted_records)
    if problems:
        raise SetupRefused(sorted(problems, key=lambda p: (p.line or 0, p.field)))


class _Loader:
    """Applies the file's entries to new or stored aggregates in memory; nothing is saved here."""

    def __init__(self, app: Kasane, actor: Actor, stored: dict[str, dict[str, MasterRecord]]) -> None:
        self.app, self.actor, self.stored, self.on = app, actor, stored, app.today()
        self.outcome = SetupOutcome()
        self.touched: dict[object, MasterRecord] = {}

    def changed(self, record: MasterRecord, change: Change) -> None:
        self.touched[record.id] = record
        self.outcome.changes.append(change)

    def common(
        self, section: str, record: MasterRecord, name: str, display_order: int | None, name_en: str | None = None
    ) -> None:
        if record.name != name:
            record.rename(name=name, on=self.on, actor=self.actor)
            self.changed(record, Change(section, record.code, "renamed", name))
        if name_en is not None and record.name_en != name_en:
            record.rename_in_english(name_en=name_en, on=self.on, actor=self.actor)
            self.changed(record, Change(section, record.code, "renamed_en", name_en))
        if display_order is not None and record.display_order != display_order:
            record.reorder(display_order=display_order, on=self.on, actor=self.actor)
            self.changed(record, Change(section, record.code, "reordered", str(display_order)))

    def new(self, section: str, record: MasterRecord, display_order: int | None) -> None:
        self.changed(record, Change(section, record.code, "registered", record.name))
        if display_order is not None:
            record.reorder(display_order=display_order, on=self.on, actor=self.actor)

    def agencies(self, entries: list[AgencyEntry]) -> None:
        for e in entries:
            record = self.stored["agency"].get(e.code)
            if record is None:
                self.new(
                    "agency",
                    Agency.register(
                        code=e.code,
                        name=e.name,
                        name_en=e.name_en,
                        agency_type=e.agency_type,
                        on=self.on,
                        actor=self.actor,
                    ),
                    e.display_order,
                )
            else:
                self.common("agency", record, e.name, e.display_order, e.name_en)

    def areas(self, entries: list[AreaEntry]) -> None:
        for e in entries:
            record = self.stored["area"].get(e.code)
            if record is None:
                self.new(
                    "area",
                    Area.register(code=e.code, name=e.name, area_kind=e.area_kind, on=self.on, actor=self.actor),
                    e.display_order,
                )
            else:
                self.common("area", record, e.name, e.display_order)

    def meeting_types(self, entries: list[MeetingTypeEntry]) -> None:
        for e in entries:
            record = self.stored["meeting_type"].get(e.code)
            if record is None:
                self.new(
                    "meeting_type",
                    MeetingType.register(
                        code=e.code,
                        name=e.name,
                        name_en=e.name_en,
                        level=e.level,
                        requires_consent=e.requires_consent,
                        restricted_records=e.restricted_records,
                        on=self.on,
                        actor=self.actor,
                    ),
                    e.display_order,
                )
                continue
            self.common("meeting_type", record, e.name, e.display_order, e.name_en)
            assert isinstance(record, MeetingType)
            if record.requires_consent != e.requires_consent:
                record.set_consent_rule(requires_consent=e.requires_consent, on=self.on, actor=self.actor)
                self.changed(record, Change("meeting_type", e.code, "consent_rule", str(e.requires_consent).lower()))

    def staff(self, entries: list[StaffEntry]) -> None:
        for e in entries:
            record = self.stored["staff"].get(e.code)
            if record is None:
                self.new(
                    "staff",
                    User.register(
                        username=e.code, name=e.name, role=e.role, agency=e.agency, on=self.on, actor=self.actor
                    ),
                    None,
                )
                continue
            assert isinstance(record, User)
            self.common("staff", record, e.name, None)
            if record.role != e.role:
                record.change_role(role=e.role, on=self.on, actor=self.actor)
                self.changed(record, Change("staff", e.code, "role", e.role))
            if record.agency != e.agency:
                record.move_to_agency(agency=e.agency, on=self.on, actor=self.actor)
                self.changed(record, Change("staff", e.code, "agency", e.agency))


def setup_commands(setup: SetupFile, actor: Actor) -> list[Command]:
    """The registrations a set-up file makes in an empty store, as commands (the demo and benchmark generators).

    Loading the same file with ``load_setup`` into an empty store records the same events.
    """
    return [
        *(
            RegisterAgency(
                actor=actor,
                code=e.code,
                name=e.name,
                name_en=e.name_en,
                agency_type=e.agency_type,
                display_order=e.display_order,
            )
            for e in setup.agencies
        ),
        *(
            RegisterArea(actor=actor, code=e.code, name=e.name, area_kind=e.area_kind, display_order=e.display_order)
            for e in setup.areas
        ),
        *(RegisterUser(actor=actor, username=e.code, name=e.name, role=e.role, agency=e.agency) for e in setup.staff),
        *(
            RegisterMeetingType(
                actor=actor,
                code=e.code,
                name=e.name,
                name_en=e.name_en,
                level=e.level,
                requires_consent=e.requires_consent,
                restricted_records=e.restricted_records,
                display_order=e.display_order,
            )
            for e in setup.meeting_types
        ),
    ]
