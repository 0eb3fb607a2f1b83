"""A case's events as typed objects again, from the JSON a read model kept of them.

The timeline keeps each case event's own fields as JSON (``payload``) beside
the event's class name. Whatever reads those rows does so through the event
classes: ``case_event_class`` finds the class by name among ``Case``'s event
classes (a renamed class is then a missing class, which the tests notice, not
a silent blank), and ``revived`` rebuilds the event's own fields with their
declared types (dates, ids, enums, the plan, the referral, the entry …), so a
reader writes ``event.referral.from_agency``, which a type checker and a
rename follow, instead of ``payload["referral"]["from_agency"]``.

Only the event's own fields are rebuilt (the envelope — id, version,
timestamp, actor — has columns of its own). Fields a row lacks (rows written
before a field existed) take the field's default where the class declares
one, else None; an event class that changes shape says so with
``class_version`` and an ``upcast_v1_v2`` (``Case.Assigned``), so that the
rows written from it are whole again once the read model is rebuilt.
Erased personal values (``domain.personal_data``) read as the placeholder they
were replaced with.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any
from uuid import UUID

from domain.case import Case

_ENVELOPE = frozenset({"originator_id", "originator_version", "originator_topic", "timestamp", "actor"})


@cache
def case_event_classes() -> dict[str, type[Case.Event]]:
    """Every event class of a case, by the name the timeline stores (the class name)."""
    return {
        cls.__name__: cls
        for cls in vars(Case).values()
        if isinstance(cls, type) and issubclass(cls, Case.Event) and cls is not Case.Event
    }


def case_event_class(event_type: str) -> type[Case.Event] | None:
    return case_event_classes().get(event_type)


def name_of(*classes: type[Any]) -> tuple[str, ...]:
    """The names rows store for these event classes (so that code names classes, never strings)."""
    return tuple(cls.__name__ for cls in classes)


def revived(event_type: str, payload: dict[str, Any], occurred_on: date | None = None) -> Any:
    """The event of class ``event_type`` with its own fields from ``payload``; None for an unknown class."""
    cls = case_event_class(event_type)
    if cls is None:
        return None
    event = object.__new__(cls)
    values = _fields(cls, payload)
    if occurred_on is not None:
        values["occurred_on"] = occurred_on
    event.__dict__.update(values)
    return event


@cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fields(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        if field.name in _ENVELOPE:
            continue
        if field.name in data:
            values[field.name] = _decode(hints.get(field.name, Any), data[field.name])
        elif field.default is not dataclasses.MISSING:
            values[field.name] = field.default
        elif field.default_factory is not dataclasses.MISSING:
            values[field.name] = field.default_factory()
        else:
            values[field.name] = None  # recorded before the field existed, and no upcaster gives it a value
    return values


def _decode(hint: Any, value: Any) -> Any:  # noqa: PLR0911 - one case per kind of declared type
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(hint), value)
    if origin is tuple:
        args = typing.get_args(hint)
        return tuple(_decode(args[0] if args else Any, v) for v in value)
    if origin is list:
        args = typing.get_args(hint)
        return [_decode(args[0] if args else Any, v) for v in value]
    if origin is dict:
        return dict(value)
    if not isinstance(hint, type):
        return value
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        made = object.__new__(hint)  # as the log does: the values were checked when the event was recorded
        made.__dict__.update(_fields(hint, value))
        return made
    if issubclass(hint, Enum):
        return hint(value)
    if issubclass(hint, datetime):
        return datetime.fromisoformat(value)
    if issubclass(hint, date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if issubclass(hint, UUID):
        return UUID(str(value))
    return value


def _union(options: tuple[Any, ...], value: Any) -> Any:
    """A value of one of several types: for a dict, the dataclass whose fields it fits best."""
    present = [o for o in options if o is not type(None)]
    if isinstance(value, dict):
        kinds = [o for o in present if dataclasses.is_dataclass(o)]
        if kinds:
            fit = max(kinds, key=lambda k: len(set(value) & {f.name for f in dataclasses.fields(k)}))
            return _decode(fit, value)
    for option in present:
        try:
            return _decode(option, value)
        except (TypeError, ValueError):
            continue
    return value
