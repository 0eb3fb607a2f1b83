"""Urgent checks (48時間以内の状況確認): the household must be seen within 48 hours."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.errors import AlreadyExists, InvalidInput, NotFound, TransitionNotAllowed
from domain.urgent_check import UrgentCheck, due_date
from domain.validation import check_not_future, check_text, check_uuid


class UrgentChecks(CaseState):
    class UrgentCheckMarked(CaseEvent):
        check_id: UUID
        due_on: date
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            check = UrgentCheck(check_id=self.check_id, marked_on=self.occurred_on, due_on=self.due_on)
            aggregate.urgent_checks[self.check_id] = check

    class UrgentCheckDone(CaseEvent):
        check_id: UUID
        note: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.urgent_checks[self.check_id] = aggregate.urgent_checks[self.check_id].done(self.occurred_on)

    def mark_urgent_check(self, *, check_id: object, reason: object, on: object, actor: Actor, today: date) -> None:
        """Mark that the household must be seen within 48 hours of ``on`` (the day the information came in)."""
        self._check_open()
        day = self._dated(on, "occurred_on", today)
        checked_id = check_uuid(check_id, "check_id")
        if checked_id in self.urgent_checks:
            raise AlreadyExists("that urgent check already exists", field="check_id")
        if any(c.open for c in self.urgent_checks.values()):
            raise TransitionNotAllowed("an urgent check is already waiting on this case", field="check_id")
        self.trigger_event(
            self.UrgentCheckMarked,
            occurred_on=day,
            actor=actor,
            check_id=checked_id,
            due_on=due_date(day),
            reason=check_text(reason, "reason"),
        )

    def record_urgent_check(self, *, check_id: object, note: object, on: object, actor: Actor, today: date) -> None:
        """Record that the situation was checked; the check leaves the caseload's list."""
        check = self.urgent_checks.get(check_uuid(check_id, "check_id"))
        if check is None:
            raise NotFound("no such urgent check on this case", field="check_id")
        if not check.open:
            raise TransitionNotAllowed("that urgent check has already been recorded", field="check_id")
        day = check_not_future(on, "occurred_on", today)
        if day < check.marked_on:
            raise InvalidInput("the check cannot be dated before it was asked for", field="occurred_on")
        self.trigger_event(
            self.UrgentCheckDone, occurred_on=day, actor=actor, check_id=check.check_id, note=check_text(note, "note")
        )
