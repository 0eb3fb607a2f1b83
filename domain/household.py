"""The household (世帯) a case is about, and its members.

Members' names, kana and birth dates are personal data: they are kept in
``Member`` values only, so that encryption at rest and erasure can find them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.errors import DateInFuture
from domain.validation import (
    MAX_NAME,
    check_bool,
    check_choice,
    check_choices,
    check_optional_date,
    check_text,
    check_uuid,
)


class Relationship(StrEnum):
    """Relationship to the principal person (本人) of the case."""

    PRINCIPAL = "principal"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GRANDCHILD = "grandchild"
    OTHER_RELATIVE = "other_relative"
    OTHER = "other"


class MemberFlag(StrEnum):
    YOUNG_CARER = "young_carer"
    CARER = "carer"
    NEEDS_CARE = "needs_care"
    NOT_LIVING_TOGETHER = "not_living_together"


@dataclass(frozen=True)
class Member:
    member_id: UUID
    name: str
    kana: str
    birth_date: date | None
    relationship: str
    flags: tuple[str, ...] = ()
    anonymous: bool = False

    @classmethod
    def checked(
        cls,
        *,
        member_id: object,
        name: object,
        kana: object = "",
        birth_date: object = None,
        relationship: object,
        flags: object = (),
        anonymous: object = False,
        today: date,
    ) -> Member:
        """Validate raw input into a member; anonymous consultations may leave the name empty."""
        is_anonymous = check_bool(anonymous, "anonymous")
        born = check_optional_date(birth_date, "birth_date")
        if born is not None and born > today:
            raise DateInFuture("birth_date is in the future", field="birth_date")
        return cls(
            member_id=check_uuid(member_id, "member_id"),
            name=check_text(name, "name", required=not is_anonymous, max_length=MAX_NAME),
            kana=check_text(kana, "kana", required=False, max_length=MAX_NAME),
            birth_date=born,
            relationship=check_choice(relationship, Relationship, "relationship").value,
            flags=tuple(f.value for f in check_choices(flags or (), MemberFlag, "flags")),
            anonymous=is_anonymous,
        )

    def age_on(self, day: date) -> int | None:
        """Completed years on ``day``; None when the birth date is unknown or later than ``day``."""
        return completed_years(self.birth_date, day)


def completed_years(born: date | None, day: date) -> int | None:
    """Age in completed years on ``day`` (a Japan-time business date); None when unknown or not yet born.

    Shared by the domain and the case page, so a member's age on screen is the age the domain counts with.
    """
    if born is None or day < born:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
