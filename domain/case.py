"""The support case (支援ケース): one household and everything done for it.

Public methods validate and derive; the private ``@event`` methods only
assign, because they run again every time the case is read from the log.
Every event records the business date it happened (``occurred_on``) and the
acting user (``actor``); the store's timestamp records when it was written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.activity import (
    Channel,
    Consultation,
    Entry,
    OutreachVisit,
    Placement,
    PlacementOutcome,
    RequesterType,
)
from domain.actor import Actor
from domain.consent import ConsentDecision, ConsentRecord, ConsentScope, consent_in_force
from domain.errors import (
    AlreadyExists,
    ConcurrentChange,
    ConsentRequired,
    InvalidInput,
    NotFound,
    TransitionNotAllowed,
)
from domain.household import Member
from domain.issue_tags import IssueTag
from domain.lifecycle import ALLOWED, CaseStatus, ClosureReason, check_transition
from domain.referral import Referral, ReferralState
from domain.support_plan import PlanAction, PlanType, PlanVersion
from domain.transfer import AlreadyLead, NotTheLeadAgency, NotTheReceivingAgency, Transfer, TransferState
from domain.urgent_check import UrgentCheck, due_date
from domain.validation import (
    MAX_NAME,
    check_at_most,
    check_bool,
    check_choice,
    check_choices,
    check_not_future,
    check_optional_date,
    check_text,
    check_uuid,
)

E = TypeVar("E", Consultation, OutreachVisit, Placement)


class Case(Aggregate):
    """A household receiving multi-agency support."""

    # ---- opening ---------------------------------------------------------

    @event("Opened")
    def __init__(
        self,
        id: UUID,  # noqa: A002 - eventsourcing's name for a given aggregate id
        occurred_on: date,
        actor: Actor,
        household_name: str,
        members: tuple[Member, ...],
        issue_tags: tuple[str, ...],
        area: str,
        intake_agency: str,
        lead_agency: str,
        coordinator: str,
        channel: str,
        requester_type: str,
        summary: str,
    ) -> None:
        self.opened_on = occurred_on
        self.household_name = household_name
        self.members: dict[UUID, Member] = {m.member_id: m for m in members}
        self.issue_tags = tuple(issue_tags)
        self.area = area
        self.intake_agency = intake_agency
        self.lead_agency = lead_agency
        self.coordinator = coordinator
        self.involved_agencies: dict[str, str] = {lead_agency: "lead"}
        if intake_agency != lead_agency:
            self.involved_agencies[intake_agency] = "intake"
        self.channel = channel
        self.requester_type = requester_type
        self.summary = summary
        self.status = CaseStatus.INTAKE
        self.status_since = occurred_on
        self.closure_reason: str | None = None
        self.consents: list[ConsentRecord] = []
        self.referrals: dict[UUID, Referral] = {}
        self.plans: list[PlanVersion] = []
        self.next_review_due_on: date | None = None
        self.entries: dict[UUID, Entry] = {}
        self.voided: dict[UUID, str] = {}
        self.meetings: dict[UUID, date] = {}
        self.meetings_needing_consent: dict[UUID, date] = {}
        self.personal_data_erased = False
        self.transfers: dict[UUID, Transfer] = {}
        self.urgent_checks: dict[UUID, UrgentCheck] = {}

    @classmethod
    def open(
        cls,
        *,
        case_id: object,
        opened_on: object,
        actor: Actor,
        household_name: object,
        members: list[Member] | tuple[Member, ...],
        issue_tags: object,
        area: str,
        intake_agency: str,
        lead_agency: str,
        coordinator: str,
        channel: object,
        requester_type: object,
        summary: object,
        today: date,
    ) -> Case:
        """Open a case at intake (受付). Agencies, area and coordinator are checked by the caller."""
        if not isinstance(members, list | tuple) or not members:
            raise InvalidInput("a case needs at least one household member", field="members")
        checked_members = tuple(_checked_member(m, today, "members") for m in check_at_most(tuple(members), "members"))
        ids = [m.member_id for m in checked_members]
        if len(set(ids)) != len(ids):
            raise InvalidInput("household members must have distinct ids", field="members")
        return cls(
            id=check_uuid(case_id, "case_id"),
            occurred_on=check_not_future(opened_on, "opened_on", today),
            actor=actor,
            household_name=check_text(household_name, "household_name", max_length=MAX_NAME),
            members=checked_members,
            issue_tags=_tags(issue_tags),
            area=area,
            intake_agency=intake_agency,
            lead_agency=lead_agency,
            coordinator=coordinator,
            channel=check_choice(channel, Channel, "channel").value,
            requester_type=check_choice(requester_type, RequesterType, "requester_type").value,
            summary=check_text(summary, "summary", required=False),
        )

    # ---- household -------------------------------------------------------

    def add_member(self, member: object, *, on: object, actor: Actor, today: date) -> None:
        checked = _checked_member(member, today, "member")
        if checked.member_id in self.members:
            raise AlreadyExists("that member is already in the household", field="member_id")
        check_at_most((*self.members, checked.member_id), "members")
        self._member_added(occurred_on=self._dated(on, "occurred_on", today), actor=actor, member=checked)

    @event("MemberAdded")
    def _member_added(self, occurred_on: date, actor: Actor, member: Member) -> None:
        self.members[member.member_id] = member

    def update_member(self, member: object, *, on: object, actor: Actor, today: date) -> None:
        """Replace a member's details (a correction or a change such as a new surname)."""
        checked = _checked_member(member, today, "member")
        if self._member(checked.member_id) == checked:
            raise InvalidInput("the update changes nothing", field="member")
        self._member_updated(occurred_on=self._dated(on, "occurred_on", today), actor=actor, member=checked)

    @event("MemberUpdated")
    def _member_updated(self, occurred_on: date, actor: Actor, member: Member) -> None:
        self.members[member.member_id] = member

    def remove_member(self, member_id: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        member = self._member(check_uuid(member_id, "member_id"))
        if len(self.members) == 1:
            raise InvalidInput("the last household member cannot be removed", field="member_id")
        self._member_removed(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            member_id=member.member_id,
            reason=check_text(reason, "reason"),
        )

    @event("MemberRemoved")
    def _member_removed(self, occurred_on: date, actor: Actor, member_id: UUID, reason: str) -> None:
        del self.members[member_id]

    def _member(self, member_id: UUID) -> Member:
        try:
            return self.members[member_id]
        except KeyError:
            raise NotFound("no such household member", field="member_id") from None

    # ---- classification and responsibility -------------------------------

    def tag_issues(self, issue_tags: object, *, on: object, actor: Actor, today: date) -> None:
        tags = _tags(issue_tags)
        if not tags:
            raise InvalidInput("choose at least one issue", field="issue_tags")
        if set(tags) == set(self.issue_tags):
            raise InvalidInput("the case already has exactly those issues", field="issue_tags")
        self._issues_tagged(occurred_on=self._dated(on, "occurred_on", today), actor=actor, issue_tags=tags)

    @event("IssuesTagged")
    def _issues_tagged(self, occurred_on: date, actor: Actor, issue_tags: tuple[str, ...]) -> None:
        self.issue_tags = tuple(issue_tags)

    def move_to_area(self, area: str, *, on: object, actor: Actor, today: date) -> None:
        if area == self.area:
            raise InvalidInput("the case is already in that area", field="area")
        self._area_changed(occurred_on=self._dated(on, "occurred_on", today), actor=actor, area=area)

    @event("AreaChanged")
    def _area_changed(self, occurred_on: date, actor: Actor, area: str) -> None:
        self.area = area

    def assign(self, *, coordinator: str, lead_agency: str, on: object, actor: Actor, today: date) -> None:
        """Hand the case to a coordinator and lead agency (the old lead stays involved)."""
        if (coordinator, lead_agency) == (self.coordinator, self.lead_agency):
            raise InvalidInput("the case is already assigned that way", field="coordinator")
        self._assigned(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            coordinator=coordinator,
            lead_agency=lead_agency,
        )

    @event("Assigned")
    def _assigned(self, occurred_on: date, actor: Actor, coordinator: str, lead_agency: str, reason: str = "") -> None:
        if self.involved_agencies.get(self.lead_agency) == "lead":
            self.involved_agencies[self.lead_agency] = "involved"
        self.coordinator = coordinator
        self.lead_agency = lead_agency
        self.involved_agencies[lead_agency] = "lead"

    def involve_agency(self, agency: str, *, on: object, actor: Actor, today: date) -> None:
        if agency in self.involved_agencies:
            raise AlreadyExists("that agency is already involved", field="agency")
        self._agency_involved(occurred_on=self._dated(on, "occurred_on", today), actor=actor, agency=agency)

    @event("AgencyInvolved")
    def _agency_involved(self, occurred_on: date, actor: Actor, agency: str) -> None:
        self.involved_agencies[agency] = "involved"

    def release_agency(self, agency: str, *, reason: object, on: object, actor: Actor, today: date) -> None:
        if agency == self.lead_agency:
            raise InvalidInput("assign another lead agency before releasing this one", field="agency")
        if agency not in self.involved_agencies:
            raise NotFound("that agency is not involved in the case", field="agency")
        self._agency_released(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            agency=agency,
            reason=check_text(reason, "reason"),
        )

    @event("AgencyReleased")
    def _agency_released(self, occurred_on: date, actor: Actor, agency: str, reason: str) -> None:
        del self.involved_agencies[agency]

    # ---- responsibility (decision 10) -------------------------------------

    def reassign(
        self, *, coordinator: str, coordinator_agency: str, reason: object, on: object, actor: Actor, today: date
    ) -> None:
        """Give the case to another coordinator of the lead agency: one step, no acceptance needed."""
        self._check_open()
        self._check_lead_agency(actor)
        if coordinator_agency != self.lead_agency:
            raise InvalidInput(
                "the new coordinator must belong to the lead agency; transfer the case instead", field="coordinator"
            )
        if coordinator == self.coordinator:
            raise InvalidInput("the case is already assigned to that coordinator", field="coordinator")
        self._assigned(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            coordinator=coordinator,
            lead_agency=self.lead_agency,
            reason=check_text(reason, "reason"),
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
        self._transfer_requested(occurred_on=transfer.requested_on, actor=actor, transfer=transfer)

    @event("TransferRequested")
    def _transfer_requested(self, occurred_on: date, actor: Actor, transfer: Transfer) -> None:
        self.transfers[transfer.transfer_id] = transfer

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
        self._transfer_accepted(
            occurred_on=self._answer_day(transfer, on, today),
            actor=actor,
            transfer_id=transfer.transfer_id,
            coordinator=coordinator,
            note=check_text(note, "note", required=False),
        )

    @event("TransferAccepted")
    def _transfer_accepted(
        self, occurred_on: date, actor: Actor, transfer_id: UUID, coordinator: str, note: str
    ) -> None:
        transfer = self.transfers[transfer_id].answered(TransferState.ACCEPTED, occurred_on, note, coordinator)
        self.transfers[transfer_id] = transfer
        if self.involved_agencies.get(self.lead_agency) == "lead":
            self.involved_agencies[self.lead_agency] = "involved"
        self.lead_agency = transfer.to_agency
        self.coordinator = coordinator
        self.involved_agencies[transfer.to_agency] = "lead"

    def decline_transfer(self, *, transfer_id: object, reason: object, on: object, actor: Actor, today: date) -> None:
        """The receiving agency says no, with a reason; the case stays where it is."""
        transfer = self._answerable_transfer(transfer_id, actor)
        self._transfer_declined(
            occurred_on=self._answer_day(transfer, on, today),
            actor=actor,
            transfer_id=transfer.transfer_id,
            reason=check_text(reason, "reason"),
        )

    @event("TransferDeclined")
    def _transfer_declined(self, occurred_on: date, actor: Actor, transfer_id: UUID, reason: str) -> None:
        self.transfers[transfer_id] = self.transfers[transfer_id].answered(TransferState.DECLINED, occurred_on, reason)

    def withdraw_transfer(self, *, transfer_id: object, reason: object, on: object, actor: Actor, today: date) -> None:
        """The sending agency takes back a request that has not been answered."""
        transfer = self._transfer(transfer_id)
        if not transfer.pending:
            raise TransitionNotAllowed("that transfer request has already been answered", field="transfer_id")
        self._check_lead_agency(actor)
        self._transfer_withdrawn(
            occurred_on=self._answer_day(transfer, on, today),
            actor=actor,
            transfer_id=transfer.transfer_id,
            reason=check_text(reason, "reason"),
        )

    @event("TransferWithdrawn")
    def _transfer_withdrawn(self, occurred_on: date, actor: Actor, transfer_id: UUID, reason: str) -> None:
        self.transfers[transfer_id] = self.transfers[transfer_id].answered(TransferState.WITHDRAWN, occurred_on, reason)

    @property
    def pending_transfer(self) -> Transfer | None:
        return next((t for t in self.transfers.values() if t.pending), None)

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

    def _check_lead_agency(self, actor: Actor) -> None:
        if actor.agency_id != self.lead_agency:
            raise NotTheLeadAgency("only the lead agency can reassign or transfer the case", field="coordinator")

    # ---- urgent checks (48時間以内の状況確認) --------------------------------

    def mark_urgent_check(self, *, check_id: object, reason: object, on: object, actor: Actor, today: date) -> None:
        """Mark that the household must be seen within 48 hours of ``on`` (the day the information came in)."""
        self._check_open()
        day = self._dated(on, "occurred_on", today)
        checked_id = check_uuid(check_id, "check_id")
        if checked_id in self.urgent_checks:
            raise AlreadyExists("that urgent check already exists", field="check_id")
        if any(c.open for c in self.urgent_checks.values()):
            raise TransitionNotAllowed("an urgent check is already waiting on this case", field="check_id")
        self._urgent_check_marked(
            occurred_on=day, actor=actor, check_id=checked_id, due_on=due_date(day), reason=check_text(reason, "reason")
        )

    @event("UrgentCheckMarked")
    def _urgent_check_marked(self, occurred_on: date, actor: Actor, check_id: UUID, due_on: date, reason: str) -> None:
        self.urgent_checks[check_id] = UrgentCheck(check_id=check_id, marked_on=occurred_on, due_on=due_on)

    def record_urgent_check(self, *, check_id: object, note: object, on: object, actor: Actor, today: date) -> None:
        """Record that the situation was checked; the check leaves the caseload's list."""
        check = self.urgent_checks.get(check_uuid(check_id, "check_id"))
        if check is None:
            raise NotFound("no such urgent check on this case", field="check_id")
        if not check.open:
            raise TransitionNotAllowed("that urgent check has already been recorded", field="check_id")
        day = check_not_future(on, "occurred_on", today)
        if day < check.marked_on:
            raise InvalidInput("the check cannot be dated before it was asked for", field="occurred_on")
        self._urgent_check_done(occurred_on=day, actor=actor, check_id=check.check_id, note=check_text(note, "note"))

    @event("UrgentCheckDone")
    def _urgent_check_done(self, occurred_on: date, actor: Actor, check_id: UUID, note: str) -> None:
        self.urgent_checks[check_id] = self.urgent_checks[check_id].done(occurred_on)

    @property
    def open_urgent_check(self) -> UrgentCheck | None:
        return next((c for c in self.urgent_checks.values() if c.open), None)

    # ---- lifecycle -------------------------------------------------------

    def change_status(self, status: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Move along the lifecycle; closing goes through ``close`` so that it has a reason code."""
        target = check_choice(status, CaseStatus, "status")
        if target == CaseStatus.CLOSED:
            raise TransitionNotAllowed("use close to close a case", field="status")
        self._check_open()
        check_transition(self.status, target)
        day = self._not_before_status(check_not_future(on, "occurred_on", today))
        self._status_changed(
            occurred_on=day,
            actor=actor,
            from_status=self.status.value,
            to_status=target.value,
            reason=check_text(reason, "reason", required=False),
        )

    @event("StatusChanged")
    def _status_changed(self, occurred_on: date, actor: Actor, from_status: str, to_status: str, reason: str) -> None:
        self.status = CaseStatus(to_status)
        self.status_since = occurred_on

    def close(
        self, *, reason: object, note: object, on: object, actor: Actor, today: date, meeting_id: UUID | None = None
    ) -> None:
        """Close the case (終結) with a reason code and a note; ``meeting_id`` names the meeting that decided it."""
        self._check_open()
        day = self._not_before_status(check_not_future(on, "occurred_on", today))
        self._closed(
            occurred_on=day,
            actor=actor,
            from_status=self.status.value,
            reason=check_choice(reason, ClosureReason, "reason").value,
            note=check_text(note, "note", required=False),
            meeting_id=meeting_id,
        )

    @event("Closed")
    def _closed(
        self,
        occurred_on: date,
        actor: Actor,
        from_status: str,
        reason: str,
        note: str,
        meeting_id: UUID | None = None,
    ) -> None:
        self.status = CaseStatus.CLOSED
        self.status_since = occurred_on
        self.closure_reason = reason

    def reopen(self, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Reopen a closed case; it starts again at intake."""
        if self.status != CaseStatus.CLOSED:
            raise TransitionNotAllowed("only a closed case can be reopened", field="status")
        day = self._not_before_status(check_not_future(on, "occurred_on", today))
        self._reopened(occurred_on=day, actor=actor, reason=check_text(reason, "reason"))

    @event("Reopened")
    def _reopened(self, occurred_on: date, actor: Actor, reason: str) -> None:
        self.status = CaseStatus.INTAKE
        self.status_since = occurred_on
        self.closure_reason = None

    def _check_open(self) -> None:
        if self.status == CaseStatus.CLOSED:
            raise TransitionNotAllowed("the case is closed; reopen it first", field="status")

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

    # ---- consent ---------------------------------------------------------

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
        self._consent_recorded(occurred_on=day, actor=actor, consent=record)

    @event("ConsentRecorded")
    def _consent_recorded(self, occurred_on: date, actor: Actor, consent: ConsentRecord) -> None:
        self.consents.append(consent)

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
        self._consent_voided(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            consent_id=checked,
            reason=check_text(reason, "reason"),
        )

    @event("ConsentVoided")
    def _consent_voided(self, occurred_on: date, actor: Actor, consent_id: UUID, reason: str) -> None:
        self.consents = [c for c in self.consents if c.consent_id != consent_id]

    def consent_in_force(self, scope: ConsentScope, on: date) -> ConsentRecord | None:
        return consent_in_force(self.consents, scope, on)

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

    # ---- referrals -------------------------------------------------------

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
        self._referral_sent(occurred_on=referral.sent_on, actor=actor, referral=referral)

    @event("ReferralSent")
    def _referral_sent(self, occurred_on: date, actor: Actor, referral: Referral) -> None:
        self.referrals[referral.referral_id] = referral

    def answer_referral(
        self, *, referral_id: object, accepted: object, note: object, on: object, actor: Actor, today: date
    ) -> None:
        """Accept or decline a referral; declining needs a reason. Accepting involves the agency."""
        referral = self._referral(check_uuid(referral_id, "referral_id"))
        if referral.state != ReferralState.SENT:
            raise TransitionNotAllowed("that referral has already been answered", field="referral_id")
        is_accepted = check_bool(accepted, "accepted")
        day = check_not_future(on, "answered_on", today)
        if day < referral.sent_on:
            raise InvalidInput("a referral cannot be answered before it was sent", field="answered_on")
        text = check_text(note, "note", required=not is_accepted)
        if is_accepted:
            self._referral_accepted(occurred_on=day, actor=actor, referral_id=referral.referral_id, note=text)
        else:
            self._referral_declined(occurred_on=day, actor=actor, referral_id=referral.referral_id, reason=text)

    @event("ReferralAccepted")
    def _referral_accepted(self, occurred_on: date, actor: Actor, referral_id: UUID, note: str) -> None:
        referral = self.referrals[referral_id].answered(ReferralState.ACCEPTED, occurred_on, note)
        self.referrals[referral_id] = referral
        self.involved_agencies.setdefault(referral.to_agency, "involved")

    @event("ReferralDeclined")
    def _referral_declined(self, occurred_on: date, actor: Actor, referral_id: UUID, reason: str) -> None:
        self.referrals[referral_id] = self.referrals[referral_id].answered(ReferralState.DECLINED, occurred_on, reason)

    def void_referral(self, referral_id: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Void a referral sent by mistake, with its answer if any; the history keeps both.

        An agency that accepted it stays involved in the case: releasing it is a step of its own.
        """
        referral = self._referral(check_uuid(referral_id, "referral_id"))
        self._referral_voided(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            referral_id=referral.referral_id,
            reason=check_text(reason, "reason"),
        )

    @event("ReferralVoided")
    def _referral_voided(self, occurred_on: date, actor: Actor, referral_id: UUID, reason: str) -> None:
        del self.referrals[referral_id]

    def void_referral_answer(
        self, referral_id: object, *, reason: object, on: object, actor: Actor, today: date
    ) -> None:
        """Void an answer recorded by mistake: the referral awaits its answer again."""
        referral = self._referral(check_uuid(referral_id, "referral_id"))
        if referral.state == ReferralState.SENT:
            raise TransitionNotAllowed("that referral has not been answered", field="referral_id")
        self._referral_answer_voided(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            referral_id=referral.referral_id,
            reason=check_text(reason, "reason"),
        )

    @event("ReferralAnswerVoided")
    def _referral_answer_voided(self, occurred_on: date, actor: Actor, referral_id: UUID, reason: str) -> None:
        self.referrals[referral_id] = self.referrals[referral_id].unanswered()

    def _referral(self, referral_id: UUID) -> Referral:
        try:
            return self.referrals[referral_id]
        except KeyError:
            raise NotFound("no such referral on this case", field="referral_id") from None

    # ---- support plan ----------------------------------------------------

    def adopt_plan(
        self,
        *,
        plan_type: object,
        goals: object,
        actions: list[PlanAction] | tuple[PlanAction, ...],
        review_due_on: object,
        reason: object = "",
        on: object,
        actor: Actor,
        today: date,
        meeting_id: UUID | None = None,
        revises_version: int | None = None,
    ) -> int:
        """Adopt a first plan or a revision; returns the new version number.

        The lifecycle follows (domain decision 2): a first plan moves プラン作成
        to 支援中; a revision is a review, so a case in 支援中 passes through
        モニタリング and is back in 支援中 under the new version (from モニタリング
        or プラン作成 it goes straight to 支援中). The moves are ordinary status
        changes, not dated before the current status began; from any other
        status (受付, アセスメント) the plan is recorded and the status left alone.
        """
        self._check_open()
        current = self.current_plan
        if revises_version == 0 and current is not None:
            raise AlreadyExists("the case already has a plan; review it to make the next version", field="plan")
        current_number = current.version if current is not None else 0
        if revises_version is not None and revises_version != current_number:
            raise ConcurrentChange(
                f"version {revises_version} is not the current plan (version {current_number})", field="version"
            )
        day = self._dated(on, "adopted_on", today)
        if meeting_id is not None:
            self._check_plan_meeting(meeting_id, day)
        if current is not None and day < current.adopted_on:
            raise InvalidInput(
                f"a revision cannot be dated before the current plan ({current.adopted_on.isoformat()})",
                field="adopted_on",
            )
        review = check_optional_date(review_due_on, "review_due_on")
        if review is None:
            raise InvalidInput("a plan needs a review date", field="review_due_on")
        if review <= day:
            raise InvalidInput("the review date must be after the plan is adopted", field="review_due_on")
        if not isinstance(goals, list | tuple):
            raise InvalidInput("goals must be a list", field="goals")
        checked_goals = tuple(check_text(g, "goals") for g in check_at_most(tuple(goals), "goals"))
        if not checked_goals:
            raise InvalidInput("a plan needs at least one goal", field="goals")
        if not isinstance(actions, list | tuple) or not actions:
            raise InvalidInput("a plan needs at least one action (役割分担)", field="actions")
        if not all(isinstance(a, PlanAction) for a in actions):
            raise InvalidInput("each plan action needs a description and an agency", field="actions")
        is_revision = current is not None
        version = PlanVersion(
            version=len(self.plans) + 1,
            plan_type=check_choice(plan_type, PlanType, "plan_type").value,
            goals=checked_goals,
            actions=tuple(actions),
            review_due_on=review,
            adopted_on=day,
            reason=check_text(reason, "reason", required=is_revision),
            meeting_id=meeting_id,
        )
        if is_revision:
            self._plan_revised(occurred_on=day, actor=actor, plan=version)
            self._move_with_plan(CaseStatus.IN_SUPPORT, CaseStatus.MONITORING, day, actor)
            self._move_with_plan((CaseStatus.MONITORING, CaseStatus.PLANNING), CaseStatus.IN_SUPPORT, day, actor)
        else:
            self._plan_made(occurred_on=day, actor=actor, plan=version)
            self._move_with_plan(CaseStatus.PLANNING, CaseStatus.IN_SUPPORT, day, actor)
        return version.version

    def _check_plan_meeting(self, meeting_id: UUID, day: date) -> None:
        """The meeting must have discussed this case, not after the plan's date, with consent if it needed it."""
        held_on = self.meetings.get(meeting_id)
        if held_on is None:
            raise InvalidInput("that meeting did not discuss this case", field="meeting_id")
        if day < held_on:
            raise InvalidInput(
                f"a plan adopted at a meeting cannot be dated before it ({held_on.isoformat()})", field="adopted_on"
            )
        if meeting_id in self.meetings_needing_consent and (
            self.consent_in_force(ConsentScope.MEETING_DISCUSSION, held_on) is None
        ):
            raise ConsentRequired(
                f"the case had no consent to meeting discussion in force on {held_on.isoformat()}",
                field="meeting_id",
            )

    def _move_with_plan(
        self, source: CaseStatus | tuple[CaseStatus, ...], target: CaseStatus, day: date, actor: Actor
    ) -> None:
        """The status change a plan brings: only from ``source``, and not dated before the current status began."""
        sources = source if isinstance(source, tuple) else (source,)
        if self.status in sources and target in ALLOWED[self.status] and day >= self.status_since:
            self._status_changed(
                occurred_on=day, actor=actor, from_status=self.status.value, to_status=target.value, reason=""
            )

    @event("PlanMade")
    def _plan_made(self, occurred_on: date, actor: Actor, plan: PlanVersion) -> None:
        self.plans.append(plan)
        self.next_review_due_on = plan.review_due_on

    @event("PlanRevised")
    def _plan_revised(self, occurred_on: date, actor: Actor, plan: PlanVersion) -> None:
        self.plans.append(plan)
        self.next_review_due_on = plan.review_due_on

    def void_plan(self, plan_version: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Void the current plan version, adopted by mistake (domain decision 12): the history keeps it, the
        version before it is in force again (none when version 1 is voided), and it stops counting as a plan made.

        Only the current version can be voided, so that what was in force at each moment stays a chain of
        versions. Version numbers are never reused: a plan adopted afterwards takes the next number. The status
        is left as it is (a plan moved it; moving it back is the coordinator's decision, a step of its own).
        """
        current = self.current_plan
        if current is None:
            raise NotFound("the case has no plan to void", field="plan_version")
        if plan_version not in {p.version for p in self.plans} - set(self.voided_plan_versions):
            raise NotFound("the case has no plan of that version, or it has been voided", field="plan_version")
        if plan_version != current.version:
            raise TransitionNotAllowed(
                f"only the current plan (version {current.version}) can be voided", field="plan_version"
            )
        day = self._dated(on, "occurred_on", today)
        if day < current.adopted_on:
            raise InvalidInput(
                f"a void cannot be dated before the plan was adopted ({current.adopted_on.isoformat()})",
                field="occurred_on",
            )
        restored = self._plan_before(current.version)
        self._plan_voided(
            occurred_on=day,
            actor=actor,
            plan_version=current.version,
            reason=check_text(reason, "reason"),
            restored_version=restored.version if restored else 0,
            restored_plan_type=restored.plan_type if restored else "",
            next_review_due_on=restored.review_due_on if restored else None,
        )

    def _plan_before(self, version: int) -> PlanVersion | None:
        standing = [p for p in self.plans if p.version < version and p.version not in self.voided_plan_versions]
        return standing[-1] if standing else None

    voided_plan_versions: tuple[int, ...] = ()
    """Plan versions voided by mistake (kept in ``plans`` for the history; never current again)."""

    @event("PlanVoided")
    def _plan_voided(
        self,
        occurred_on: date,
        actor: Actor,
        plan_version: int,
        reason: str,
        restored_version: int = 0,
        restored_plan_type: str = "",
        next_review_due_on: date | None = None,
    ) -> None:
        self.voided_plan_versions = (*self.voided_plan_versions, plan_version)
        self.next_review_due_on = next_review_due_on

    def review_plan(
        self,
        *,
        findings: object,
        next_review_due_on: object,
        on: object,
        actor: Actor,
        today: date,
        plan_version: int | None = None,
    ) -> None:
        """Record a plan review (見直し) without changing the plan; sets the next review date.

        It is the case's monitoring (decision 2): a case in 支援中 moves to モニタリング.
        """
        self._check_open()
        plan = self.current_plan
        if plan is None:
            raise NotFound("the case has no plan to review", field="plan")
        if plan_version is not None and plan_version != plan.version:
            raise ConcurrentChange(
                f"version {plan_version} is not the current plan (version {plan.version})", field="version"
            )
        day = check_not_future(on, "reviewed_on", today)
        if day < plan.adopted_on:
            raise InvalidInput(
                f"a review cannot be dated before the plan was adopted ({plan.adopted_on.isoformat()})",
                field="reviewed_on",
            )
        next_due = check_optional_date(next_review_due_on, "next_review_due_on")
        if next_due is not None and next_due <= day:
            raise InvalidInput("the next review must be after this one", field="next_review_due_on")
        self._plan_reviewed(
            occurred_on=day,
            actor=actor,
            plan_version=plan.version,
            findings=check_text(findings, "findings"),
            next_review_due_on=next_due,
        )
        self._move_with_plan(CaseStatus.IN_SUPPORT, CaseStatus.MONITORING, day, actor)

    @event("PlanReviewed")
    def _plan_reviewed(
        self, occurred_on: date, actor: Actor, plan_version: int, findings: str, next_review_due_on: date | None
    ) -> None:
        self.next_review_due_on = next_review_due_on

    # ---- activities ------------------------------------------------------

    def record_consultation(self, *, actor: Actor, today: date, **fields: object) -> None:
        """Log a consultation (相談) with the household; fields as ``Consultation.checked``."""
        consultation = self._checked_new_entry(Consultation, fields, today)
        self._consultation_recorded(occurred_on=consultation.occurred_on, actor=actor, consultation=consultation)

    @event("ConsultationRecorded")
    def _consultation_recorded(self, occurred_on: date, actor: Actor, consultation: Consultation) -> None:
        self.entries[consultation.entry_id] = consultation

    def record_outreach(self, *, actor: Actor, today: date, **fields: object) -> None:
        """Log an outreach visit (アウトリーチ), whether or not contact was made."""
        visit = self._checked_new_entry(OutreachVisit, fields, today)
        self._outreach_recorded(occurred_on=visit.occurred_on, actor=actor, visit=visit)

    @event("OutreachVisitRecorded")
    def _outreach_recorded(self, occurred_on: date, actor: Actor, visit: OutreachVisit) -> None:
        self.entries[visit.entry_id] = visit

    def start_placement(self, *, actor: Actor, today: date, **fields: object) -> None:
        """Start a participation-support placement (参加支援)."""
        self._check_open()
        placement = self._checked_new_entry(Placement, fields, today, date_field="started_on")
        if placement.ended_on is not None:
            raise InvalidInput("end a placement with end_placement", field="ended_on")
        self._placement_started(occurred_on=placement.occurred_on, actor=actor, placement=placement)

    @event("PlacementStarted")
    def _placement_started(self, occurred_on: date, actor: Actor, placement: Placement) -> None:
        self.entries[placement.entry_id] = placement

    def _checked_new_entry(
        self, kind: type[E], fields: dict[str, object], today: date, date_field: str = "occurred_on"
    ) -> E:
        entry = kind.checked(**fields)  # type: ignore[arg-type]
        if entry.entry_id in self.entries:
            raise AlreadyExists("that entry has already been recorded", field="entry_id")
        self._dated(entry.occurred_on, date_field, today)
        if self.status == CaseStatus.CLOSED and entry.occurred_on > self.status_since:
            raise TransitionNotAllowed(
                f"the case was closed on {self.status_since.isoformat()}; reopen it to record later contacts",
                field=date_field,
            )
        return entry

    def end_placement(
        self, *, entry_id: object, on: object, outcome: object, note: object, actor: Actor, today: date
    ) -> None:
        placement = self._entry(check_uuid(entry_id, "entry_id"))
        if not isinstance(placement, Placement):
            raise InvalidInput("that entry is not a placement", field="entry_id")
        if placement.ended_on is not None:
            raise TransitionNotAllowed("the placement has already ended", field="entry_id")
        day = check_not_future(on, "ended_on", today)
        if day < placement.occurred_on:
            raise InvalidInput("a placement cannot end before it started", field="ended_on")
        self._placement_ended(
            occurred_on=day,
            actor=actor,
            entry_id=placement.entry_id,
            outcome=check_choice(outcome, PlacementOutcome, "outcome").value,
            note=check_text(note, "note", required=False),
        )

    @event("PlacementEnded")
    def _placement_ended(self, occurred_on: date, actor: Actor, entry_id: UUID, outcome: str, note: str) -> None:
        placement = self.entries[entry_id]
        assert isinstance(placement, Placement)
        self.entries[entry_id] = replace(placement, ended_on=occurred_on, outcome=outcome)

    # ---- corrections -----------------------------------------------------

    def void_entry(self, entry_id: object, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Mark a mistaken entry void; it stays in the history but no longer counts."""
        entry = self._entry(check_uuid(entry_id, "entry_id"))
        self._entry_voided(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            entry_id=entry.entry_id,
            reason=check_text(reason, "reason"),
        )

    @event("EntryVoided")
    def _entry_voided(self, occurred_on: date, actor: Actor, entry_id: UUID, reason: str) -> None:
        self.voided[entry_id] = reason

    def correct_entry(
        self, entry_id: object, changes: dict[str, object], *, reason: object, on: object, actor: Actor, today: date
    ) -> Entry:
        """Replace a mistaken entry by a corrected version of it, keeping both in history."""
        original = self._entry(check_uuid(entry_id, "entry_id"))
        if "entry_id" in changes:
            raise InvalidInput("an entry's id cannot be corrected", field="entry_id")
        fields = {f: getattr(original, f) for f in original.__dataclass_fields__}
        unknown = set(changes) - set(fields)
        if unknown:
            raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}", field="changes")
        corrected = type(original).checked(**{**fields, **changes})
        self._dated(corrected.occurred_on, "occurred_on", today)
        if isinstance(corrected, Placement):
            _check_placement_correction(original, corrected, today)
        if corrected == original:
            raise InvalidInput("the correction changes nothing", field="changes")
        self._entry_corrected(
            occurred_on=self._dated(on, "occurred_on", today),
            actor=actor,
            entry=corrected,
            reason=check_text(reason, "reason"),
        )
        return corrected

    @event("EntryCorrected")
    def _entry_corrected(self, occurred_on: date, actor: Actor, entry: Entry, reason: str) -> None:
        self.entries[entry.entry_id] = entry

    def entry(self, entry_id: UUID) -> Entry:
        return self._entry(entry_id)

    def _entry(self, entry_id: UUID) -> Entry:
        if entry_id in self.voided:
            raise NotFound("that entry has been voided", field="entry_id")
        try:
            return self.entries[entry_id]
        except KeyError:
            raise NotFound("no such entry on this case", field="entry_id") from None

    # ---- meetings --------------------------------------------------------

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
        self._discussed_at_meeting(
            occurred_on=held_on,
            actor=actor,
            meeting_id=meeting_id,
            meeting_type=meeting_type,
            outcome=outcome,
            consent_required=consent_required,
        )

    @event("DiscussedAtMeeting")
    def _discussed_at_meeting(
        self,
        occurred_on: date,
        actor: Actor,
        meeting_id: UUID,
        meeting_type: str,
        outcome: str,
        consent_required: bool = False,
    ) -> None:
        self.meetings[meeting_id] = occurred_on
        if consent_required:
            self.meetings_needing_consent[meeting_id] = occurred_on

    def withdraw_discussion(self, *, meeting_id: UUID, reason: str, on: date, actor: Actor) -> None:
        """Undo ``note_discussion`` when the meeting record is voided or the case was listed by mistake."""
        if meeting_id in self.meetings:
            self._discussion_withdrawn(occurred_on=on, actor=actor, meeting_id=meeting_id, reason=reason)

    @event("DiscussionWithdrawn")
    def _discussion_withdrawn(self, occurred_on: date, actor: Actor, meeting_id: UUID, reason: str) -> None:
        self.meetings.pop(meeting_id, None)
        self.meetings_needing_consent.pop(meeting_id, None)

    # ---- erasure (see domain/erasure.py) -----------------------------------

    def erase_personal_data(self, *, reason: object, on: date, actor: Actor) -> None:
        """Record that the case's personal data is erased; the key store then destroys the case's key."""
        if self.personal_data_erased:
            raise TransitionNotAllowed("the personal data of this case has already been erased", field="case_id")
        self._personal_data_erased(occurred_on=on, actor=actor, reason=check_text(reason, "reason"))

    @event("PersonalDataErased")
    def _personal_data_erased(self, occurred_on: date, actor: Actor, reason: str) -> None:
        self.personal_data_erased = True

    # ---- reading -----------------------------------------------------------

    @property
    def live_entries(self) -> list[Entry]:
        return [e for i, e in self.entries.items() if i not in self.voided]

    @property
    def current_plan(self) -> PlanVersion | None:
        """The latest version not voided."""
        standing = [p for p in self.plans if p.version not in self.voided_plan_versions]
        return standing[-1] if standing else None


def _checked_member(member: object, today: date, field: str) -> Member:
    if not isinstance(member, Member):
        raise InvalidInput("a household member needs a name and a relationship", field=field)
    return Member.checked(**vars(member), today=today)


def _check_placement_correction(original: Entry, corrected: Placement, today: date) -> None:
    """Ending or un-ending a placement is a change of state with its own event, not a correction."""
    assert isinstance(original, Placement)
    if (original.ended_on is None) != (corrected.ended_on is None):
        raise InvalidInput("end a placement with end_placement, not by correcting it", field="ended_on")
    if corrected.ended_on is not None:
        check_not_future(corrected.ended_on, "ended_on", today)


def _tags(values: object) -> tuple[str, ...]:
    return tuple(t.value for t in check_choices(values or (), IssueTag, "issue_tags"))
