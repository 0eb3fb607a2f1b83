"""Use cases of responsibility and transfers (decision 10) and anonymous consultations, mixed into ``Kasane``.

The coordinator a command names must be an active user; the case itself
checks that they belong to the right agency and that the actor may act.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.actor import Role
from domain.anonymous_consultation import AnonymousConsultation
from domain.casework_commands import (
    AcceptTransfer,
    DeclineTransfer,
    MarkUrgentCheck,
    ReassignCoordinator,
    RecordAnonymousConsultation,
    RecordUrgentCheck,
    RequestTransfer,
    WithdrawTransfer,
)
from domain.errors import InvalidInput
from domain.use_cases import Host, Recorded, handles
from domain.user import User

if TYPE_CHECKING:
    from domain.application import Kasane


class CaseworkUseCases:
    def _caseworker(self: Host, username: object) -> User:
        """An active coordinator or supervisor: who can be given a case (a planner or an admin cannot)."""
        user = self.master(User, self.coordinator(username, "coordinator"), "coordinator")
        if user.role not in (Role.COORDINATOR, Role.SUPERVISOR):
            raise InvalidInput("only a coordinator or a supervisor can be given a case", field="coordinator")
        return user

    @handles(ReassignCoordinator)
    def reassign_coordinator(self: Kasane, cmd: ReassignCoordinator) -> Recorded:
        case = self.case_for(cmd)
        coordinator = self._caseworker(cmd.coordinator)
        case.reassign(
            coordinator=coordinator.code,
            coordinator_agency=coordinator.agency,
            reason=cmd.reason,
            on=cmd.occurred_on,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    @handles(RequestTransfer)
    def request_transfer(self: Kasane, cmd: RequestTransfer) -> Recorded:
        case = self.case_for(cmd)
        case.request_transfer(
            transfer_id=cmd.transfer_id,
            to_agency=self.agency(cmd.to_agency, "to_agency"),
            reason=cmd.reason,
            on=cmd.occurred_on,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    @handles(AcceptTransfer)
    def accept_transfer(self: Kasane, cmd: AcceptTransfer) -> Recorded:
        case = self.case_for(cmd)
        coordinator = self._caseworker(cmd.coordinator)
        case.accept_transfer(
            transfer_id=cmd.transfer_id,
            coordinator=coordinator.code,
            coordinator_agency=coordinator.agency,
            note=cmd.note,
            on=cmd.occurred_on,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._save(case)

    @handles(DeclineTransfer)
    def decline_transfer(self: Kasane, cmd: DeclineTransfer) -> Recorded:
        case = self.case_for(cmd)
        case.decline_transfer(
            transfer_id=cmd.transfer_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    @handles(WithdrawTransfer)
    def withdraw_transfer(self: Kasane, cmd: WithdrawTransfer) -> Recorded:
        case = self.case_for(cmd)
        case.withdraw_transfer(
            transfer_id=cmd.transfer_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    @handles(RecordAnonymousConsultation)
    def record_anonymous_consultation(self: Kasane, cmd: RecordAnonymousConsultation) -> Recorded:
        consultation = AnonymousConsultation.record(
            consultation_id=cmd.consultation_id,
            occurred_on=cmd.occurred_on,
            agency=self.agency(cmd.agency, "agency"),
            channel=cmd.channel,
            handler_role=cmd.handler_role,
            issue_tags=cmd.issue_tags,
            topic=cmd.topic,
            actor=cmd.actor,
            today=self.today(),
        )
        return self._create(consultation, "anonymous consultation")

    @handles(MarkUrgentCheck)
    def mark_urgent_check(self: Kasane, cmd: MarkUrgentCheck) -> Recorded:
        case = self.case_for(cmd)
        case.mark_urgent_check(
            check_id=cmd.check_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    @handles(RecordUrgentCheck)
    def record_urgent_check(self: Kasane, cmd: RecordUrgentCheck) -> Recorded:
        case = self.case_for(cmd)
        case.record_urgent_check(
            check_id=cmd.check_id, note=cmd.note, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)
