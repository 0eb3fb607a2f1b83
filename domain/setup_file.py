"""The set-up file: a municipality's master data in TOML (see docs/setup-file.md).

``parse_setup`` is pure: it reads the whole file and returns a ``SetupFile``,
or raises ``SetupRefused`` listing EVERY problem it found, each with the line
it is on and the key's path (``agency[2].name``, indices from 1 as a person
counts the blocks). Unknown keys are refused, so a typo never silently drops
a setting. Nothing is compared with the store here (``domain/setup_loading.py``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.actor import Role
from domain.agency import AgencyType
from domain.area import AreaKind
from domain.errors import InvalidInput
from domain.master_data import MAX_DISPLAY_ORDER
from domain.meeting_type import MeetingLevel

MAX_NAME = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where it is, which key, and why (``code`` picks the translated message)."""

    line: int | None
    field: str
    code: str
    message: str
    detail: str = ""


class SetupRefused(InvalidInput):
    """Raised when a set-up file has problems; ``problems`` lists all of them, and nothing was written."""

    code = "setup_refused"

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(f"{len(problems)} problem(s), first: {first.field}: {first.message}", field=first.field)
        self.problems = problems


@dataclass(frozen=True)
class AgencyEntry:
    line: int
    code: str
    name: str
    name_en: str
    agency_type: str
    display_order: int


@dataclass(frozen=True)
class AreaEntry:
    line: int
    code: str
    name: str
    area_kind: str
    display_order: int


@dataclass(frozen=True)
class MeetingTypeEntry:
    line: int
    code: str
    name: str
    name_en: str
    level: str
    requires_consent: bool
    restricted_records: bool
    display_order: int


@dataclass(frozen=True)
class StaffEntry:
    line: int
    code: str
    name: str
    role: str
    agency: str


@dataclass(frozen=True)
class AudienceEntry:
    line: int
    code: str
    name: str
    name_en: str
    display_order: int


@dataclass(frozen=True)
class SetupFile:
    agencies: list[AgencyEntry] = field(default_factory=list)
    areas: list[AreaEntry] = field(default_factory=list)
    meeting_types: list[MeetingTypeEntry] = field(default_factory=list)
    staff: list[StaffEntry] = field(default_factory=list)
    audiences: list[AudienceEntry] = field(default_factory=list)


SECTIONS = {
    "agency": "agencies",
    "area": "areas",
    "meeting_type": "meeting_types",
    "staff": "staff",
    "audience": "audiences",
}
"""TOML array-of-tables name → ``SetupFile`` field; the names are also the record kinds (staff are users)."""
KEYS = {
    "agency": ({"code", "name", "kind"}, {"name_en", "order"}),
    "area": ({"code", "name", "kind"}, {"order"}),
    "meeting_type": ({"code", "name", "requires_consent", "restricted_records"}, {"name_en", "level", "order"}),
    "staff": ({"username", "name", "role", "agency"}, set()),
    "audience": ({"code", "name"}, {"name_en", "order"}),
}
"""(required keys, optional keys) of each section."""
_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z_][\w-]*)\s*\]\]")
_TABLE = re.compile(r"^\s*\[")
_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=")
_TOML_LINE = re.compile(r"at line (\d+)")


class _Lines:
    """Where each ``[[section]]`` block and each of its keys stands in the text (1-based lines)."""

    def __init__(self, text: str) -> None:
        self.blocks: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int] | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER.match(line)
            if header:
                name = header.group(1)
                counts[name] = counts.get(name, 0) + 1
                current = (name, counts[name])
                self.blocks[current] = number
            elif _TABLE.match(line):
                current = None
            elif current is not None and (key := _KEY.match(line)):
                self.keys.setdefault((*current, key.group(1)), number)

    def of(self, section: str, index: int, key: str | None = None) -> int | None:
        if key is not None and (section, index, key) in self.keys:
            return self.keys[(section, index, key)]
        return self.blocks.get((section, index))


def parse_setup(text: str) -> SetupFile:
    """The master data described by ``text``; refuses the whole file if anything in it is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        raise SetupRefused(
            [
                Problem(
                    int(found.group(1)) if found else None,
                    "file",
                    "toml_syntax",
                    f"not valid TOML: {error}",
                    str(error),
                )
            ]
        ) from None
    reader = _Reader(_Lines(text))
    setup = reader.read(data)
    if reader.problems:
        raise SetupRefused(sorted(reader.problems, key=lambda p: (p.line or 0, p.field)))
    return setup


class _Reader:
    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, section: str, index: int | None, key: str | None, code: str, message: str, detail: str = "") -> None:
        where = section if index is None else f"{section}[{index}]"
        path = f"{where}.{key}" if key else where
        line = None if index is None else self.lines.of(section, index, key)
        self.problems.append(Problem(line, path, code, f"{path}: {message}", detail))

    def read(self, data: Mapping[str, Any]) -> SetupFile:
        sections: dict[str, list[Any]] = {}
        for name, value in data.items():
            if name not in SECTIONS:
                self.fail(name, None, None, "unknown_section", f"unknown section {name!r}", name)
            elif not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                self.fail(name, None, None, "not_blocks", f"write each {name} as a [[{name}]] block", name)
            else:
                sections[name] = value
        agencies = [self.agency(i, t) for i, t in enumerate(sections.get("agency", []), 1)]
        areas = [self.area(i, t) for i, t in enumerate(sections.get("area", []), 1)]
        meeting_types = [self.meeting_type(i, t) for i, t in enumerate(sections.get("meeting_type", []), 1)]
        known = {t.get("code") for t in sections.get("agency", [])}
        staff = [self.staff(i, t, known) for i, t in enumerate(sections.get("staff", []), 1)]
        audiences = [self.audience(i, t) for i, t in enumerate(sections.get("audience", []), 1)]
        for section in SECTIONS:
            self.duplicates(section, sections.get(section, []))
        return SetupFile(agencies, areas, meeting_types, staff, audiences)

    # ---- one block of each section ------------------------------------------------

    def agency(self, i: int, t: dict[str, Any]) -> AgencyEntry:
        self.keys_of("agency", i, t)
        return AgencyEntry(
            self.lines.of("agency", i) or 0,
            self.code("agency", i, t, "code"),
            self.text("agency", i, t, "name"),
            self.text("agency", i, t, "name_en", required=False),
            self.choice("agency", i, t, "kind", AgencyType),
            self.order("agency", i, t),
        )

    def area(self, i: int, t: dict[str, Any]) -> AreaEntry:
        self.keys_of("area", i, t)
        return AreaEntry(
            self.lines.of("area", i) or 0,
            self.code("area", i, t, "code"),
            self.text("area", i, t, "name"),
            self.choice("area", i, t, "kind", AreaKind),
            self.order("area", i, t),
        )

    def meeting_type(self, i: int, t: dict[str, Any]) -> MeetingTypeEntry:
        s = "meeting_type"
        self.keys_of(s, i, t)
        level = self.choice(s, i, t, "level", MeetingLevel) if "level" in t else MeetingLevel.CASE.value
        return MeetingTypeEntry(
            self.lines.of(s, i) or 0,
            self.code(s, i, t, "code"),
            self.text(s, i, t, "name"),
            self.text(s, i, t, "name_en", required=False),
            level,
            self.flag(s, i, t, "requires_consent"),
            self.flag(s, i, t, "restricted_records"),
            self.order(s, i, t),
        )

    def staff(self, i: int, t: dict[str, Any], agencies: set[object]) -> StaffEntry:
        self.keys_of("staff", i, t)
        role = self.choice("staff", i, t, "role", Role)
        if role == Role.SYSTEM:
            self.fail("staff", i, "role", "bad_choice", "the system role cannot be given to a person", role)
        agency = self.code("staff", i, t, "agency")
        if agency and agency not in agencies:
            self.fail(
                "staff", i, "agency", "unknown_agency", f"no [[agency]] with code {agency!r} in this file", agency
            )
        return StaffEntry(
            self.lines.of("staff", i) or 0,
            self.code("staff", i, t, "username"),
            self.text("staff", i, t, "name"),
            role,
            agency,
        )

    def audience(self, i: int, t: dict[str, Any]) -> AudienceEntry:
        self.keys_of("audience", i, t)
        return AudienceEntry(
            self.lines.of("audience", i) or 0,
            self.code("audience", i, t, "code"),
            self.text("audience", i, t, "name"),
            self.text("audience", i, t, "name_en", required=False),
            self.order("audience", i, t),
        )

    # ---- checks that record a problem and carry on -------------------------------

    def keys_of(self, section: str, i: int, t: dict[str, Any]) -> None:
        """Unknown keys and missing required keys; the values are checked one by one afterwards."""
        required, optional = KEYS[section]
        for key in t:
            if key not in required | optional:
                self.fail(section, i, key, "unknown_key", f"unknown key {key!r}", key)
        for key in sorted(required - set(t)):
            self.fail(section, i, key, "required", "is required")

    def text(self, section: str, i: int, t: dict[str, Any], key: str, *, required: bool = True) -> str:
        value: object = t.get(key, "")
        if key not in t:
            return ""
        if not isinstance(value, str):
            self.fail(section, i, key, "not_text", "must be text in quotes")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(section, i, key, "required", "is required")
        elif len(value) > MAX_NAME:
            self.fail(section, i, key, "too_long", f"is longer than {MAX_NAME} characters", str(MAX_NAME))
        elif "\x00" in value:
            self.fail(section, i, key, "not_text", "contains a NUL character")
        return value

    def code(self, section: str, i: int, t: dict[str, Any], key: str) -> str:
        value = self.text(section, i, t, key)
        if value and (len(value) > 64 or not value.isascii() or not all(ch.isalnum() or ch in "-_" for ch in value)):
            self.fail(
                section, i, key, "bad_code", "may contain only ASCII letters, digits, '-' and '_' (64 at most)", value
            )
            return ""
        return value

    def choice(self, section: str, i: int, t: dict[str, Any], key: str, choices: type[StrEnum]) -> str:
        if key not in t:
            return ""
        value = t[key]
        allowed = [c.value for c in choices if c.value != "system"]
        if value not in allowed:
            self.fail(
                section, i, key, "bad_choice", f"{value!r} is not one of {', '.join(allowed)}", ", ".join(allowed)
            )
            return ""
        return str(value)

    def flag(self, section: str, i: int, t: dict[str, Any], key: str) -> bool:
        value = t.get(key, False)
        if key in t and not isinstance(value, bool):
            self.fail(section, i, key, "not_bool", "must be true or false (without quotes)")
            return False
        return bool(value)

    def order(self, section: str, i: int, t: dict[str, Any]) -> int:
        """The ``order`` key, or the block's position in its section (the file's order is the display order)."""
        if "order" not in t:
            return i
        value = t["order"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DISPLAY_ORDER:
            self.fail(
                section,
                i,
                "order",
                "bad_order",
                f"must be a whole number from 0 to {MAX_DISPLAY_ORDER}",
                str(MAX_DISPLAY_ORDER),
            )
            return i
        return value

    def duplicates(self, section: str, tables: list[dict[str, Any]]) -> None:
        key = "username" if section == "staff" else "code"
        seen: dict[object, int] = {}
        for i, t in enumerate(tables, 1):
            value = t.get(key)
            if not isinstance(value, str) or not value:
                continue
            if value in seen:
                self.fail(
                    section,
                    i,
                    key,
                    "duplicate",
                    f"{value!r} is already used by {section}[{seen[value]}]",
                    f"{section}[{seen[value]}]",
                )
            else:
                seen[value] = i
