"""Consent (同意) on a case: decisions recorded and voided, never leaving a held meeting without it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.consent import ConsentDecision, ConsentRecord, ConsentScope, consent_in_force
from domain.errors import AlreadyExists, InvalidInput, NotFound, TransitionNotAllowed
from domain.validation import MAX_NAME, check_choice, check_choices, check_optional_date, check_text, check_uuid


class Consent(CaseState):
    class ConsentRecorded(CaseEvent):
        consent: ConsentRecord

        def apply(self, aggregate: CaseState) -> None:
            aggregate.consents.append(self.consent)

    class ConsentVoided(CaseEvent):
        consent_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.consents = [c for c in aggregate.consents if c.consent_id != self.consent_id]

    def record_consent(
        self,
        *,
        consent_id: object,
        decision: object,
        scopes: object,
        on: object,
        expires_on: object = None,
        given_by: object = "",
        note: object = "",
        actor: Actor,
        today: date,
    ) -> None:
        """Record a consent decision: given, refused or withdrawn, for one or more scopes."""
        day = self._dated(on, "decided_on", today)
        checked_scopes = check_choices(scopes, ConsentScope, "scopes")
        if not checked_scopes:
            raise InvalidInput("choose what the consent covers", field="scopes")
        expiry = check_optional_date(expires_on, "expires_on")
        if expiry is not None and expiry < day:
            raise InvalidInput("consent cannot expire before it is given", field="expires_on")
        checked_decision = check_choice(decision, ConsentDecision, "decision")
        if expiry is not None and checked_decision != ConsentDecision.GIVEN:
            raise InvalidInput("only given consent can have an expiry date", field="expires_on")
        record = ConsentRecord(
            consent_id=check_uuid(consent_id, "consent_id"),
            decision=checked_decision.value,
            scopes=tuple(s.value for s in checked_scopes),
            decided_on=day,
            expires_on=expiry,
            given_by=check_text(given_by, "given_by", required=False, max_length=MAX_NAME),
            note=check_text(note, "note", required=False),
        )
        if any(c.consent_id == record.consent_id for c in self.consents):
            raise AlreadyExists("that consent record already exists", field="consent_id")
        self._check_meetings_keep_consent(record)
        self.trigger_event(self.ConsentRecorded, occurred_on=day, actor=actor, consent=record)

    def void_consent(self, consent_id: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Void a consent decision recorded by mistake; the history keeps it.

        Refused while a meeting that relied on the case's consent would be left without it.
        """
        checked = check_uuid(consent_id, "consent_id")
        if not any(c.consent_id == checked for c in self.consents):
            raise NotFound("no such consent record on this case, or it has been voided", field="consent_id")
        remaining = [c for c in self.consents if c.consent_id != checked]
        for meeting_id, held_on in sorted(self.meetings_needing_consent.items(), key=lambda m: m[1]):
            if consent_in_force(remaining, ConsentScope.MEETING_DISCUSSION, held_on) is None:
                raise TransitionNotAllowed(
                    f"a meeting on {held_on.isoformat()} relied on this consent; void the meeting record first",
                    field="consent_id",
                    meeting_id=meeting_id,
                    held_on=held_on,
                )
        self.trigger_event(
            self.ConsentVoided,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            consent_id=checked,
            reason=check_text(reason, "reason"),
        )

    def _check_meetings_keep_consent(self, record: ConsentRecord) -> None:
        """Raised when a back-dated decision would leave a meeting that relied on consent without it."""
        consents = [*self.consents, record]
        for meeting_id, held_on in sorted(self.meetings_needing_consent.items(), key=lambda m: m[1]):
            if consent_in_force(consents, ConsentScope.MEETING_DISCUSSION, held_on) is None:
                raise InvalidInput(
                    f"the case was taken up on {held_on.isoformat()} at a meeting that relied on its consent; "
                    "date this decision after that meeting, or void the meeting record first",
                    field="decided_on",
                    meeting_id=meeting_id,
                    held_on=held_on,
                )
