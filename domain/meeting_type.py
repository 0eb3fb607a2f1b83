"""Meeting types (会議の種類) and which of them need consent.

Which types exist, and which need the household's consent, is per-installation
configuration. The national scheme gives the defaults: a 支援会議 may discuss a
case without consent but its records are restricted to the attending agencies;
a 重層的支援会議 needs consent in force on the meeting date.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.master_data import MasterRecord
from domain.validation import check_bool, check_choice, check_code, check_text


class MeetingLevel(StrEnum):
    CASE = "case"
    AREA = "area"
    NETWORK = "network"


class MeetingType(MasterRecord):
    kind = "meeting_type"

    class Registered(Aggregate.Created):
        occurred_on: date
        actor: Actor
        code: str
        name: str
        name_en: str
        level: str
        requires_consent: bool
        restricted_records: bool

    @event(Registered)
    def __init__(
        self,
        id: UUID,  # noqa: A002
        occurred_on: date,
        actor: Actor,
        code: str,
        name: str,
        name_en: str,
        level: str,
        requires_consent: bool,
        restricted_records: bool,
    ) -> None:
        self.code = code
        self.name = name
        self.name_en = name_en
        self.level = level
        self.requires_consent = requires_consent
        self.restricted_records = restricted_records
        self.active = True

    @classmethod
    def register(
        cls,
        *,
        code: object,
        name: object,
        name_en: object = "",
        level: object,
        requires_consent: object,
        restricted_records: object,
        on: date,
        actor: Actor,
    ) -> MeetingType:
        checked = check_code(code, "code")
        return cls(
            id=cls.id_for(checked),
            occurred_on=on,
            actor=actor,
            code=checked,
            name=check_text(name, "name", max_length=200),
            name_en=check_text(name_en, "name_en", required=False, max_length=200),
            level=check_choice(level, MeetingLevel, "level").value,
            requires_consent=check_bool(requires_consent, "requires_consent"),
            restricted_records=check_bool(restricted_records, "restricted_records"),
        )

    def set_consent_rule(self, *, requires_consent: object, on: date, actor: Actor) -> None:
        self._consent_rule_set(
            occurred_on=on, actor=actor, requires_consent=check_bool(requires_consent, "requires_consent")
        )

    class ConsentRuleSet(Aggregate.Event):
        occurred_on: date
        actor: Actor
        requires_consent: bool

    @event(ConsentRuleSet)
    def _consent_rule_set(self, occurred_on: date, actor: Actor, requires_consent: bool) -> None:
        self.requires_consent = requires_consent


STANDARD_MEETING_TYPES: tuple[dict[str, object], ...] = (
    dict(
        code="support",
        name="支援会議",
        name_en="Support meeting",
        level="case",
        requires_consent=False,
        restricted_records=True,
    ),
    dict(
        code="layered",
        name="重層的支援会議",
        name_en="Layered support meeting",
        level="case",
        requires_consent=True,
        restricted_records=False,
    ),
    dict(
        code="individual_case",
        name="個別ケース会議",
        name_en="Individual case meeting",
        level="case",
        requires_consent=False,
        restricted_records=False,
    ),
    dict(
        code="core_member",
        name="コアメンバー会議",
        name_en="Core-member meeting",
        level="case",
        requires_consent=False,
        restricted_records=True,
    ),
    dict(
        code="community_care",
        name="地域ケア会議",
        name_en="Community care meeting",
        level="area",
        requires_consent=False,
        restricted_records=False,
    ),
    dict(
        code="liaison",
        name="連携会議",
        name_en="Liaison meeting",
        level="network",
        requires_consent=False,
        restricted_records=False,
    ),
)
"""The defaults from the national scheme and domain brief §2.4, registered at set-up."""
