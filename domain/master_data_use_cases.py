"""Use cases that change master data after registration: rename, reorder, role and agency of a user.

Each records one event per real change, with who and when; asking for what is
already so is refused, so an admin's double submit or a replayed request never
adds noise to the log.
"""

from __future__ import annotations

from typing import Protocol

from domain.commands import ChangeUserRole, MoveUserToAgency, RenameRecord, ReorderRecord
from domain.errors import InvalidInput, TransitionNotAllowed
from domain.master_data import MasterRecord
from domain.use_cases import Host, M, Recorded, handles
from domain.user import User
from domain.validation import check_text

ORDERED_KINDS = frozenset({"agency", "area", "meeting_type"})
"""Kinds shown in pick-lists in display order (users are listed by name code)."""
ENGLISH_NAMED_KINDS = frozenset({"agency", "meeting_type"})


class Unchanged(InvalidInput):
    """Raised when a change asks for what is already recorded (nothing would be written)."""

    code = "unchanged"


class _MasterDataHost(Host, Protocol):
    """``Host``, and the record lookup below (as ``Kasane`` has both)."""

    def changeable_record(self, kind: str, code: object) -> MasterRecord: ...


class MasterDataUseCases:
    def changeable_record(self: Host, kind: str, code: object) -> MasterRecord:
        """The record of ``kind`` with ``code``, refused when retired (a retired record is not edited)."""
        from domain.application import MASTER_KINDS

        try:
            record_type = MASTER_KINDS[kind]
        except KeyError:
            raise InvalidInput(f"no master data of kind {kind!r}", field="kind") from None
        return _changeable(self.master(record_type, code, "code"))

    @handles(RenameRecord)
    def rename_record(self: _MasterDataHost, cmd: RenameRecord) -> Recorded:
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

    @handles(ReorderRecord)
    def reorder_record(self: _MasterDataHost, cmd: ReorderRecord) -> Recorded:
        if cmd.kind not in ORDERED_KINDS:
            raise InvalidInput(f"a {cmd.kind} has no display order", field="kind")
        record = self.changeable_record(cmd.kind, cmd.code)
        if cmd.display_order == record.display_order:
            raise Unchanged("the record already has that display order", field="display_order")
        record.reorder(display_order=cmd.display_order, on=self.today(), actor=cmd.actor)
        return self._save(record)

    @handles(ChangeUserRole)
    def change_user_role(self: Host, cmd: ChangeUserRole) -> Recorded:
        user = _changeable(self.master(User, cmd.username, "username"))
        if cmd.role == user.role:
            raise Unchanged("the user already has that role", field="role")
        user.change_role(role=cmd.role, on=self.today(), actor=cmd.actor)
        return self._save(user)

    @handles(MoveUserToAgency)
    def move_user_to_agency(self: Host, cmd: MoveUserToAgency) -> Recorded:
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
