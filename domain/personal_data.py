"""Which fields of which events are personal data, and how they are sealed with the case's own key.

Personal values (names, kana, birth dates, free-text notes about the
household) are encrypted field by field with a data key that belongs to one
case (crypto-shredding): destroying that key makes every copy in the log,
in exports and in backups unreadable at once, while the codes, dates and ids
that indicator counts need stay readable, so rebuilt read models and past
reports still give the same numbers after an erasure.

The domain says *what* is personal and *whose* it is; the key store that
holds the keys (and does the I/O) is injected as ``CaseKeys``.
"""

from __future__ import annotations

import base64
import copy
import dataclasses
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoding

from domain.case import Case
from domain.meeting import SupportMeeting

ERASED = "（消去済み）"
"""What an erased text reads as; an erased date reads as None."""

DATE_FIELDS = frozenset({"birth_date"})
"""Personal fields holding dates (their placeholder is None, not text)."""

_MEMBER = ("name", "kana", "birth_date")

PERSONAL_FIELDS: dict[type[Any], tuple[str, ...]] = {
    Case.Opened: ("household_name", "summary", *(f"members.*.{f}" for f in _MEMBER)),
    Case.MemberAdded: tuple(f"member.{f}" for f in _MEMBER),
    Case.MemberUpdated: tuple(f"member.{f}" for f in _MEMBER),
    Case.MemberRemoved: ("reason",),
    Case.AgencyReleased: ("reason",),
    Case.StatusChanged: ("reason",),
    Case.Closed: ("note",),
    Case.Reopened: ("reason",),
    Case.ConsentRecorded: ("consent.given_by", "consent.note"),
    Case.ReferralSent: ("referral.reason", "referral.answer_note"),
    Case.ReferralAccepted: ("note",),
    Case.ReferralDeclined: ("reason",),
    Case.PlanMade: ("plan.goals.*", "plan.actions.*.description", "plan.reason", "plan.actions.*.person"),
    Case.PlanRevised: ("plan.goals.*", "plan.actions.*.description", "plan.reason", "plan.actions.*.person"),
    Case.PlanReviewed: ("findings",),
    Case.ConsultationRecorded: ("consultation.summary",),
    Case.OutreachVisitRecorded: ("visit.note",),
    Case.PlacementStarted: ("placement.note",),
    Case.PlacementEnded: ("note",),
    Case.EntryVoided: ("reason",),
    Case.EntryCorrected: ("entry.summary", "entry.note", "reason"),
    Case.ReferralVoided: ("reason",),
    Case.ConsentVoided: ("reason",),
    Case.ReferralAnswerVoided: ("reason",),
    Case.PlanVoided: ("reason",),
    SupportMeeting.Held: (
        "discussions.*.decisions",
        "discussions.*.role_allocation",
        "action_items.*.description",
    ),
    Case.Assigned: ("reason",),
    Case.TransferRequested: ("transfer.reason", "transfer.answer_note"),
    Case.TransferAccepted: ("note",),
    Case.TransferDeclined: ("reason",),
    Case.TransferWithdrawn: ("reason",),
    Case.UrgentCheckMarked: ("reason",),
    Case.UrgentCheckDone: ("note",),
}
"""Personal fields by event class, as dotted paths (``*`` = every element of a tuple).

A value belongs to the case named by the nearest enclosing value with a
``case_id`` (a meeting's discussion or action item), else to the case whose
event it is. Decided as not personal, and stored in clear: codes, dates of
what was done, agency and area codes, counts, the erasure reason, and the
meeting-level title, summary and notes (a record of the meeting as a whole:
the meeting forms ask for no names there, and they have no single owner case).
"""


class CaseKeys(Protocol):
    """The per-case data keys (kept apart from the events, by the infrastructure)."""

    def encrypt(self, case_id: UUID, plaintext: bytes) -> bytes:
        """Encrypt with the case's key, creating it on first use; raises ``CaseErased`` if it was destroyed."""
        ...

    def decrypt(self, case_id: UUID, ciphertext: bytes) -> bytes | None:
        """The plaintext, or None when the case's key has been destroyed."""
        ...

    def destroy(self, case_id: UUID) -> bool:
        """Destroy the case's key for ever; False if there was none left to destroy."""
        ...

    def prefetch(self, case_ids: Collection[UUID]) -> None:
        """Read the keys of these cases at once, before their events are decoded (a command's cases)."""
        ...

    def close(self) -> None:
        """Release the store's connections."""
        ...

    def search_key(self) -> bytes:
        """The key under which the case search indexes names (keyed hashes, never the names themselves)."""
        ...


@dataclass(frozen=True)
class Personal:
    """A personal value on its way to the store, with the case whose key seals it."""

    case_id: UUID
    value: str | date


class SealedPersonalValue(Transcoding):
    """Stores a ``Personal`` as ciphertext under its case's key; reads it back, or a placeholder once erased."""

    type = Personal
    name = "personal"

    def __init__(self, keys: CaseKeys) -> None:
        self.keys = keys

    def encode(self, obj: Personal) -> dict[str, str]:
        is_date = isinstance(obj.value, date)
        text = obj.value.isoformat() if isinstance(obj.value, date) else obj.value
        sealed = self.keys.encrypt(obj.case_id, text.encode("utf-8"))
        return {
            "case": str(obj.case_id),
            "kind": "date" if is_date else "str",
            "sealed": base64.b64encode(sealed).decode("ascii"),
        }

    def decode(self, data: dict[str, str]) -> str | date | None:
        plain = self.keys.decrypt(UUID(data["case"]), base64.b64decode(data["sealed"]))
        if data["kind"] == "date":
            return None if plain is None else date.fromisoformat(plain.decode("utf-8"))
        return ERASED if plain is None else plain.decode("utf-8")


class PersonalDataMapper(Mapper[UUID]):
    """Seals an event's personal fields with their cases' keys before the usual transcoding."""

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        paths = PERSONAL_FIELDS.get(type(domain_event))
        if not paths:
            return super().to_stored_event(domain_event)
        owner = domain_event.originator_id if isinstance(domain_event, Case.Event) else None
        state = _sealed(dict(vars(domain_event)), paths, owner)
        sealed_event = object.__new__(type(domain_event))
        object.__setattr__(sealed_event, "__dict__", state)
        return super().to_stored_event(sealed_event)


def _sealed(state: dict[str, Any], paths: tuple[str, ...], owner: UUID | None) -> dict[str, Any]:
    def seal(value: Any, case_id: UUID | None) -> Any:
        if case_id is None or value is None or value == "" or not isinstance(value, str | date):
            return value
        return Personal(case_id=case_id, value=value)

    for path in paths:
        state = _rewrite(state, path.split("."), owner, seal)
    return state


def redact(event_class: type[Any] | None, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (an event's fields as JSON-ready values) with its personal values replaced by placeholders.

    Read models that copied an event's fields call this when the case's
    personal data is erased, so that their rows equal a rebuild from the log.
    """
    result = data
    for path in PERSONAL_FIELDS.get(event_class, ()) if event_class is not None else ():
        is_date = path.rsplit(".", 1)[-1] in DATE_FIELDS
        result = _rewrite(result, path.split("."), None, _blank_date if is_date else _blank_text)
    return result


def _blank_text(value: Any, _: UUID | None) -> Any:
    return value if value is None or value == "" else ERASED


def _blank_date(value: Any, _: UUID | None) -> Any:
    return None


def _rewrite(container: Any, steps: list[str], owner: UUID | None, change: Callable[[Any, UUID | None], Any]) -> Any:
    """A copy of ``container`` with ``change`` applied at ``steps`` (dicts, dataclasses and sequences)."""
    owner = _owner(container, owner)
    step, rest = steps[0], steps[1:]
    if step == "*":
        if not isinstance(container, list | tuple):
            return container
        items = [change(v, owner) if not rest else _rewrite(v, rest, owner, change) for v in container]
        return type(container)(items)
    if isinstance(container, dict):
        if step not in container:
            return container
        value = container[step]
        return {**container, step: change(value, owner) if not rest else _rewrite(value, rest, owner, change)}
    if dataclasses.is_dataclass(container) and not isinstance(container, type) and hasattr(container, step):
        value = getattr(container, step)
        updated = copy.copy(container)
        object.__setattr__(updated, step, change(value, owner) if not rest else _rewrite(value, rest, owner, change))
        return updated
    return container


def _owner(container: Any, owner: UUID | None) -> UUID | None:
    """The case a value belongs to: the nearest enclosing ``case_id``, else the event's case."""
    found = getattr(container, "case_id", None)
    return found if isinstance(found, UUID) else owner
