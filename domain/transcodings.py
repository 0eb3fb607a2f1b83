"""How event values are written to the store as JSON.

Events are a stored public API: a value object's class name is its stored
type name, so renaming a class needs an alias here, never a data migration.
"""

from __future__ import annotations

import dataclasses
import typing
from datetime import date
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class DataclassAsDict(Transcoding):
    """A frozen dataclass value object stored as a dict of its fields.

    JSON has no tuples, so fields declared as tuples are turned back into
    tuples on reading; the decoded value then equals the one written.
    """

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = cls.__name__
        self._tuple_fields = tuple_fields(cls)

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        for name in self._tuple_fields:
            if name in data:
                data[name] = tuple(data[name])
        return self.type(**data)


_tuple_fields: dict[type[Any], tuple[str, ...]] = {}


def tuple_fields(cls: type[Any]) -> tuple[str, ...]:
    """The fields of ``cls`` declared as tuples, worked out once per class: resolving the type hints of ~60 value
    objects took ~5 ms of CPU, paid by every application built (each test's, each app start's) until kept."""
    if cls not in _tuple_fields:
        hints = typing.get_type_hints(cls)
        _tuple_fields[cls] = tuple(f.name for f in dataclasses.fields(cls) if typing.get_origin(hints[f.name]) is tuple)
    return _tuple_fields[cls]


def register_value_objects(transcoder: JSONTranscoder, classes: typing.Iterable[type[Any]]) -> None:
    transcoder.register(DateAsISO())
    for cls in classes:
        transcoder.register(DataclassAsDict(cls))
