"""A read model's handler of each event class, looked up once per class of a page instead of once per event.

Read models dispatch on the event's class with ``functools.singledispatchmethod``.
Reading such an attribute builds a new wrapper, and every call through it asks
the dispatcher again and binds the handler anew. A rebuild calls every read
model for every event (nine read models × the whole log), and that machinery
was about 4 % of the profiled one-pass rebuild (town, SQLite). ``Handlers``
does what the wrapper does, binding each class's handler once.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import singledispatchmethod
from typing import Any


class Handlers:
    """Calls ``owner``'s ``singledispatchmethod`` called ``name`` as the method itself would, handlers bound once."""

    def __init__(self, owner: object, name: str) -> None:
        method = inspect.getattr_static(owner, name)
        if not isinstance(method, singledispatchmethod):
            raise TypeError(f"{type(owner).__name__}.{name} is not a singledispatchmethod")
        self._dispatch = method.dispatcher.dispatch
        self._owner = owner
        self._bound: dict[type, Callable[..., Any]] = {}

    def __call__(self, event: Any, *arguments: Any) -> Any:
        handler = self._bound.get(event.__class__)
        if handler is None:
            found = self._dispatch(event.__class__)
            handler = self._bound[event.__class__] = found.__get__(self._owner, type(self._owner))
        return handler(event, *arguments)


def dispatches(owner: object, name: str) -> bool:
    """Whether ``owner``'s ``name`` is a ``singledispatchmethod`` (a read model may define ``apply`` plainly)."""
    return isinstance(inspect.getattr_static(owner, name, None), singledispatchmethod)
