"""Moving lead responsibility for a case to another agency (主担当機関の移管, decision 10).

A transfer is asked for by the lead agency and takes effect only when the
receiving agency accepts it and names its coordinator; until then nothing
about the case changes. Declining needs a reason; the sender may withdraw a
request that has not been answered. At most one request is pending at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidInput, TransitionNotAllowed


class TransferState(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class AlreadyLead(InvalidInput):
    """Raised when a transfer is asked for to the agency that already leads the case."""

    code = "already_lead"


class NotTheLeadAgency(TransitionNotAllowed):
    """Raised when someone outside the case's lead agency asks to move it or reassign it."""

    code = "not_lead_agency"


class NotTheReceivingAgency(TransitionNotAllowed):
    """Raised when someone outside the receiving agency answers a transfer request."""

    code = "not_receiving_agency"


@dataclass(frozen=True)
class Transfer:
    transfer_id: UUID
    from_agency: str
    to_agency: str
    reason: str
    requested_on: date
    state: str = TransferState.REQUESTED.value
    answered_on: date | None = None
    answer_note: str = ""
    coordinator: str = ""
    """The receiving agency's coordinator, named when it accepts."""

    @property
    def pending(self) -> bool:
        return self.state == TransferState.REQUESTED.value

    def answered(self, state: TransferState, on: date, note: str, coordinator: str = "") -> Transfer:
        return replace(self, state=state.value, answered_on=on, answer_note=note, coordinator=coordinator)
