"""Audiences (対象者): who a 研修, 講座 or 説明会 of a community activity was for.

Plans count trainings by audience (民生委員・児童委員, 地域住民, 教職員, 支援関係機関職員 …), and each plan
names its own local groups (ふれあい協力員, 円卓会議リーダー …), so audiences are master data kept by the
municipality, like areas: an activity names one by its code, and a counting rule filters on that code.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.master_data import MasterRecord
from domain.validation import check_code, check_text


class Audience(MasterRecord):
    kind = "audience"

    class Registered(Aggregate.Created):
        occurred_on: date
        actor: Actor
        code: str
        name: str
        name_en: str

    @event(Registered)
    def __init__(self, id: UUID, occurred_on: date, actor: Actor, code: str, name: str, name_en: str) -> None:  # noqa: A002
        self.code = code
        self.name = name
        self.name_en = name_en
        self.active = True

    @classmethod
    def register(cls, *, code: object, name: object, name_en: object = "", on: date, actor: Actor) -> Audience:
        checked = check_code(code, "code")
        return cls(
            id=cls.id_for(checked),
            occurred_on=on,
            actor=actor,
            code=checked,
            name=check_text(name, "name", max_length=200),
            name_en=check_text(name_en, "name_en", required=False, max_length=200),
        )
