"""Commands of everyday case handling added with issue 11 §4: responsibility, transfers, urgent checks,
anonymous consultations. Kept beside ``domain.commands`` (same base classes) so each stays small."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.commands import CaseCommand, Command


@dataclass(frozen=True, kw_only=True)
class ReassignCoordinator(CaseCommand):
    """Give the case to another coordinator of its lead agency (one step, decision 10)."""

    coordinator: str
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class RequestTransfer(CaseCommand):
    """Ask another agency to become the lead agency; nothing changes until it accepts."""

    transfer_id: UUID
    to_agency: str
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class AcceptTransfer(CaseCommand):
    transfer_id: UUID
    coordinator: str
    occurred_on: date
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DeclineTransfer(CaseCommand):
    transfer_id: UUID
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class WithdrawTransfer(CaseCommand):
    transfer_id: UUID
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class RecordAnonymousConsultation(Command):
    """A consultation taken without opening a case; it holds no personal data (decision 13)."""

    consultation_id: UUID
    occurred_on: date
    agency: str
    channel: str
    handler_role: str
    issue_tags: tuple[str, ...] = ()
    topic: str = ""
    """An optional non-personal topic category (``domain.anonymous_consultation.Topic``)."""


@dataclass(frozen=True, kw_only=True)
class MarkUrgentCheck(CaseCommand):
    """The household must be seen within 48 hours of ``occurred_on`` (the day the information came in)."""

    check_id: UUID
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class RecordUrgentCheck(CaseCommand):
    check_id: UUID
    note: str
    occurred_on: date
