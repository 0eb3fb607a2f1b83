"""Activities logged on a case (相談, アウトリーチ, 参加支援) and their voids and corrections."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TypeVar
from uuid import UUID

from domain.activity import Consultation, Entry, OutreachVisit, Placement, PlacementOutcome
from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.errors import AlreadyExists, InvalidInput, TransitionNotAllowed
from domain.lifecycle import CaseStatus
from domain.validation import check_choice, check_not_future, check_text, check_uuid

E = TypeVar("E", Consultation, OutreachVisit, Placement)


class Entries(CaseState):
    class ConsultationRecorded(CaseEvent):
        consultation: Consultation

        def apply(self, aggregate: CaseState) -> None:
            aggregate.entries[self.consultation.entry_id] = self.consultation

    class OutreachVisitRecorded(CaseEvent):
        visit: OutreachVisit

        def apply(self, aggregate: CaseState) -> None:
            aggregate.entries[self.visit.entry_id] = self.visit

    class PlacementStarted(CaseEvent):
        placement: Placement

        def apply(self, aggregate: CaseState) -> None:
            aggregate.entries[self.placement.entry_id] = self.placement

    class PlacementEnded(CaseEvent):
        entry_id: UUID
        outcome: str
        note: str

        def apply(self, aggregate: CaseState) -> None:
            placement = aggregate.entries[self.entry_id]
            assert isinstance(placement, Placement)
            aggregate.entries[self.entry_id] = replace(placement, ended_on=self.occurred_on, outcome=self.outcome)

    class EntryVoided(CaseEvent):
        """A mistaken entry: it stays in the history but no longer counts."""

        entry_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.voided[self.entry_id] = self.reason

    class EntryCorrected(CaseEvent):
        """The corrected version of an entry replaces it; the history keeps both."""

        entry: Entry
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.entries[self.entry.entry_id] = self.entry

    def record_consultation(self, *, actor: Actor, today: date, **fields: object) -> None:
        """Log a consultation (相談) with the household; fields as ``Consultation.checked``."""
        consultation = self._checked_new_entry(Consultation, fields, today)
        self.trigger_event(
            self.ConsultationRecorded, occurred_on=consultation.occurred_on, actor=actor, consultation=consultation
        )

    def record_outreach(self, *, actor: Actor, today: date, **fields: object) -> None:
        """Log an outreach visit (アウトリーチ), whether or not contact was made."""
        visit = self._checked_new_entry(OutreachVisit, fields, today)
        self.trigger_event(self.OutreachVisitRecorded, occurred_on=visit.occurred_on, actor=actor, visit=visit)

    def start_placement(self, *, actor: Actor, today: date, **fields: object) -> None:
        """Start a participation-support placement (参加支援)."""
        self._check_open()
        placement = self._checked_new_entry(Placement, fields, today, date_field="started_on")
        if placement.ended_on is not None:
            raise InvalidInput("end a placement with end_placement", field="ended_on")
        self.trigger_event(self.PlacementStarted, occurred_on=placement.occurred_on, actor=actor, placement=placement)

    def _checked_new_entry(
        self, kind: type[E], fields: dict[str, object], today: date, date_field: str = "occurred_on"
    ) -> E:
        entry = kind.checked(**fields)  # type: ignore[arg-type]
        if entry.entry_id in self.entries:
            raise AlreadyExists("that entry has already been recorded", field="entry_id")
        self._dated(entry.occurred_on, date_field, today)
        if self.status == CaseStatus.CLOSED and entry.occurred_on > self.status_since:
            raise TransitionNotAllowed(
                f"the case was closed on {self.status_since.isoformat()}; reopen it to record later contacts",
                field=date_field,
            )
        return entry

    def end_placement(
        self, *, entry_id: object, on: object, outcome: object, note: object, actor: Actor, today: date
    ) -> None:
        placement = self._entry(check_uuid(entry_id, "entry_id"))
        if not isinstance(placement, Placement):
            raise InvalidInput("that entry is not a placement", field="entry_id")
        if placement.ended_on is not None:
            raise TransitionNotAllowed("the placement has already ended", field="entry_id")
        day = check_not_future(on, "ended_on", today)
        if day < placement.occurred_on:
            raise InvalidInput("a placement cannot end before it started", field="ended_on")
        self.trigger_event(
            self.PlacementEnded,
            occurred_on=day,
            actor=actor,
            entry_id=placement.entry_id,
            outcome=check_choice(outcome, PlacementOutcome, "outcome").value,
            note=check_text(note, "note", required=False),
        )

    def void_entry(self, entry_id: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Mark a mistaken entry void; it stays in the history but no longer counts."""
        entry = self._entry(check_uuid(entry_id, "entry_id"))
        self.trigger_event(
            self.EntryVoided,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            entry_id=entry.entry_id,
            reason=check_text(reason, "reason"),
        )

    def correct_entry(
        self, entry_id: object, changes: dict[str, object], *, reason: object, on: object, actor: Actor, today: date
    ) -> Entry:
        """Replace a mistaken entry by a corrected version of it, keeping both in history."""
        original = self._entry(check_uuid(entry_id, "entry_id"))
        if "entry_id" in changes:
            raise InvalidInput("an entry's id cannot be corrected", field="entry_id")
        fields = {f: getattr(original, f) for f in original.__dataclass_fields__}
        unknown = set(changes) - set(fields)
        if unknown:
            raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}", field="changes")
        corrected = type(original).checked(**{**fields, **changes})
        self._dated(corrected.occurred_on, "occurred_on", today)
        if isinstance(corrected, Placement):
            _check_placement_correction(original, corrected, today)
        if corrected == original:
            raise InvalidInput("the correction changes nothing", field="changes")
        self.trigger_event(
            self.EntryCorrected,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            entry=corrected,
            reason=check_text(reason, "reason"),
        )
        return corrected


def _check_placement_correction(original: Entry, corrected: Placement, today: date) -> None:
    """Ending or un-ending a placement is a change of state with its own event, not a correction."""
    assert isinstance(original, Placement)
    if (original.ended_on is None) != (corrected.ended_on is None):
        raise InvalidInput("end a placement with end_placement, not by correcting it", field="ended_on")
    if corrected.ended_on is not None:
        check_not_future(corrected.ended_on, "ended_on", today)
