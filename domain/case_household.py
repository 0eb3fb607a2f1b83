"""The household of a case: its members, added, corrected and marked as left."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.household import Member
from domain.validation import check_at_most, check_text, check_uuid


class Household(CaseState):
    class MemberAdded(CaseEvent):
        member: Member

        def apply(self, aggregate: CaseState) -> None:
            aggregate.members[self.member.member_id] = self.member

    class MemberUpdated(CaseEvent):
        """A member's details replaced (a correction or a change such as a new surname)."""

        member: Member

        def apply(self, aggregate: CaseState) -> None:
            aggregate.members[self.member.member_id] = self.member

    class MemberRemoved(CaseEvent):
        member_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            del aggregate.members[self.member_id]

    def add_member(self, member: object, *, on: object, actor: Actor, today: date) -> None:
        checked = checked_member(member, today, "member")
        if checked.member_id in self.members:
            raise AlreadyExists("that member is already in the household", field="member_id")
        check_at_most((*self.members, checked.member_id), "members")
        self.trigger_event(
            self.MemberAdded, occurred_on=self._dated(on, "occurred_on", today), actor=actor, member=checked
        )

    def update_member(self, member: object, *, on: object, actor: Actor, today: date) -> None:
        """Replace a member's details (a correction or a change such as a new surname)."""
        checked = checked_member(member, today, "member")
        if self._member(checked.member_id) == checked:
            raise InvalidInput("the update changes nothing", field="member")
        self.trigger_event(
            self.MemberUpdated, occurred_on=self._dated(on, "occurred_on", today), actor=actor, member=checked
        )

    def remove_member(self, member_id: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        member = self._member(check_uuid(member_id, "member_id"))
        if len(self.members) == 1:
            raise InvalidInput("the last household member cannot be removed", field="member_id")
        self.trigger_event(
            self.MemberRemoved,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            member_id=member.member_id,
            reason=check_text(reason, "reason"),
        )

    def _member(self, member_id: UUID) -> Member:
        try:
            return self.members[member_id]
        except KeyError:
            raise NotFound("no such household member", field="member_id") from None


def checked_member(member: object, today: date, field: str) -> Member:
    if not isinstance(member, Member):
        raise InvalidInput("a household member needs a name and a relationship", field=field)
    return Member.checked(**vars(member), today=today)
