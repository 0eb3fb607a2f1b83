"""Referrals (つなぎ) from one agency to another, their answers, and voids of either."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.errors import AlreadyExists, InvalidInput, NotFound, TransitionNotAllowed
from domain.referral import Referral, ReferralState
from domain.validation import check_bool, check_not_future, check_text, check_uuid


class Referrals(CaseState):
    class ReferralSent(CaseEvent):
        referral: Referral

        def apply(self, aggregate: CaseState) -> None:
            aggregate.referrals[self.referral.referral_id] = self.referral

    class ReferralAccepted(CaseEvent):
        """Accepting involves the receiving agency in the case."""

        referral_id: UUID
        note: str

        def apply(self, aggregate: CaseState) -> None:
            referral = aggregate.referrals[self.referral_id].answered(
                ReferralState.ACCEPTED, self.occurred_on, self.note
            )
            aggregate.referrals[self.referral_id] = referral
            aggregate.involved_agencies.setdefault(referral.to_agency, "involved")

    class ReferralDeclined(CaseEvent):
        referral_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            referral = aggregate.referrals[self.referral_id]
            aggregate.referrals[self.referral_id] = referral.answered(
                ReferralState.DECLINED, self.occurred_on, self.reason
            )

    class ReferralVoided(CaseEvent):
        referral_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            del aggregate.referrals[self.referral_id]

    class ReferralAnswerVoided(CaseEvent):
        referral_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            aggregate.referrals[self.referral_id] = aggregate.referrals[self.referral_id].unanswered()

    def send_referral(
        self,
        *,
        referral_id: object,
        from_agency: str,
        to_agency: str,
        reason: object,
        via_sheet: object,
        on: object,
        actor: Actor,
        today: date,
    ) -> None:
        """Refer the household from one agency to another (つなぎ)."""
        self._check_open()
        if from_agency == to_agency:
            raise InvalidInput("an agency cannot refer a case to itself", field="to_agency")
        referral = Referral(
            referral_id=check_uuid(referral_id, "referral_id"),
            from_agency=from_agency,
            to_agency=to_agency,
            reason=check_text(reason, "reason"),
            sent_on=self._dated(on, "sent_on", today),
            via_sheet=check_bool(via_sheet, "via_sheet"),
        )
        if referral.referral_id in self.referrals:
            raise AlreadyExists("that referral already exists", field="referral_id")
        self.trigger_event(self.ReferralSent, occurred_on=referral.sent_on, actor=actor, referral=referral)

    def answer_referral(
        self, *, referral_id: object, accepted: object, note: object, on: object, actor: Actor, today: date
    ) -> None:
        """Accept or decline a referral; declining needs a reason. Accepting involves the agency."""
        referral = self._referral(referral_id)
        if referral.state != ReferralState.SENT:
            raise TransitionNotAllowed("that referral has already been answered", field="referral_id")
        is_accepted = check_bool(accepted, "accepted")
        day = check_not_future(on, "answered_on", today)
        if day < referral.sent_on:
            raise InvalidInput("a referral cannot be answered before it was sent", field="answered_on")
        text = check_text(note, "note", required=not is_accepted)
        answer = dict(occurred_on=day, actor=actor, referral_id=referral.referral_id)
        if is_accepted:
            self.trigger_event(self.ReferralAccepted, **answer, note=text)
        else:
            self.trigger_event(self.ReferralDeclined, **answer, reason=text)

    def void_referral(self, referral_id: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Void a referral sent by mistake, with its answer if any; the history keeps both.

        An agency that accepted it stays involved in the case: releasing it is a step of its own.
        """
        referral = self._referral(referral_id)
        self.trigger_event(
            self.ReferralVoided,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            referral_id=referral.referral_id,
            reason=check_text(reason, "reason"),
        )

    def void_referral_answer(
        self, referral_id: object, *, reason: object, on: object, actor: Actor, today: date
    ) -> None:
        """Void an answer recorded by mistake: the referral awaits its answer again."""
        referral = self._referral(referral_id)
        if referral.state == ReferralState.SENT:
            raise TransitionNotAllowed("that referral has not been answered", field="referral_id")
        self.trigger_event(
            self.ReferralAnswerVoided,
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            referral_id=referral.referral_id,
            reason=check_text(reason, "reason"),
        )

    def _referral(self, referral_id: object) -> Referral:
        try:
            return self.referrals[check_uuid(referral_id, "referral_id")]
        except KeyError:
            raise NotFound("no such referral on this case", field="referral_id") from None
