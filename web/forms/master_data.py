"""Master-data changes from the admin screens and the JSON API, as commands (one reading for both).

The list screens and ``/api/admin/…`` name a kind by its URL slug (``agencies`` …);
each add or change becomes one command, so the domain does every check and
records every change as an event with who and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, overload

from domain.actor import Actor
from domain.commands import Command
from domain.errors import InvalidInput, NotFound
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

KINDS: dict[str, str] = {
    "agencies": "agency",
    "areas": "area",
    "meeting-types": "meeting_type",
    "staff": "user",
    "audiences": "audience",
}
"""URL slug → master-data kind (staff are users)."""
ACTIONS: dict[str, frozenset[str]] = {
    "agency": frozenset({"rename", "reorder", "retire"}),
    "area": frozenset({"rename", "reorder", "retire"}),
    "meeting_type": frozenset({"rename", "reorder", "consent", "retire"}),
    "user": frozenset({"rename", "role", "agency", "retire"}),
    "audience": frozenset({"rename", "reorder", "retire"}),
}
TRUE_VALUES = frozenset({True, "on", "true", "yes", "1"})


def kind_of(slug: str) -> str:
    try:
        return KINDS[slug]
    except KeyError:
        raise NotFound("no such list", field="id") from None


def _text(values: Mapping[str, object], name: str) -> str:
    value = values.get(name)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{name} must be text", field=name)  # as the domain's check_text says it
    return value.strip() if isinstance(value, str) else ""


@overload
def _order(values: Mapping[str, object], *, required: Literal[True]) -> int: ...


@overload
def _order(values: Mapping[str, object], *, required: bool) -> int | None: ...


def _order(values: Mapping[str, object], *, required: bool) -> int | None:
    value = values.get("display_order")
    if isinstance(value, str):
        value = value.strip()
        if not value and not required:
            return None
        if not value.isdigit():
            raise InvalidInput("display_order must be a whole number", field="display_order")
        return int(value)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("display_order must be a whole number", field="display_order")
    return value


def add_command(kind: str, values: Mapping[str, object], actor: Actor) -> Command:
    """The registration of a new record from the add form or the API body."""
    v = values
    if kind == "agency":
        return RegisterAgency(
            actor=actor,
            code=_text(v, "code"),
            name=_text(v, "name"),
            name_en=_text(v, "name_en"),
            agency_type=_text(v, "category"),
            display_order=_order(v, required=False),
        )
    if kind == "area":
        return RegisterArea(
            actor=actor,
            code=_text(v, "code"),
            name=_text(v, "name"),
            area_kind=_text(v, "category"),
            display_order=_order(v, required=False),
        )
    if kind == "meeting_type":
        return RegisterMeetingType(
            actor=actor,
            code=_text(v, "code"),
            name=_text(v, "name"),
            name_en=_text(v, "name_en"),
            level=_text(v, "category") or "case",
            requires_consent=v.get("requires_consent") in TRUE_VALUES,
            restricted_records=v.get("restricted_records") in TRUE_VALUES,
            display_order=_order(v, required=False),
        )
    if kind == "audience":
        return RegisterAudience(
            actor=actor,
            code=_text(v, "code"),
            name=_text(v, "name"),
            name_en=_text(v, "name_en"),
            display_order=_order(v, required=False),
        )
    return RegisterUser(
        actor=actor, username=_text(v, "code"), name=_text(v, "name"), role=_text(v, "role"), agency=_text(v, "agency")
    )


def change_command(kind: str, code: str, action: str, values: Mapping[str, object], actor: Actor) -> Command:
    """A rename, reorder, retirement, a meeting type's consent rule, or a staff member's new role or agency."""
    if action not in ACTIONS[kind]:
        raise NotFound("no such change", field="id")
    if action == "rename":
        name_en = values.get("name_en") if kind in ("agency", "meeting_type", "audience") else None
        return RenameRecord(
            actor=actor,
            kind=kind,
            code=code,
            name=_text(values, "name"),
            name_en=name_en.strip() if isinstance(name_en, str) else None,
        )
    if action == "reorder":
        return ReorderRecord(actor=actor, kind=kind, code=code, display_order=_order(values, required=True))
    if action == "retire":
        return RetireRecord(actor=actor, kind=kind, code=code, reason=_text(values, "reason"))
    if action == "consent":
        return SetMeetingTypeConsentRule(
            actor=actor, code=code, requires_consent=values.get("requires_consent") in TRUE_VALUES
        )
    if action == "role":
        return ChangeUserRole(actor=actor, username=code, role=_text(values, "role"))
    return MoveUserToAgency(actor=actor, username=code, agency=_text(values, "agency"))
