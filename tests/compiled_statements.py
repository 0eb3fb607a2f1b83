"""One cache of compiled SQL statements for the whole test process, shared by engines whose dialects are alike.

Why: SQLAlchemy keeps the statements it has compiled per engine (its key holds the dialect object), and every test
makes new engines: a new SQLite file, an app start (five engines on PostgreSQL), a read model's rebuild. So each
test compiled again, from scratch, the same few hundred statements the previous one had compiled: 12,500
compilations and ~8 s of CPU in a 162-test sample of web tests, ~17 % of their CPU. A server keeps its engines
and compiles each statement once; only the tests paid this.

Sharing is sound when the compiled form cannot differ: the same dialect class with the same settings (server
version, parameter style, JSON serialiser, …: every plain attribute of the dialect). A dialect holding anything
else this module does not know is never shared with another one. Each execution still builds its own parameters
and result from its own statement; only the SQL text and its parameter map are reused, as within one engine.
"""

from __future__ import annotations

import types
import weakref
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.util import LRUCache

DERIVED = frozenset(
    {"identifier_preparer", "type_compiler", "type_compiler_instance", "_type_memos", "_psycopg_adapters_map"}
)
"""Dialect attributes made from the dialect's class and settings for each instance, so not a difference between
two dialects (a preparer of identifiers, a type compiler, memos of types, psycopg's adapters for its connections)."""
PLAIN = (bool, int, float, str, bytes, tuple, frozenset, type(None), type, types.ModuleType, types.FunctionType)

_kinds: weakref.WeakKeyDictionary[Dialect, tuple[Any, ...]] = weakref.WeakKeyDictionary()


def kind(dialect: Dialect) -> tuple[Any, ...]:
    """What makes two dialects compile alike: their class and every plain attribute (the dialect itself when it
    holds anything else). Read once per dialect, after its first connection has set it up (``initialize``)."""
    known = _kinds.get(dialect)
    if known is None:
        settings = sorted((name, value) for name, value in vars(dialect).items() if name not in DERIVED)
        known = (type(dialect), tuple(settings))
        if not all(isinstance(value, PLAIN) for _, value in settings) or not _hashable(known):
            known = (type(dialect), id(dialect))
        _kinds[dialect] = known
    return known


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class SharedStatements:
    """SQLAlchemy's compiled cache (``get`` and item assignment on its key), keyed by the dialect's ``kind``
    instead of the dialect object."""

    def __init__(self, size: int = 20_000) -> None:
        self._cache: LRUCache[tuple[Any, ...], Any] = LRUCache(size)

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        return self._cache.get((kind(key[0]), *key[1:]), default)

    def __setitem__(self, key: tuple[Any, ...], compiled: Any) -> None:
        self._cache[(kind(key[0]), *key[1:])] = compiled

    def __len__(self) -> int:
        return len(self._cache)


STATEMENTS = SharedStatements()


def _share(connection: Connection) -> None:
    if "compiled_cache" not in connection.get_execution_options():  # a cache chosen by the code is kept
        connection.execution_options(compiled_cache=STATEMENTS)


def share_compiled_statements() -> None:
    """From now on every connection of every engine of this process uses ``STATEMENTS`` (repeatable)."""
    if not sa.event.contains(sa.engine.Engine, "engine_connect", _share):
        sa.event.listen(sa.engine.Engine, "engine_connect", _share)
