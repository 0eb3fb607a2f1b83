"""Transfers between agencies (decision 10): the lead asks, the receiving agency accepts or declines."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.case_state import CaseEvent, CaseState
from domain.errors import AlreadyExists, InvalidInput, NotFound, TransitionNotAllowed
from domain.transfer import AlreadyLead, NotTheReceivingAgency, Transfer, TransferState
from domain.validation import check_not_future, check_text, check_uuid


class Transfers(CaseState):
    class TransferRequested(CaseEvent):
        transfer: Transfer

        def apply(self, aggregate: CaseState) -> None:
            aggregate.transfers[self.transfer.transfer_id] = self.transfer

    class TransferAccepted(CaseEvent):
        """The receiving agency took the lead with one of its coordinators; the sender stays involved."""

        transfer_id: UUID
        coordinator: str
        note: str

        def apply(self, aggregate: CaseState) -> None:
            transfer = aggregate.transfers[self.transfer_id].answered(
                TransferState.ACCEPTED, self.occurred_on, self.note, self.coordinator
            )
            aggregate.transfers[self.transfer_id] = transfer
            if aggregate.involved_agencies.get(aggregate.lead_agency) == "lead":
                aggregate.involved_agencies[aggregate.lead_agency] = "involved"
            aggregate.lead_agency = transfer.to_agency
            aggregate.coordinator = self.coordinator
            aggregate.involved_agencies[transfer.to_agency] = "lead"

    class TransferDeclined(CaseEvent):
        transfer_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            transfer = aggregate.transfers[self.transfer_id]
            aggregate.transfers[self.transfer_id] = transfer.answered(
                TransferState.DECLINED, self.occurred_on, self.reason
            )

    class TransferWithdrawn(CaseEvent):
        transfer_id: UUID
        reason: str

        def apply(self, aggregate: CaseState) -> None:
            transfer = aggregate.transfers[self.transfer_id]
            aggregate.transfers[self.transfer_id] = transfer.answered(
                TransferState.WITHDRAWN, self.occurred_on, self.reason
            )

    def request_transfer(
        self, *, transfer_id: object, to_agency: str, reason: object, on: object, actor: Actor, today: date
    ) -> None:
        """Ask another agency to take over as lead; nothing changes until it accepts."""
        self._check_open()
        self._check_lead_agency(actor)
        if to_agency == self.lead_agency:
            raise AlreadyLead("the case is already led by that agency", field="to_agency")
        if self.pending_transfer is not None:
            raise TransitionNotAllowed("a transfer request is already waiting for an answer", field="to_agency")
        checked_id = check_uuid(transfer_id, "transfer_id")
        if checked_id in self.transfers:
            raise AlreadyExists("that transfer request already exists", field="transfer_id")
        transfer = Transfer(
            transfer_id=checked_id,
            from_agency=self.lead_agency,
            to_agency=to_agency,
            reason=check_text(reason, "reason"),
            requested_on=self._dated(on, "occurred_on", today),
        )
        self.trigger_event(self.TransferRequested, occurred_on=transfer.requested_on, actor=actor, transfer=transfer)

    def accept_transfer(
        self,
        *,
        transfer_id: object,
        coordinator: str,
        coordinator_agency: str,
        note: object,
        on: object,
        actor: Actor,
        today: date,
    ) -> None:
        """The receiving agency takes the lead with one of its coordinators; the sender stays involved."""
        self._check_open()
        transfer = self._answerable_transfer(transfer_id, actor)
        if coordinator_agency != transfer.to_agency:
            raise InvalidInput("choose a coordinator of the receiving agency", field="coordinator")
        self.trigger_event(
            self.TransferAccepted,
            occurred_on=self._answer_day(transfer, on, today),
            actor=actor,
            transfer_id=transfer.transfer_id,
            coordinator=coordinator,
            note=check_text(note, "note", required=False),
        )

    def decline_transfer(self, *, transfer_id: object, reason: object, on: object, actor: Actor, today: date) -> None:
        """The receiving agency says no, with a reason; the case stays where it is."""
        transfer = self._answerable_transfer(transfer_id, actor)
        self.trigger_event(
            self.TransferDeclined,
            occurred_on=self._answer_day(transfer, on, today),
            actor=actor,
            transfer_id=transfer.transfer_id,
            reason=check_text(reason, "reason"),
        )

    def withdraw_transfer(self, *, transfer_id: object, reason: object, on: object, actor: Actor, today: date) -> None:
        """The sending agency takes back a request that has not been answered."""
        transfer = self._transfer(transfer_id)
        if not transfer.pending:
            raise TransitionNotAllowed("that transfer request has already been answered", field="transfer_id")
        self._check_lead_agency(actor)
        self.trigger_event(
            self.TransferWithdrawn,
            occurred_on=self._answer_day(transfer, on, today),
            actor=actor,
            transfer_id=transfer.transfer_id,
            reason=check_text(reason, "reason"),
        )

    def _transfer(self, transfer_id: object) -> Transfer:
        try:
            return self.transfers[check_uuid(transfer_id, "transfer_id")]
        except KeyError:
            raise NotFound("no such transfer request on this case", field="transfer_id") from None

    def _answerable_transfer(self, transfer_id: object, actor: Actor) -> Transfer:
        transfer = self._transfer(transfer_id)
        if not transfer.pending:
            raise TransitionNotAllowed("that transfer request has already been answered", field="transfer_id")
        if actor.agency_id != transfer.to_agency:
            raise NotTheReceivingAgency("only the receiving agency can answer a transfer request", field="transfer_id")
        return transfer

    def _answer_day(self, transfer: Transfer, on: object, today: date) -> date:
        day = check_not_future(on, "occurred_on", today)
        if day < transfer.requested_on:
            raise InvalidInput("a transfer cannot be answered before it was requested", field="occurred_on")
        return day
