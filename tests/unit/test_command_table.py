"""Every command has exactly one use case, named in one table (``domain.application.COMMANDS``)."""

from __future__ import annotations

import inspect

from domain.application import COMMANDS, Kasane
from domain.commands import Command


def leaf_commands(base: type[Command] = Command) -> set[type[Command]]:
    subclasses = set(base.__subclasses__())
    return {c for s in subclasses for c in ({s} if not s.__subclasses__() else leaf_commands(s))}


def test_every_command_has_a_use_case_in_the_table() -> None:
    missing = sorted(c.__name__ for c in leaf_commands() if c not in COMMANDS)
    assert missing == []


def test_each_use_case_in_the_table_takes_its_own_command() -> None:
    for command, handler in COMMANDS.items():
        assert getattr(Kasane, handler.__name__) is handler
        parameter = list(inspect.signature(handler).parameters.values())[1]
        assert parameter.annotation in (command.__name__, command), handler.__name__
