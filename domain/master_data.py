"""Per-installation reference data: agencies, areas, meeting types, users.

Each record is an aggregate whose id is derived from its stable code
(``uuid5``), so "does this agency exist?" is one read by id, and registering
the same code twice fails on the store's uniqueness, even under concurrency.
Other events refer to these records by code, which stays readable in the log
and in plan files.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import TransitionNotAllowed
from domain.validation import check_count, check_text

MAX_DISPLAY_ORDER = 9999


class MasterRecord(Aggregate):
    """A code-identified record that can be renamed, reordered and retired, never deleted."""

    kind: ClassVar[str]
    # Subclasses' "Registered" events set ``code``, ``name`` and ``active``.
    # Class-level defaults, not annotations: eventsourcing would make annotated names "Registered" fields.
    if TYPE_CHECKING:  # declared for the type checker only, so eventsourcing never sees them
        code: str
        name: str
        active: bool
    display_order = 0
    """Where the record stands in pick-lists (smaller first, then by code); 0 until a ``Reordered`` event."""
    name_en = ""

    @classmethod
    def id_for(cls, code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"kasane:{cls.kind}:{code}")

    def retire(self, *, reason: object, on: date, actor: Actor) -> None:
        """Stop offering the record for new entries; history that names it stays valid."""
        if not self.active:
            raise TransitionNotAllowed(f"{self.kind} {self.code} is already retired", field="code")
        self._retired(occurred_on=on, actor=actor, reason=check_text(reason, "reason"))

    @event("Retired")
    def _retired(self, occurred_on: date, actor: Actor, reason: str) -> None:
        self.active = False

    def rename(self, *, name: object, on: date, actor: Actor) -> None:
        self._renamed(occurred_on=on, actor=actor, name=check_text(name, "name", max_length=200))

    def reorder(self, *, display_order: object, on: date, actor: Actor) -> None:
        """Move the record in pick-lists (地区 第一, 第二 … rather than code order)."""
        self._reordered(
            occurred_on=on,
            actor=actor,
            display_order=check_count(display_order, "display_order", maximum=MAX_DISPLAY_ORDER),
        )

    @event("Reordered")
    def _reordered(self, occurred_on: date, actor: Actor, display_order: int) -> None:
        self.display_order = display_order

    def rename_in_english(self, *, name_en: object, on: date, actor: Actor) -> None:
        """Change the name shown on English pages (empty: the Japanese name is shown there too)."""
        self._renamed_in_english(
            occurred_on=on, actor=actor, name_en=check_text(name_en, "name_en", required=False, max_length=200)
        )

    @event("RenamedInEnglish")
    def _renamed_in_english(self, occurred_on: date, actor: Actor, name_en: str) -> None:
        self.name_en = name_en

    @event("Renamed")
    def _renamed(self, occurred_on: date, actor: Actor, name: str) -> None:
        self.name = name
