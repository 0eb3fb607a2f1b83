"""Reading submitted HTML forms into command fields, with an error per field.

A ``FormReader`` collects every problem it finds (a bad date, a missing
field, a malformed id) instead of stopping at the first, then ``check()``
raises ``FormInvalid`` naming them all, before any command is built, so
nothing is stored. Choices and rules are left to the domain, which names the
field it refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from uuid import UUID

from starlette.datastructures import ImmutableMultiDict

from domain.errors import InvalidInput
from web.views.dates import parse_day

Values = ImmutableMultiDict
"""What a form submitted (or the initial values of a fresh form)."""

TRUE_VALUES = frozenset({"on", "true", "yes", "1"})


class FormInvalid(InvalidInput):
    """Raised when submitted form fields cannot be read; ``errors`` maps each field to an error code."""

    code = "form_invalid"

    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors))
        super().__init__("; ".join(f"{field}: {code}" for field, code in errors.items()), field=first)
        self.errors = dict(errors)


def initial(**fields: Any) -> Values:
    """Values for a fresh form; lists become repeated fields, dates ISO text, None nothing."""
    items: list[tuple[str, str]] = []
    for name, value in fields.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is not None:
                items.append((name, item.isoformat() if isinstance(item, date) else str(item)))
    return ImmutableMultiDict(items)


class FormReader:
    def __init__(self, values: Values) -> None:
        self.values = values
        self.errors: dict[str, str] = {}

    def _raw(self, name: str) -> str:
        value = self.values.getlist(name)
        return value[-1].strip() if value and isinstance(value[-1], str) else ""

    def _fail(self, name: str, code: str) -> None:
        self.errors.setdefault(name, code)

    def text(self, name: str, *, required: bool = False) -> str:
        value = self._raw(name)
        if required and not value:
            self._fail(name, "required")
        return value

    def day(self, name: str, *, required: bool = True) -> date | None:
        """A date typed as ISO or 和暦 (see ``web.views.dates.parse_day``)."""
        value = self._raw(name)
        if not value:
            if required:
                self._fail(name, "required")
            return None
        try:
            return parse_day(value)
        except ValueError:
            self._fail(name, "bad_date")
            return None

    def uuid(self, name: str) -> UUID | None:
        value = self._raw(name)
        if not value:
            self._fail(name, "required")
            return None
        try:
            return UUID(value)
        except ValueError:
            self._fail(name, "bad_id")
            return None

    def version(self, name: str = "expected_version") -> int | None:
        """The newest case version this page has shown the user; a conflict then means someone else changed it.

        A form carries the version it was rendered with (``expected_version``, also without JavaScript); htmx adds
        the page's ``page_version`` (#case-version), which moves forward when the user's own write succeeds (the
        saved form carries the version it produced, swapped in out of band) and when the summary refreshes to show
        what others recorded. htmx lets a form's own field override an included one of the same name, hence two
        names. Every value is a version the user has seen, so the newest counts: five entries in a row on one page
        are five own changes, not conflicts, while a change nobody on this page has shown still is one.
        """
        seen: list[int] = []
        for field in (name, "page_version"):
            for value in self.values.getlist(field):
                text = str(value).strip()
                if text and not text.isdigit():
                    self._fail(name, "bad_number")
                    return None
                seen += [int(text)] if text else []
        return max(seen, default=None)

    def whole_number(self, name: str) -> int | None:
        """A number of one field only, e.g. the plan version a form acts on: unlike ``version`` it never takes the
        page's ``page_version`` (the case's version), which htmx sends with every case-page form."""
        text = self._raw(name)
        if text and not text.isdigit():
            self._fail(name, "bad_number")
            return None
        return int(text) if text else None

    def flag(self, name: str) -> bool:
        """A checkbox: ticked or not."""
        return self._raw(name).lower() in TRUE_VALUES

    def yes_no(self, name: str) -> bool | None:
        """A required yes/no radio pair."""
        value = self._raw(name).lower()
        if value not in ("yes", "no"):
            self._fail(name, "required")
            return None
        return value == "yes"

    def many(self, name: str) -> tuple[str, ...]:
        """Every chosen value of a multi-select or checkbox group, blanks dropped."""
        return tuple(v.strip() for v in self.values.getlist(name) if isinstance(v, str) and v.strip())

    def check(self) -> None:
        if self.errors:
            raise FormInvalid(self.errors)
