"""``Handlers`` calls the handler a read model's ``singledispatchmethod`` would, for every class it meets."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import Any

import pytest

from projections.engine.handlers import Handlers, dispatches


class Event:
    pass


class Opened(Event):
    pass


class Reopened(Opened):
    pass


class Other:
    pass


class Model:
    def __init__(self, name: str) -> None:
        self.name = name

    @singledispatchmethod
    def on(self, event: Any, seen: list[str]) -> None:
        seen.append(f"{self.name}: ignored {type(event).__name__}")

    @on.register(Event)
    def _event(self, event: Any, seen: list[str]) -> None:
        seen.append(f"{self.name}: event {type(event).__name__}")

    @on.register(Opened)
    def _opened(self, event: Any, seen: list[str]) -> None:
        seen.append(f"{self.name}: opened {type(event).__name__}")

    def plain(self, event: Any, seen: list[str]) -> None:
        seen.append("plain")


def test_each_event_reaches_the_handler_the_method_would_call() -> None:
    model = Model("a")
    events = [Event(), Opened(), Reopened(), Other(), Opened(), Other(), Reopened(), Event()]
    through_method: list[str] = []
    for event in events:
        model.on(event, through_method)
    through_handlers: list[str] = []
    on = Handlers(model, "on")
    for event in events:
        on(event, through_handlers)
    assert through_handlers == through_method
    assert len(set(through_method)) == 4  # the base, two subclasses (by their nearest registration), others


def test_a_plain_method_is_not_taken_for_a_dispatcher() -> None:
    assert dispatches(Model("a"), "on")
    assert not dispatches(Model("a"), "plain")
    with pytest.raises(TypeError):
        Handlers(Model("a"), "plain")
