"""Use cases of master data: registration, then rename, reorder, retire, role and agency of a user.

Each records one event per real change, with who and when; asking for what is
already so is refused, so an admin's double submit or a replayed request never
adds noise to the log.
"""

from __future__ import annotations

from domain.actor import Actor, Role
from domain.agency import Agency
from domain.application_core import KasaneCore, M
from domain.area import Area
from domain.audience import Audience
from domain.errors import InvalidInput, TransitionNotAllowed
from domain.master_data import MasterRecord
from domain.master_data_commands import (
    ChangeUserRole,
    MoveUserToAgency,
    RegisterAgency,
    RegisterArea,
    RegisterAudience,
    RegisterMeetingType,
    RegisterUser,
    RenameRecord,
    ReorderRecord,
    RetireRecord,
    SetMeetingTypeConsentRule,
)
from domain.meeting_type import MeetingType
from domain.use_cases import Recorded
from domain.user import User
from domain.validation import check_text

MASTER_KINDS: dict[str, type[MasterRecord]] = {
    "agency": Agency,
    "area": Area,
    "user": User,
    "meeting_type": MeetingType,
    "audience": Audience,
}

ORDERED_KINDS = frozenset({"agency", "area", "meeting_type", "audience"})
"""Kinds shown in pick-lists in display order (users are listed by name code)."""
ENGLISH_NAMED_KINDS = frozenset({"agency", "meeting_type", "audience"})


class Unchanged(InvalidInput):
    """Raised when a change asks for what is already recorded (nothing would be written)."""

    code = "unchanged"


class MasterDataUseCases(KasaneCore):
    def register_agency(self, cmd: RegisterAgency) -> Recorded:
        agency = Agency.register(
            code=cmd.code,
            name=cmd.name,
            name_en=cmd.name_en,
            agency_type=cmd.agency_type,
            on=self.today(),
            actor=cmd.actor,
        )
        self._place(agency, cmd.display_order, cmd.actor)
        return self._create(agency, f"agency {agency.code}")

    def register_area(self, cmd: RegisterArea) -> Recorded:
        area = Area.register(code=cmd.code, name=cmd.name, area_kind=cmd.area_kind, on=self.today(), actor=cmd.actor)
        self._place(area, cmd.display_order, cmd.actor)
        return self._create(area, f"area {area.code}")

    def register_user(self, cmd: RegisterUser) -> Recorded:
        # An admin may belong to no agency: the first admin of an empty store is created before any agency.
        no_agency = cmd.role == Role.ADMIN and cmd.agency in ("", None)
        user = User.register(
            username=cmd.username,
            name=cmd.name,
            role=cmd.role,
            agency="" if no_agency else self.agency(cmd.agency, "agency"),
            on=self.today(),
            actor=cmd.actor,
        )
        return self._create(user, f"user {user.code}")

    def register_meeting_type(self, cmd: RegisterMeetingType) -> Recorded:
        meeting_type = MeetingType.register(
            code=cmd.code,
            name=cmd.name,
            name_en=cmd.name_en,
            level=cmd.level,
            requires_consent=cmd.requires_consent,
            restricted_records=cmd.restricted_records,
            on=self.today(),
            actor=cmd.actor,
        )
        self._place(meeting_type, cmd.display_order, cmd.actor)
        return self._create(meeting_type, f"meeting type {meeting_type.code}")

    def set_meeting_type_consent_rule(self, cmd: SetMeetingTypeConsentRule) -> Recorded:
        meeting_type = self.master(MeetingType, cmd.code, "code")
        meeting_type.set_consent_rule(requires_consent=cmd.requires_consent, on=self.today(), actor=cmd.actor)
        return self._save(meeting_type)

    def register_audience(self, cmd: RegisterAudience) -> Recorded:
        audience = Audience.register(
            code=cmd.code, name=cmd.name, name_en=cmd.name_en, on=self.today(), actor=cmd.actor
        )
        self._place(audience, cmd.display_order, cmd.actor)
        return self._create(audience, f"audience {audience.code}")

    def retire_record(self, cmd: RetireRecord) -> Recorded:
        try:
            kind = MASTER_KINDS[cmd.kind]
        except KeyError:
            raise InvalidInput(f"cannot retire a {cmd.kind!r}", field="kind") from None
        record = self.master(kind, cmd.code, "code")
        record.retire(reason=cmd.reason, on=self.today(), actor=cmd.actor)
        return self._save(record)

    def _place(self, record: MasterRecord, display_order: object, actor: Actor) -> None:
        """A display order given at registration is its own event, saved with the registration."""
        if display_order is not None:
            record.reorder(display_order=display_order, on=self.today(), actor=actor)

    def changeable_record(self, kind: str, code: object) -> MasterRecord:
        """The record of ``kind`` with ``code``, refused when retired (a retired record is not edited)."""
        try:
            record_type = MASTER_KINDS[kind]
        except KeyError:
            raise InvalidInput(f"no master data of kind {kind!r}", field="kind") from None
        return _changeable(self.master(record_type, code, "code"))

    def rename_record(self, cmd: RenameRecord) -> Recorded:
        record = self.changeable_record(cmd.kind, cmd.code)
        name = check_text(cmd.name, "name", max_length=200)
        if cmd.name_en is not None and cmd.kind not in ENGLISH_NAMED_KINDS:
            raise InvalidInput(f"a {cmd.kind} has no English name", field="name_en")
        name_en = None if cmd.name_en is None else check_text(cmd.name_en, "name_en", required=False, max_length=200)
        changed = False
        if name != record.name:
            record.rename(name=name, on=self.today(), actor=cmd.actor)
            changed = True
        if name_en is not None and name_en != record.name_en:
            record.rename_in_english(name_en=name_en, on=self.today(), actor=cmd.actor)
            changed = True
        if not changed:
            raise Unchanged("the record already has that name", field="name")
        return self._save(record)

    def reorder_record(self, cmd: ReorderRecord) -> Recorded:
        if cmd.kind not in ORDERED_KINDS:
            raise InvalidInput(f"a {cmd.kind} has no display order", field="kind")
        record = self.changeable_record(cmd.kind, cmd.code)
        if cmd.display_order == record.display_order:
            raise Unchanged("the record already has that display order", field="display_order")
        record.reorder(display_order=cmd.display_order, on=self.today(), actor=cmd.actor)
        return self._save(record)

    def change_user_role(self, cmd: ChangeUserRole) -> Recorded:
        user = _changeable(self.master(User, cmd.username, "username"))
        if cmd.role == user.role:
            raise Unchanged("the user already has that role", field="role")
        user.change_role(role=cmd.role, on=self.today(), actor=cmd.actor)
        return self._save(user)

    def move_user_to_agency(self, cmd: MoveUserToAgency) -> Recorded:
        user = _changeable(self.master(User, cmd.username, "username"))
        agency = self.agency(cmd.agency, "agency")
        if agency == user.agency:
            raise Unchanged("the user already belongs to that agency", field="agency")
        user.move_to_agency(agency=agency, on=self.today(), actor=cmd.actor)
        return self._save(user)


def _changeable(record: M) -> M:
    """A retired record keeps the name and place it had; it is shown as 廃止 on old records, never edited."""
    if not record.active:
        raise TransitionNotAllowed(f"{record.kind} {record.code} has been retired", field="code")
    return record
