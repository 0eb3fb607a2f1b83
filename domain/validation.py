"""Input checks shared by every command method.

Each ``check_*`` raises ``InvalidInput`` (or a subclass) naming the field,
so the web form can show the message beside the input and nothing is stored.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from domain.errors import DateInFuture, InvalidInput, TooMany

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")

MAX_TEXT = 4000
MAX_NAME = 200


def check_text(value: object, field: str, *, required: bool = True, max_length: int = MAX_TEXT) -> str:
    """Raised when text is missing, not text, or too long; returns it stripped."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{field} is required", field=field)
    if len(value) > max_length:
        raise InvalidInput(
            f"{field} is too long ({len(value)} characters, at most {max_length})",
            field=field,
            max_length=max_length,
        )
    if "\x00" in value:
        raise InvalidInput(f"{field} contains a NUL character", field=field)
    return value


def check_date(value: object, field: str) -> date:
    """Raised when a value is not a calendar date."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise InvalidInput(f"{field} must be a date", field=field)
    return value


def check_optional_date(value: object, field: str) -> date | None:
    return None if value is None else check_date(value, field)


def check_not_future(value: object, field: str, today: date) -> date:
    """Raised when something recorded as done is dated after today."""
    day = check_date(value, field)
    if day > today:
        raise DateInFuture(f"{field} {day.isoformat()} is in the future", field=field, day=day)
    return day


def check_choice(value: object, choices: type[E], field: str) -> E:
    """Raised when a value is not one of an enumeration's codes."""
    if isinstance(value, str):  # an enumeration's lookup refuses anything else with the same ValueError
        try:
            return choices(value)
        except ValueError:
            pass
    allowed = ", ".join(c.value for c in choices)
    # The refused value is not said back: whatever was typed into a choice may be a name (personal data).
    raise InvalidInput(f"{field} must be one of: {allowed}", field=field, allowed=allowed)


def check_choices(values: object, choices: type[E], field: str) -> tuple[E, ...]:
    """Raised when the values are not a list or any value is not allowed; returns them de-duplicated in order."""
    if not isinstance(values, list | tuple | set | frozenset):
        raise InvalidInput(f"{field} must be a list", field=field)
    checked = [check_choice(v, choices, field) for v in values]
    return tuple(dict.fromkeys(checked))


def check_items(values: object, kind: type[T], field: str) -> tuple[T, ...]:
    """Raised when a value is not a list of ``kind`` items (a form sent one value instead of rows), or too long."""
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise InvalidInput(f"{field} must be a list", field=field)
    if not all(isinstance(v, kind) for v in values):
        raise InvalidInput(f"each of {field} must be a {kind.__name__}", field=field)
    return check_at_most(tuple(values), field)


LIST_LIMITS: dict[str, int] = {
    "attendees": 50,
    "discussions": 50,
    "planned_case_ids": 50,
    "action_items": 100,
    "members": 30,
    "goals": 30,
}
"""How many items a list may hold: far above any real meeting, household or plan, far below what would
slow every later read of the record. Any other list: ``DEFAULT_LIST_LIMIT``."""
DEFAULT_LIST_LIMIT = 200


def check_at_most(values: tuple[T, ...], field: str) -> tuple[T, ...]:
    """Raised when a list holds more items than ``LIST_LIMITS`` allows for ``field``."""
    limit = LIST_LIMITS.get(field, DEFAULT_LIST_LIMIT)
    if len(values) > limit:
        raise TooMany(f"at most {limit} {field} (got {len(values)})", field=field, limit=limit)
    return values


def check_uuid(value: object, field: str) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput(f"{field} must be an id", field=field) from None


def check_bool(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{field} must be yes or no", field=field)
    return value


def check_count(value: object, field: str, *, minimum: int = 0, maximum: int = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be a whole number", field=field)
    if not minimum <= value <= maximum:
        raise InvalidInput(f"{field} must be between {minimum} and {maximum}", field=field)
    return value


def check_code(value: object, field: str) -> str:
    """Raised when a master-data code is empty or has characters unsafe in URLs."""
    code = check_text(value, field, max_length=64)
    if not all(ch.isalnum() or ch in "-_" for ch in code) or not code.isascii():
        raise InvalidInput(f"{field} may contain only ASCII letters, digits, '-' and '_'", field=field)
    return code
