"""Referrals between agencies (つなぎ・引継ぎ), e.g. with a つなぐシート."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from uuid import UUID


class ReferralState(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"


@dataclass(frozen=True)
class Referral:
    referral_id: UUID
    from_agency: str
    to_agency: str
    reason: str
    sent_on: date
    via_sheet: bool
    state: str = ReferralState.SENT.value
    answered_on: date | None = None
    answer_note: str = ""

    def answered(self, state: ReferralState, on: date, note: str) -> Referral:
        return replace(self, state=state.value, answered_on=on, answer_note=note)

    def unanswered(self) -> Referral:
        """The referral as it was before its answer (the answer was voided)."""
        return replace(self, state=ReferralState.SENT.value, answered_on=None, answer_note="")
