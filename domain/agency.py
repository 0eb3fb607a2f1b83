"""Agencies (機関): city departments, the 社協, centres, external bodies.

Names vary by city (こども家庭センター vs 子ども家庭支援センター), so agencies
are master data with display names, never hard-coded labels.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.master_data import MasterRecord
from domain.validation import check_choice, check_code, check_text


class AgencyType(StrEnum):
    CITY_DEPARTMENT = "city_department"
    SHAKYO = "shakyo"
    CENTRE = "centre"
    EXTERNAL_PUBLIC = "external_public"
    CORPORATION = "corporation"
    COMMUNITY_VOLUNTEER = "community_volunteer"
    COMMITTEE = "committee"


class Agency(MasterRecord):
    kind = "agency"

    class Registered(Aggregate.Created):
        occurred_on: date
        actor: Actor
        code: str
        name: str
        name_en: str
        agency_type: str

    @event(Registered)
    def __init__(
        self,
        id: UUID,
        occurred_on: date,
        actor: Actor,
        code: str,
        name: str,
        name_en: str,
        agency_type: str,  # noqa: A002
    ) -> None:
        self.code = code
        self.name = name
        self.name_en = name_en
        self.agency_type = agency_type
        self.active = True

    @classmethod
    def register(
        cls, *, code: object, name: object, name_en: object = "", agency_type: object, on: date, actor: Actor
    ) -> Agency:
        checked = check_code(code, "code")
        return cls(
            id=cls.id_for(checked),
            occurred_on=on,
            actor=actor,
            code=checked,
            name=check_text(name, "name", max_length=200),
            name_en=check_text(name_en, "name_en", required=False, max_length=200),
            agency_type=check_choice(agency_type, AgencyType, "agency_type").value,
        )
