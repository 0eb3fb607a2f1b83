"""Commands that keep the master data: agencies, areas, users, meeting types and audiences.

Kept beside ``domain.commands`` (same base class) so that each module stays small;
run by ``domain.master_data_use_cases``.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.commands import Command


@dataclass(frozen=True, kw_only=True)
class RegisterAgency(Command):
    code: str
    name: str
    agency_type: str
    name_en: str = ""
    display_order: int | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterArea(Command):
    code: str
    name: str
    area_kind: str
    display_order: int | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterUser(Command):
    username: str
    name: str
    role: str
    agency: str


@dataclass(frozen=True, kw_only=True)
class RegisterMeetingType(Command):
    code: str
    name: str
    level: str
    requires_consent: bool
    restricted_records: bool
    name_en: str = ""
    display_order: int | None = None


@dataclass(frozen=True, kw_only=True)
class SetMeetingTypeConsentRule(Command):
    code: str
    requires_consent: bool


@dataclass(frozen=True, kw_only=True)
class RegisterAudience(Command):
    """An audience of trainings and courses (民生委員・児童委員, 地域住民 …), as a plan names it."""

    code: str
    name: str
    name_en: str = ""
    display_order: int | None = None


@dataclass(frozen=True, kw_only=True)
class RetireRecord(Command):
    """Retire an agency, area, user or meeting type (``kind`` is one of those)."""

    kind: str
    code: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class RenameRecord(Command):
    """Rename an agency, area, user or meeting type; ``name_en`` (agencies, meeting types) only when given."""

    kind: str
    code: str
    name: str
    name_en: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReorderRecord(Command):
    """Move an agency, area or meeting type in pick-lists (smaller ``display_order`` first)."""

    kind: str
    code: str
    display_order: int


@dataclass(frozen=True, kw_only=True)
class ChangeUserRole(Command):
    username: str
    role: str


@dataclass(frozen=True, kw_only=True)
class MoveUserToAgency(Command):
    username: str
    agency: str
