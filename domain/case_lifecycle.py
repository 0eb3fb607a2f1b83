"""The lifecycle of a case (受付 → … → 終結): status changes, closing and reopening."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.errors import TransitionNotAllowed
from domain.lifecycle import ALLOWED, CaseStatus, ClosureReason, check_transition
from domain.validation import check_choice, check_not_future, check_text


class Lifecycle(CaseState):
    class StatusChanged(CaseEvent):
        from_status: str
        to_status: str
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.status = CaseStatus(self.to_status)
            aggregate.status_since = self.occurred_on

    class Closed(CaseEvent):
        """終結, with a reason code; ``meeting_id`` names the meeting that decided it."""

        from_status: str
        reason: str
        note: str
        meeting_id: UUID | None = None

        def apply(self, aggregate: CaseState) -> None:
            aggregate.status = CaseStatus.CLOSED
            aggregate.status_since = self.occurred_on
            aggregate.closure_reason = self.reason

    class Reopened(CaseEvent):
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.status = CaseStatus.INTAKE
            aggregate.status_since = self.occurred_on
            aggregate.closure_reason = None

    def change_status(self, status: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Move along the lifecycle; closing goes through ``close`` so that it has a reason code."""
        target = check_choice(status, CaseStatus, "status")
        if target == CaseStatus.CLOSED:
            raise TransitionNotAllowed("use close to close a case", field="status")
        self._check_open()
        check_transition(self.status, target)
        day = self._not_before_status(check_not_future(on, "occurred_on", today))
        self._change_status(target, day, actor, reason=check_text(reason, "reason", required=False))

    def close(
        self, *, reason: object, note: object, on: object, actor: Actor, today: date, meeting_id: UUID | None = None
    ) -> None:
        """Close the case (終結) with a reason code and a note; ``meeting_id`` names the meeting that decided it."""
        self._check_open()
        day = self._not_before_status(check_not_future(on, "occurred_on", today))
        self.trigger_event(
            self.Closed,
            occurred_on=day,
            actor=actor,
            from_status=self.status.value,
            reason=check_choice(reason, ClosureReason, "reason").value,
            note=check_text(note, "note", required=False),
            meeting_id=meeting_id,
        )

    def reopen(self, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Reopen a closed case; it starts again at intake."""
        if self.status != CaseStatus.CLOSED:
            raise TransitionNotAllowed("only a closed case can be reopened", field="status")
        day = self._not_before_status(check_not_future(on, "occurred_on", today))
        self.trigger_event(self.Reopened, occurred_on=day, actor=actor, reason=check_text(reason, "reason"))

    def _move_with_plan(
        self, source: CaseStatus | tuple[CaseStatus, ...], target: CaseStatus, day: date, actor: Actor
    ) -> None:
        """The status change a plan brings: only from ``source``, and not dated before the current status began."""
        sources = source if isinstance(source, tuple) else (source,)
        if self.status in sources and target in ALLOWED[self.status] and day >= self.status_since:
            self._change_status(target, day, actor, reason="")

    def _change_status(self, target: CaseStatus, day: date, actor: Actor, *, reason: str) -> None:
        self.trigger_event(
            self.StatusChanged,
            occurred_on=day,
            actor=actor,
            from_status=self.status.value,
            to_status=target.value,
            reason=reason,
        )
