"""Users of Kasane: coordinators, supervisors, planners and admins.

A case's coordinator is a user; each user belongs to one agency, which the
access-control rules use to scope what they see.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor, Role
from domain.errors import InvalidInput
from domain.master_data import MasterRecord
from domain.validation import check_choice, check_code, check_text


class User(MasterRecord):
    kind = "user"

    class Registered(Aggregate.Created):
        occurred_on: date
        actor: Actor
        code: str
        name: str
        role: str
        agency: str

    @event(Registered)
    def __init__(
        self,
        id: UUID,
        occurred_on: date,
        actor: Actor,
        code: str,
        name: str,
        role: str,
        agency: str,  # noqa: A002
    ) -> None:
        self.code = code
        self.name = name
        self.role = role
        self.agency = agency
        self.active = True

    @classmethod
    def register(cls, *, username: object, name: object, role: object, agency: str, on: date, actor: Actor) -> User:
        checked_role = check_choice(role, Role, "role")
        if checked_role == Role.SYSTEM:
            raise InvalidInput("the system role cannot be given to a user", field="role")
        checked = check_code(username, "username")
        return cls(
            id=cls.id_for(checked),
            occurred_on=on,
            actor=actor,
            code=checked,
            name=check_text(name, "name", max_length=200),
            role=checked_role.value,
            agency=agency,
        )

    @property
    def username(self) -> str:
        return self.code

    def change_role(self, *, role: object, on: date, actor: Actor) -> None:
        """Give the user another role (e.g. a coordinator becomes a supervisor); cases they hold stay theirs."""
        checked = check_choice(role, Role, "role")
        if checked == Role.SYSTEM:
            raise InvalidInput("the system role cannot be given to a user", field="role")
        self._role_changed(occurred_on=on, actor=actor, role=checked.value)

    class RoleChanged(Aggregate.Event):
        occurred_on: date
        actor: Actor
        role: str

    @event(RoleChanged)
    def _role_changed(self, occurred_on: date, actor: Actor, role: str) -> None:
        self.role = role

    def move_to_agency(self, *, agency: str, on: date, actor: Actor) -> None:
        """The user now works for another agency (checked to exist and be active by the caller)."""
        self._moved_to_agency(occurred_on=on, actor=actor, agency=agency)

    class MovedToAgency(Aggregate.Event):
        occurred_on: date
        actor: Actor
        agency: str

    @event(MovedToAgency)
    def _moved_to_agency(self, occurred_on: date, actor: Actor, agency: str) -> None:
        self.agency = agency
