"""Areas (圏域・地区・小学校区) that cases and community activities belong to."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.master_data import MasterRecord
from domain.validation import check_choice, check_code, check_text


class AreaKind(StrEnum):
    DAILY_LIFE_AREA = "daily_life_area"
    """日常生活圏域."""
    DISTRICT = "district"
    """地区."""
    SCHOOL_DISTRICT = "school_district"
    """小学校区."""


class Area(MasterRecord):
    kind = "area"

    class Registered(Aggregate.Created):
        occurred_on: date
        actor: Actor
        code: str
        name: str
        area_kind: str

    @event(Registered)
    def __init__(self, id: UUID, occurred_on: date, actor: Actor, code: str, name: str, area_kind: str) -> None:  # noqa: A002
        self.code = code
        self.name = name
        self.area_kind = area_kind
        self.active = True

    @classmethod
    def register(cls, *, code: object, name: object, area_kind: object, on: date, actor: Actor) -> Area:
        checked = check_code(code, "code")
        return cls(
            id=cls.id_for(checked),
            occurred_on=on,
            actor=actor,
            code=checked,
            name=check_text(name, "name", max_length=200),
            area_kind=check_choice(area_kind, AreaKind, "area_kind").value,
        )
