"""Use cases of responsibility and transfers (decision 10) and anonymous consultations, mixed into ``Kasane``.

The coordinator a command names must be an active user; the case itself
checks that they belong to the right agency and that the actor may act.
"""

from __future__ import annotations

from domain.actor import Role
from domain.anonymous_consultation import AnonymousConsultation
from domain.application_core import KasaneCore
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
from domain.use_cases import Recorded
from domain.user import User


class CaseworkUseCases(KasaneCore):
    def _caseworker(self, username: object) -> User:
        """An active coordinator or supervisor: who can be given a case (a planner or an admin cannot)."""
        user = self.master(User, self.coordinator(username, "coordinator"), "coordinator")
        if user.role not in (Role.COORDINATOR, Role.SUPERVISOR):
            raise InvalidInput("only a coordinator or a supervisor can be given a case", field="coordinator")
        return user

    def reassign_coordinator(self, cmd: ReassignCoordinator) -> Recorded:
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

    def request_transfer(self, cmd: RequestTransfer) -> Recorded:
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

    def accept_transfer(self, cmd: AcceptTransfer) -> Recorded:
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

    def decline_transfer(self, cmd: DeclineTransfer) -> Recorded:
        case = self.case_for(cmd)
        case.decline_transfer(
            transfer_id=cmd.transfer_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    def withdraw_transfer(self, cmd: WithdrawTransfer) -> Recorded:
        case = self.case_for(cmd)
        case.withdraw_transfer(
            transfer_id=cmd.transfer_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    def record_anonymous_consultation(self, cmd: RecordAnonymousConsultation) -> Recorded:
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

    def mark_urgent_check(self, cmd: MarkUrgentCheck) -> Recorded:
        case = self.case_for(cmd)
        case.mark_urgent_check(
            check_id=cmd.check_id, reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)

    def record_urgent_check(self, cmd: RecordUrgentCheck) -> Recorded:
        case = self.case_for(cmd)
        case.record_urgent_check(
            check_id=cmd.check_id, note=cmd.note, on=cmd.occurred_on, actor=cmd.actor, today=self.today()
        )
        return self._save(case)
