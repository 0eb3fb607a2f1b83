"""The support case (支援ケース): one household and everything done for it.

``Case`` is assembled from one mixin per concept (``domain/case_*.py``). Each declares its events as nested
classes whose ``apply`` only assigns, because they run again every time the case is read from the log; its
public methods validate and derive. The events are redefined here, on ``Case``, so they are stored under the
topics they always had (``domain.case:Case.MemberAdded``; see ``tests/integration/test_stored_event_topics.py``).
Every event records the business date it happened (``occurred_on``) and the acting user (``actor``); the
store's timestamp records when it was written.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.activity import Channel, Entry, RequesterType
from domain.actor import Actor
from domain.case_classification import Classification, checked_tags
from domain.case_consent import Consent
from domain.case_entries import Entries
from domain.case_household import Household, checked_member
from domain.case_lifecycle import Lifecycle
from domain.case_meetings import Meetings
from domain.case_plans import Plans
from domain.case_referrals import Referrals
from domain.case_state import CaseEvent
from domain.case_transfers import Transfers
from domain.case_urgent_checks import UrgentChecks
from domain.consent import ConsentRecord
from domain.errors import InvalidInput, TransitionNotAllowed
from domain.household import Member
from domain.lifecycle import CaseStatus
from domain.referral import Referral
from domain.support_plan import PlanVersion
from domain.transfer import Transfer
from domain.urgent_check import UrgentCheck
from domain.validation import MAX_NAME, check_at_most, check_choice, check_not_future, check_text, check_uuid


class Case(
    Household,
    Classification,
    Transfers,
    Consent,
    Referrals,
    Plans,
    Lifecycle,
    Entries,
    Meetings,
    UrgentChecks,
    Aggregate,
):
    """A household receiving multi-agency support.

    Every mixin that declares events is a direct base: ``Aggregate`` redefines only its direct bases' events.
    """

    class Opened(Aggregate.Created):
        occurred_on: date
        actor: Actor
        household_name: str
        members: tuple[Member, ...]
        issue_tags: tuple[str, ...]
        area: str
        intake_agency: str
        lead_agency: str
        coordinator: str
        channel: str
        requester_type: str
        summary: str

    class PersonalDataErased(CaseEvent):
        """The case's personal data is erased; the key store then destroys the case's key (``domain/erasure.py``)."""

        reason: str

        def apply(self, aggregate: Case) -> None:
            aggregate.personal_data_erased = True

    @event(Opened)
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
        self.members = {m.member_id: m for m in members}
        self.issue_tags = tuple(issue_tags)
        self.area = area
        self.intake_agency = intake_agency
        self.lead_agency = lead_agency
        self.coordinator = coordinator
        self.involved_agencies = {lead_agency: "lead"}
        if intake_agency != lead_agency:
            self.involved_agencies[intake_agency] = "intake"
        self.channel = channel
        self.requester_type = requester_type
        self.summary = summary
        self.status = CaseStatus.INTAKE
        self.status_since = occurred_on
        self.closure_reason = None
        self.consents: list[ConsentRecord] = []
        self.referrals: dict[UUID, Referral] = {}
        self.plans: list[PlanVersion] = []
        self.next_review_due_on = None
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
        checked_members = tuple(checked_member(m, today, "members") for m in check_at_most(tuple(members), "members"))
        ids = [m.member_id for m in checked_members]
        if len(set(ids)) != len(ids):
            raise InvalidInput("household members must have distinct ids", field="members")
        return cls(
            id=check_uuid(case_id, "case_id"),
            occurred_on=check_not_future(opened_on, "opened_on", today),
            actor=actor,
            household_name=check_text(household_name, "household_name", max_length=MAX_NAME),
            members=checked_members,
            issue_tags=checked_tags(issue_tags),
            area=area,
            intake_agency=intake_agency,
            lead_agency=lead_agency,
            coordinator=coordinator,
            channel=check_choice(channel, Channel, "channel").value,
            requester_type=check_choice(requester_type, RequesterType, "requester_type").value,
            summary=check_text(summary, "summary", required=False),
        )

    def erase_personal_data(self, *, reason: object, on: date, actor: Actor) -> None:
        """Record that the case's personal data is erased; the key store then destroys the case's key."""
        if self.personal_data_erased:
            raise TransitionNotAllowed("the personal data of this case has already been erased", field="case_id")
        self.trigger_event(self.PersonalDataErased, occurred_on=on, actor=actor, reason=check_text(reason, "reason"))
