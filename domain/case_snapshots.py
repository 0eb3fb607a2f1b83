"""Sealed case snapshots: a case's replayed state, encrypted under the case's own key.

A command loads its cases by replaying every event of each (about 15 for a
demo case, more for a long one): decoding JSON and opening one AES-GCM seal
per personal value, the largest part of a meeting record's own CPU. A snapshot
holds the state such a replay gave at some version, so a later load decodes only
the events after it.

The state holds personal data in clear (names, notes), so a snapshot is sealed
as a whole with the case's data key (``CaseKeys``): destroying the key on
erasure makes every snapshot of the case unreadable, as it does its events, and
a case whose key is gone is replayed from its events (placeholders) instead.

A snapshot is the state a replay of decoded events gave, never a command's
in-memory aggregate: it is taken when a case is loaded, before the command
changes it, and written by that command's save, in its transaction.
It is used only by code that would replay to the same state: it carries a
fingerprint of the code that derives a case's state from its events
(``code_fingerprint``), and a snapshot of other code is ignored (replayed and
taken again). The state is a pickle, read by an unpickler that builds only
domain classes and a few standard value types; it is only read after the
case's key has authenticated it.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
import threading
import types
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from typing import Any
from uuid import UUID

import eventsourcing

from domain.case import Case
from domain.erasure import CaseErased
from domain.personal_data import CaseKeys

SNAPSHOT_AFTER = 5
"""A case loaded by replaying this many events or more after its snapshot (or without one) is snapshotted
when the command that loaded it saves: about one command in five on a case then writes one row."""

SNAPSHOT_TOPIC = "kasane:sealed-case-snapshot"
"""How a snapshot row is told apart from the events when the store reads both in one statement."""


@dataclass(frozen=True)
class SealedSnapshot:
    """A case's state at ``version``, as stored: sealed with the case's key, made by the code of ``fingerprint``."""

    case_id: UUID
    version: int
    fingerprint: str
    sealed: bytes


def take(keys: CaseKeys, case: Case, fingerprint: str) -> SealedSnapshot | None:
    """The case's current state sealed with its key; None when its personal data is erased (its key is gone)."""
    if case.personal_data_erased:
        return None
    plain = _header(case.version, fingerprint) + pickle.dumps(case, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        sealed = keys.encrypt(case.id, plain)
    except CaseErased:
        return None
    return SealedSnapshot(case_id=case.id, version=case.version, fingerprint=fingerprint, sealed=sealed)


def opened(keys: CaseKeys, snapshot: SealedSnapshot, fingerprint: str) -> Case | None:
    """The case the snapshot holds; None when its key is destroyed or it was made by other code (replay instead)."""
    if snapshot.fingerprint != fingerprint:
        return None
    plain = keys.decrypt(snapshot.case_id, snapshot.sealed)
    header = _header(snapshot.version, fingerprint)
    if plain is None or not plain.startswith(header):
        return None
    case = _DomainUnpickler(io.BytesIO(plain[len(header) :])).load()
    if not isinstance(case, Case) or case.id != snapshot.case_id or case.version != snapshot.version:
        return None
    return case


def _header(version: int, fingerprint: str) -> bytes:
    return f"{version}:{fingerprint}\n".encode("ascii")


_STANDARD = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("uuid", "UUID"),
    ("uuid", "SafeUUID"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "object"),
    ("copyreg", "_reconstructor"),
}


class _DomainUnpickler(pickle.Unpickler):
    """Builds domain classes and the standard value types a case holds, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if module.startswith("domain.") or (module, name) in _STANDARD:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a case snapshot may not hold {module}.{name}")


def code_fingerprint(value_objects: Iterable[type[Any]], decoding: Iterable[Any] = ()) -> str:
    """A digest of the code that turns a case's events into its state: a snapshot of other code is not used.

    It covers every module that defines a class in ``Case``'s bases, in its events' bases, a value object held
    in a case (``value_objects``) or what decodes stored events (``decoding``: the transcodings, the personal
    values' placeholders): their functions' bytecode and constants, classes, dataclass fields and simple
    constants, and the Python and eventsourcing versions. Any change there, even one that does not change the
    state, makes the next load replay the case and take its snapshot again: safe, and cheap once.
    """
    classes: list[Any] = [*Case.__mro__, *value_objects, *decoding]
    for attribute in vars(Case).values():
        if isinstance(attribute, type):
            classes.extend(attribute.__mro__)
    modules = sorted({c.__module__ for c in classes if c.__module__.startswith("domain.")})
    digest = hashlib.sha256(repr((sys.version_info[:2], getattr(eventsourcing, "__version__", ""))).encode())
    for name in modules:
        digest.update(name.encode())
        module = sys.modules[name]
        for attribute_name, attribute in sorted(vars(module).items()):
            if getattr(attribute, "__module__", None) == name:
                digest.update(attribute_name.encode())
                _digest(attribute, digest, set())
            elif _is_simple(attribute) and not attribute_name.startswith("__"):
                digest.update(f"{attribute_name}={_stable(attribute)}".encode())
    return digest.hexdigest()[:16]


def _digest(value: Any, digest: Any, seen: set[int]) -> None:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, types.FunctionType):
        _code(value.__code__, digest)
    elif isinstance(value, staticmethod | classmethod):
        _digest(value.__func__, digest, seen)
    elif isinstance(value, property):
        for accessor in (value.fget, value.fset, value.fdel):
            if accessor is not None:
                _digest(accessor, digest, seen)
    elif isinstance(value, type):
        digest.update(value.__qualname__.encode())
        if is_dataclass(value):
            for field in fields(value):
                default = _stable(field.default) if _is_simple(field.default) else type(field.default).__name__
                digest.update(f"{field.name}:{field.type}={default}".encode())
        for name, attribute in sorted(vars(value).items(), key=lambda item: item[0]):
            if name in ("__dict__", "__weakref__", "__doc__", "__dataclass_fields__", "__dataclass_params__"):
                continue
            digest.update(name.encode())
            if _is_simple(attribute):
                digest.update(_stable(attribute).encode())
            else:
                _digest(attribute, digest, seen)
    elif hasattr(value, "__wrapped__"):
        _digest(value.__wrapped__, digest, seen)


def _code(code: types.CodeType, digest: Any) -> None:
    digest.update(code.co_code)
    digest.update(repr(code.co_names).encode())
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            _code(constant, digest)
        else:
            digest.update(_stable(constant).encode())


def _is_simple(value: Any) -> bool:
    if isinstance(value, tuple | frozenset):
        return all(_is_simple(item) for item in value)
    return value is None or isinstance(value, str | int | float | bytes | Enum)


def _stable(value: Any) -> str:
    """``repr`` that does not depend on the process (sets of strings iterate in a per-process order)."""
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(sorted(_stable(item) for item in value)) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_stable(item) for item in value) + ")"
    return repr(value)


class PendingSnapshots:
    """Snapshots taken when cases were loaded, each waiting for the save of the command that loaded its case.

    Held by the case object itself (a command's own copy), so threads serving other commands never see them; a
    case that is never saved (a refused command, a query) lets its snapshot go with it.
    """

    def __init__(self) -> None:
        self._by_case: dict[int, tuple[weakref.ref[Case], SealedSnapshot]] = {}
        self._lock = threading.Lock()

    def hold(self, case: Case, snapshot: SealedSnapshot) -> None:
        key = id(case)

        def forget(reference: weakref.ref[Case]) -> None:
            with self._lock:
                if self._by_case.get(key, (None,))[0] is reference:
                    del self._by_case[key]

        with self._lock:
            self._by_case[key] = (weakref.ref(case, forget), snapshot)

    def taken_of(self, aggregates: Iterable[object]) -> list[SealedSnapshot]:
        """The snapshots waiting for these aggregates (each handed out once)."""
        found = []
        with self._lock:
            for aggregate in aggregates:
                entry = self._by_case.get(id(aggregate))
                if entry is not None and entry[0]() is aggregate:
                    del self._by_case[id(aggregate)]
                    found.append(entry[1])
        return found
