"""What the case knows of the meetings that discussed it (written with the meeting's own save)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState


class Meetings(CaseState):
    class DiscussedAtMeeting(CaseEvent):
        """``consent_required``: the meeting relied on the case's consent (a later decision may not take it away)."""

        meeting_id: UUID
        meeting_type: str
        outcome: str
        consent_required: bool = False

        def apply(self, aggregate: CaseState) -> None:
            aggregate.meetings[self.meeting_id] = self.occurred_on
            if self.consent_required:
                aggregate.meetings_needing_consent[self.meeting_id] = self.occurred_on

    class DiscussionWithdrawn(CaseEvent):
        meeting_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.meetings.pop(self.meeting_id, None)
            aggregate.meetings_needing_consent.pop(self.meeting_id, None)

    def note_discussion(
        self,
        *,
        meeting_id: UUID,
        meeting_type: str,
        held_on: date,
        outcome: str,
        actor: Actor,
        consent_required: bool = False,
    ) -> None:
        """Record on the case that a meeting discussed it (called with the meeting's own save).

        ``consent_required`` says the meeting relied on the case's consent; a
        later decision dated on or before that meeting may then not take it away.
        """
        self.trigger_event(
            self.DiscussedAtMeeting,
            occurred_on=held_on,
            actor=actor,
            meeting_id=meeting_id,
            meeting_type=meeting_type,
            outcome=outcome,
            consent_required=consent_required,
        )

    def withdraw_discussion(self, *, meeting_id: UUID, reason: str, on: date, actor: Actor) -> None:
        """Undo ``note_discussion`` when the meeting record is voided or the case was listed by mistake."""
        if meeting_id in self.meetings:
            self.trigger_event(
                self.DiscussionWithdrawn, occurred_on=on, actor=actor, meeting_id=meeting_id, reason=reason
            )
