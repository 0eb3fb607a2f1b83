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
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache, partial
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


Decoder = Callable[[Any], Any]
"""Reads a stored value (never None) back as its declared type."""


@cache
def _plan(cls: Any) -> tuple[tuple[str, Decoder | None, Any, Any], ...]:
    """Each own field of a dataclass: (name, its decoder or None when the stored value is the value, default,
    default factory), worked out once per class (a case page revives every row of its timeline: reflecting on the
    class, then on each value's declared type, per row was most of it)."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (field.name, _decoder(hints.get(field.name, Any)), field.default, field.default_factory)
        for field in dataclasses.fields(cls)
        if field.name not in _ENVELOPE
    )


def _fields(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, decode, default, factory in _plan(cls):
        if name in data:
            value = data[name]
            values[name] = value if decode is None or value is None else decode(value)
        elif default is not dataclasses.MISSING:
            values[name] = default
        elif factory is not dataclasses.MISSING:
            values[name] = factory()
        else:
            values[name] = None  # recorded before the field existed, and no upcaster gives it a value
    return values


def _decode(hint: Any, value: Any) -> Any:
    decode = _decoder(hint)
    return value if decode is None or value is None else decode(value)


@cache
def _decoder(hint: Any) -> Decoder | None:  # noqa: PLR0911 - one case per kind of declared type
    """How a stored value of the declared type ``hint`` is read back, worked out once per type; None: as stored."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return partial(_union, typing.get_args(hint))
    if origin in (tuple, list):
        args = typing.get_args(hint)
        return partial(_items, origin, _decoder(args[0] if args else Any))
    if origin is dict:
        return dict
    if not isinstance(hint, type):
        return None
    if dataclasses.is_dataclass(hint):
        return partial(_dataclass, hint)
    if issubclass(hint, Enum):
        return hint
    if issubclass(hint, datetime):
        return datetime.fromisoformat
    if issubclass(hint, date):
        return _date
    if issubclass(hint, UUID):
        return _uuid
    return None


def _items(kind: type[tuple[Any, ...]] | type[list[Any]], decode: Decoder | None, value: Any) -> Any:
    if decode is None:
        return kind(value)
    return kind([None if v is None else decode(v) for v in value])


def _dataclass(kind: Any, value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    made = object.__new__(kind)  # as the log does: the values were checked when the event was recorded
    made.__dict__.update(_fields(kind, value))
    return made


def _date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _uuid(value: Any) -> UUID:
    return UUID(str(value))


def _union(options: tuple[Any, ...], value: Any) -> Any:
    """A value of one of several types: for a dict, the dataclass whose fields it fits best."""
    present, kinds = _options(options)
    if isinstance(value, dict) and kinds:
        fit = max(kinds, key=lambda kind: len(value.keys() & kind[1]))
        return _decode(fit[0], value)
    for option in present:
        try:
            return _decode(option, value)
        except (TypeError, ValueError):
            continue
    return value


@cache
def _options(options: tuple[Any, ...]) -> tuple[tuple[Any, ...], tuple[tuple[Any, frozenset[str]], ...]]:
    """A union's types other than None, and those of them that are dataclasses with their field names."""
    present = tuple(o for o in options if o is not type(None))
    kinds = tuple((o, frozenset(f.name for f in dataclasses.fields(o))) for o in present if dataclasses.is_dataclass(o))
    return present, kinds
