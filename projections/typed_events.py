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
def _plan(cls: Any) -> tuple[tuple[str, Any, Any, Any], ...]:
    """Each own field of a dataclass: (name, declared type, default, default factory), worked out once per class
    (a case page revives every row of its timeline: reflecting on the class per row was most of it)."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (field.name, hints.get(field.name, Any), field.default, field.default_factory)
        for field in dataclasses.fields(cls)
        if field.name not in _ENVELOPE
    )


def _fields(cls: Any, data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, hint, default, factory in _plan(cls):
        if name in data:
            values[name] = _decode(hint, data[name])
        elif default is not dataclasses.MISSING:
            values[name] = default
        elif factory is not dataclasses.MISSING:
            values[name] = factory()
        else:
            values[name] = None  # recorded before the field existed, and no upcaster gives it a value
    return values


def _decode(hint: Any, value: Any) -> Any:  # noqa: PLR0911 - one case per kind of declared type
    if value is None:
        return None
    kind, args = _shape(hint)
    if kind == "union":
        return _union(args, value)
    if kind == "tuple":
        return tuple(_decode(args[0], v) for v in value)
    if kind == "list":
        return [_decode(args[0], v) for v in value]
    if kind == "dict":
        return dict(value)
    if kind == "dataclass" and isinstance(value, dict):
        made = object.__new__(hint)  # as the log does: the values were checked when the event was recorded
        made.__dict__.update(_fields(hint, value))
        return made
    if kind == "enum":
        return hint(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value) if isinstance(value, str) else value
    if kind == "uuid":
        return UUID(str(value))
    return value


@cache
def _shape(hint: Any) -> tuple[str, tuple[Any, ...]]:  # noqa: PLR0911 - one case per kind of declared type
    """What kind of declared type ``hint`` is, worked out once per type: (kind, its arguments)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return "union", typing.get_args(hint)
    if origin in (tuple, list):
        args = typing.get_args(hint)
        return origin.__name__, (args[0] if args else Any,)
    if origin is dict:
        return "dict", ()
    if not isinstance(hint, type):
        return "as is", ()
    if dataclasses.is_dataclass(hint):
        return "dataclass", ()
    for kind, base in (("enum", Enum), ("datetime", datetime), ("date", date), ("uuid", UUID)):
        if issubclass(hint, base):
            return kind, ()
    return "as is", ()


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
