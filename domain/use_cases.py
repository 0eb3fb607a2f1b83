"""Which method runs each command, and what a command returns.

Kept apart from ``application.py`` so that modules of use-case mixins can
register their methods without importing the application class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.commands import Command

if TYPE_CHECKING:
    from domain.case import Case
    from domain.master_data import MasterRecord

A = TypeVar("A", bound=Aggregate)
C = TypeVar("C", bound=Command)
M = TypeVar("M", bound="MasterRecord")

HANDLERS: dict[type[Command], Callable[[Any, Any], Recorded]] = {}


def handles(command_type: type[C]) -> Callable[[Callable[[Any, C], Recorded]], Callable[[Any, C], Recorded]]:
    """Register a method of ``Kasane`` (or of a mixin) as the use case for a command type."""

    def register(method: Callable[[Any, C], Recorded]) -> Callable[[Any, C], Recorded]:
        HANDLERS[command_type] = method
        return method

    return register


@dataclass(frozen=True)
class Recorded:
    """What a command returns: the id it acted on and the last notification id it wrote.

    Readers that must show the change wait until their projection has
    processed ``notification_id``.
    """

    id: UUID
    notification_id: int


class Host(Protocol):
    """What use-case mixins use of ``Kasane``: loading, referential checks and saving."""

    today: Callable[[], date]

    def get(self, kind: type[A], aggregate_id: UUID, what: str) -> A: ...

    def master(self, kind: type[M], code: object, field: str) -> M: ...

    def agency(self, code: object, field: str) -> str: ...

    def area(self, code: object, field: str) -> str: ...

    def coordinator(self, username: object, field: str) -> str: ...

    def case(self, case_id: UUID) -> Case: ...

    def _create(self, aggregate: Aggregate, what: str) -> Recorded: ...

    def _save(self, *aggregates: Aggregate) -> Recorded: ...
