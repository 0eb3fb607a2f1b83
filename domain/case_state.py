"""What a support case remembers, and the checks every part of it shares.

``Case`` (``domain/case.py``) is assembled from one mixin per concept (household, classification,
responsibility, consent, referrals, plans, lifecycle, entries, meetings, urgent checks). Each mixin
declares its events as nested classes whose ``apply`` only assigns: the event classes are redefined on
``Case``, so they are stored under the topics they always had (``domain.case:Case.MemberAdded``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate, CanMutateAggregate

from domain.activity import Entry
from domain.actor import Actor
from domain.consent import ConsentRecord, ConsentScope, consent_in_force
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from domain.household import Member
from domain.lifecycle import CaseStatus
from domain.referral import Referral
from domain.support_plan import PlanVersion
from domain.transfer import NotTheLeadAgency, Transfer
from domain.urgent_check import UrgentCheck
from domain.validation import check_not_future


class CaseEvent(Aggregate.Event):
    """Every event of a case: the business date it happened and who did it (the store adds when it was written)."""

    occurred_on: date
    actor: Actor


class CaseState:
    """The state of a case, set by ``Case.__init__`` and changed only by its events' ``apply``."""

    opened_on: date
    household_name: str
    members: dict[UUID, Member]
    issue_tags: tuple[str, ...]
    area: str
    intake_agency: str
    lead_agency: str
    coordinator: str
    involved_agencies: dict[str, str]
    channel: str
    requester_type: str
    summary: str
    status: CaseStatus
    status_since: date
    closure_reason: str | None
    consents: list[ConsentRecord]
    referrals: dict[UUID, Referral]
    plans: list[PlanVersion]
    next_review_due_on: date | None
    entries: dict[UUID, Entry]
    voided: dict[UUID, str]
    meetings: dict[UUID, date]
    meetings_needing_consent: dict[UUID, date]
    personal_data_erased: bool
    transfers: dict[UUID, Transfer]
    urgent_checks: dict[UUID, UrgentCheck]

    voided_plan_versions: tuple[int, ...] = ()
    """Plan versions voided by mistake (kept in ``plans`` for the history; never current again)."""

    if TYPE_CHECKING:

        @property
        def id(self) -> UUID:
            """Provided by ``Aggregate``."""

        version: int

        def trigger_event(self, event_class: type[CanMutateAggregate[UUID]], **kwargs: Any) -> None:
            """Provided by ``Aggregate``: record the event and apply it."""

    # ---- checks shared by every concept ----------------------------------

    def _check_open(self) -> None:
        if self.status == CaseStatus.CLOSED:
            raise TransitionNotAllowed("the case is closed; reopen it first", field="status")

    def _check_lead_agency(self, actor: Actor) -> None:
        if actor.agency_id != self.lead_agency:
            raise NotTheLeadAgency("only the lead agency can reassign or transfer the case", field="coordinator")

    def _dated(self, on: object, field: str, today: date) -> date:
        """The date of something done on the case: not in the future, not before the case was opened."""
        day = check_not_future(on, field, today)
        if day < self.opened_on:
            raise InvalidInput(
                f"the date cannot be before the case was opened ({self.opened_on.isoformat()})", field=field
            )
        return day

    def _not_before_status(self, day: date) -> date:
        if day < self.status_since:
            raise InvalidInput(
                f"the date cannot be before the current status began ({self.status_since.isoformat()})",
                field="occurred_on",
            )
        return day

    # ---- reading -----------------------------------------------------------

    def consent_in_force(self, scope: ConsentScope, on: date) -> ConsentRecord | None:
        return consent_in_force(self.consents, scope, on)

    @property
    def live_entries(self) -> list[Entry]:
        return [e for i, e in self.entries.items() if i not in self.voided]

    @property
    def current_plan(self) -> PlanVersion | None:
        """The latest version not voided."""
        standing = [p for p in self.plans if p.version not in self.voided_plan_versions]
        return standing[-1] if standing else None

    @property
    def pending_transfer(self) -> Transfer | None:
        return next((t for t in self.transfers.values() if t.pending), None)

    @property
    def open_urgent_check(self) -> UrgentCheck | None:
        return next((c for c in self.urgent_checks.values() if c.open), None)

    def entry(self, entry_id: UUID) -> Entry:
        return self._entry(entry_id)

    def _entry(self, entry_id: UUID) -> Entry:
        if entry_id in self.voided:
            raise NotFound("that entry has been voided", field="entry_id")
        try:
            return self.entries[entry_id]
        except KeyError:
            raise NotFound("no such entry on this case", field="entry_id") from None
