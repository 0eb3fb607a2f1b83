"""The case list and case detail read model: one row per case, kept current.

Each handler mirrors the assignment made by the matching ``@event`` method
of ``domain.case.Case``, so a row always equals what replaying the case
would give. Counts and the last contact date are recounted from
``case_entries`` whenever an entry changes, so voided entries drop out; within
a page of the log, once per case at the end of the page (the counts are read by
nothing in between), in one statement compiled once and run for all those cases.
How rows are held for a page and recounted, and the caseload counts moved by a page, is ``case_rows``; the writes to the
case's linked tables (agencies, members, referrals …) are ``case_links``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatchmethod
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.consent import ConsentScope
from domain.lifecycle import CaseStatus
from domain.meeting import SupportMeeting
from domain.personal_data import ERASED
from domain.referral import ReferralState
from projections.cases import case_links as links
from projections.cases import case_relations as relations
from projections.cases import case_rows as rows
from projections.cases import caseload_action_items as items
from projections.cases.tables import (
    case_agencies,
    case_meeting_consents,
    case_members,
    case_referrals,
    case_urgent_checks,
    metadata,
)
from projections.engine.bulk_rows import insert_rows
from projections.engine.catch_up import Projection

NO_CONSENT = "none"
ENTRY_FIELDS = {
    "ConsultationRecorded": "consultation",
    "OutreachVisitRecorded": "visit",
    "PlacementStarted": "placement",
}
"""Where each event that logs a new entry carries it."""


class CaseList(Projection):
    name = "case_list"
    version = 9
    """2: indexes for the paged case list and the agency scope. 3: a voided referral leaves the referrals, a
    voided answer sets it back to sent, and a voided consent gives way to the decision before it.
    4: transfer requests (``case_transfers``), current household members (``case_members``) and urgent checks
    (``case_urgent_checks``). 5: a voided plan version gives way to the version before it (or to none).
    6: the caseload summary (``caseload_summary``) and the meeting branch of the scope it follows.
    7: open cases indexed by next review and by status date (the caseload's top tens).
    8: open action items counted per agency scope and due day (``caseload_action_items``).
    9: the coordinator index holds the lead agency (a coordinator's cases led by another agency)."""
    metadata = metadata

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Events of other aggregates (master data, meetings …) do not change the case list."""

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        """Each event applied to the page's copy of the case rows, and the caseload counts moved by what the page
        changed (``case_rows.apply_counted``)."""
        rows.apply_counted(connection, page, lambda: super(CaseList, self).apply_page(page, connection))

    @apply.register(Case.Event)
    def _other_case_event(self, event: Any, connection: Connection) -> None:
        """Events that change nothing listed (e.g. MemberUpdated) still move the row's version."""
        rows.update(connection, event)

    @apply.register(Case.Opened)
    def _opened(self, event: Any, connection: Connection) -> None:
        case_id = event.originator_id
        rows.open_row(
            connection,
            dict(
                rows.EMPTY_ROW,
                case_id=case_id,
                version=event.originator_version,
                household_name=event.household_name,
                member_count=len(event.members),
                status=CaseStatus.INTAKE.value,
                status_since=event.occurred_on,
                opened_on=event.occurred_on,
                area=event.area,
                intake_agency=event.intake_agency,
                lead_agency=event.lead_agency,
                coordinator=event.coordinator,
                meeting_consent=NO_CONSENT,
                consultation_count=0,
                outreach_count=0,
                placement_count=0,
            ),
        )
        links.insert_opened(connection, event)

    @apply.register(Case.MemberAdded)
    def _member_added(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event)
        links.add_members(connection, event, 1)
        links.insert_member(connection, event.originator_id, event.member)

    @apply.register(Case.MemberUpdated)
    def _member_updated(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event)
        rows.write_links(connection)
        connection.execute(
            sa.update(case_members)
            .where(case_members.c.member_id == event.member.member_id)
            .values(
                name=event.member.name or "",
                kana=event.member.kana or "",
                birth_date=event.member.birth_date,
                relationship=event.member.relationship,
            )
        )

    @apply.register(Case.MemberRemoved)
    def _member_removed(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event)
        rows.write_links(connection)
        links.add_members(connection, event, -1)
        connection.execute(sa.delete(case_members).where(case_members.c.member_id == event.member_id))

    @apply.register(Case.IssuesTagged)
    def _issues_tagged(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event)
        links.set_tags(connection, event.originator_id, event.issue_tags)

    @apply.register(Case.AreaChanged)
    def _area_changed(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event, area=event.area)

    @apply.register(Case.Assigned)
    def _assigned(self, event: Any, connection: Connection) -> None:
        case_id = event.originator_id
        links.demote_lead(connection, case_id)
        links.set_agency(connection, case_id, event.lead_agency, "lead")
        rows.update(connection, event, coordinator=event.coordinator, lead_agency=event.lead_agency)

    @apply.register(Case.AgencyInvolved)
    def _agency_involved(self, event: Any, connection: Connection) -> None:
        links.set_agency(connection, event.originator_id, event.agency, "involved")
        rows.update(connection, event)

    @apply.register(Case.AgencyReleased)
    def _agency_released(self, event: Any, connection: Connection) -> None:
        rows.write_links(connection)
        connection.execute(
            sa.delete(case_agencies).where(
                case_agencies.c.case_id == event.originator_id, case_agencies.c.agency == event.agency
            )
        )
        relations.removed(connection, "involved", event.originator_id, event.agency)
        rows.update(connection, event)

    @apply.register(Case.StatusChanged)
    def _status_changed(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event, status=event.to_status, status_since=event.occurred_on)

    @apply.register(Case.Closed)
    def _closed(self, event: Any, connection: Connection) -> None:
        rows.update(
            connection,
            event,
            status=CaseStatus.CLOSED.value,
            status_since=event.occurred_on,
            closure_reason=event.reason,
        )

    @apply.register(Case.Reopened)
    def _reopened(self, event: Any, connection: Connection) -> None:
        rows.update(
            connection, event, status=CaseStatus.INTAKE.value, status_since=event.occurred_on, closure_reason=None
        )

    @apply.register(Case.ConsentRecorded)
    def _consent_recorded(self, event: Any, connection: Connection) -> None:
        """The latest decision by date wins; same date: the one recorded last (as ``consent_in_force``)."""
        record = event.consent
        with rows.case_row(connection, event.originator_id) as row:
            latest = None if row is None else row["meeting_consent_on"]
        if ConsentScope.MEETING_DISCUSSION.value in record.scopes and (latest is None or latest <= record.decided_on):
            rows.update(
                connection,
                event,
                meeting_consent=record.decision,
                meeting_consent_on=record.decided_on,
                meeting_consent_expires_on=record.expires_on,
            )
        rows.update(connection, event)
        if ConsentScope.MEETING_DISCUSSION.value in record.scopes:
            links.insert_consent(connection, event)

    @apply.register(Case.ConsentVoided)
    def _consent_voided(self, event: Any, connection: Connection) -> None:
        """The latest standing decision takes the voided one's place (none when nothing is left)."""
        c = case_meeting_consents.c
        connection.execute(sa.delete(case_meeting_consents).where(c.consent_id == event.consent_id))
        latest = connection.execute(
            sa.select(case_meeting_consents)
            .where(c.case_id == event.originator_id)
            .order_by(c.decided_on.desc(), c.recorded_version.desc())
            .limit(1)
        ).first()
        rows.update(
            connection,
            event,
            meeting_consent=NO_CONSENT if latest is None else latest.decision,
            meeting_consent_on=None if latest is None else latest.decided_on,
            meeting_consent_expires_on=None if latest is None else latest.expires_on,
        )

    @apply.register(Case.ReferralSent)
    def _referral_sent(self, event: Any, connection: Connection) -> None:
        links.insert_referral(connection, event)
        rows.update(connection, event)

    @apply.register(Case.ReferralAccepted)
    def _referral_accepted(self, event: Any, connection: Connection) -> None:
        to_agency = links.answer_referral(connection, event, ReferralState.ACCEPTED)
        involved = relations.known(connection, "involved", event.originator_id)
        if involved is None:  # applied on its own, or the page's copy cannot say: ask the table
            rows.write_links(connection)
            if connection.execute(_INVOLVED, {"i_case": event.originator_id, "i_agency": to_agency}).first() is None:
                links.set_agency(connection, event.originator_id, to_agency, "involved")
        elif to_agency not in involved:  # no row of that agency: one more of the page's new agencies
            links.add_agency(connection, event.originator_id, to_agency, "involved")
        rows.update(connection, event)

    @apply.register(Case.ReferralDeclined)
    def _referral_declined(self, event: Any, connection: Connection) -> None:
        links.answer_referral(connection, event, ReferralState.DECLINED)
        rows.update(connection, event)

    @apply.register(Case.ReferralVoided)
    def _referral_voided(self, event: Any, connection: Connection) -> None:
        connection.execute(sa.delete(case_referrals).where(case_referrals.c.referral_id == event.referral_id))
        rows.update(connection, event)

    @apply.register(Case.ReferralAnswerVoided)
    def _referral_answer_voided(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.update(case_referrals)
            .where(case_referrals.c.referral_id == event.referral_id)
            .values(state=ReferralState.SENT.value, answered_on=None)
        )
        rows.update(connection, event)

    @apply.register(Case.PlanMade)
    @apply.register(Case.PlanRevised)
    def _plan_adopted(self, event: Any, connection: Connection) -> None:
        plan = event.plan
        rows.update(
            connection,
            event,
            plan_version=plan.version,
            plan_type=plan.plan_type,
            next_review_due_on=plan.review_due_on,
        )

    @apply.register(Case.PlanVoided)
    def _plan_voided(self, event: Any, connection: Connection) -> None:
        rows.update(
            connection,
            event,
            plan_version=event.restored_version or None,
            plan_type=event.restored_plan_type or None,
            next_review_due_on=event.next_review_due_on,
        )

    @apply.register(Case.PlanReviewed)
    def _plan_reviewed(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event, next_review_due_on=event.next_review_due_on)

    @apply.register(Case.ConsultationRecorded)
    @apply.register(Case.OutreachVisitRecorded)
    @apply.register(Case.PlacementStarted)
    def _entry_recorded(self, event: Any, connection: Connection) -> None:
        entry = getattr(event, ENTRY_FIELDS[type(event).__name__])
        row = dict(entry_id=entry.entry_id, case_id=event.originator_id, voided=False, **rows.entry_values(entry))
        rows.add_entry(connection, row)
        rows.recount(connection, event)

    @apply.register(Case.PlacementEnded)
    def _placement_ended(self, event: Any, connection: Connection) -> None:
        rows.change_entry(connection, event.entry_id, ended_on=event.occurred_on)
        rows.update(connection, event)

    @apply.register(Case.EntryVoided)
    def _entry_voided(self, event: Any, connection: Connection) -> None:
        rows.change_entry(connection, event.entry_id, voided=True)
        rows.recount(connection, event)

    @apply.register(Case.EntryCorrected)
    def _entry_corrected(self, event: Any, connection: Connection) -> None:
        entry = event.entry
        rows.change_entry(connection, entry.entry_id, **rows.entry_values(entry))
        rows.recount(connection, event)

    @apply.register(Case.TransferRequested)
    def _transfer_requested(self, event: Any, connection: Connection) -> None:
        links.insert_transfer(connection, event)
        rows.update(connection, event)

    @apply.register(Case.TransferAccepted)
    def _transfer_accepted(self, event: Any, connection: Connection) -> None:
        case_id = event.originator_id
        to_agency = links.answer_transfer(connection, event, "accepted")
        links.demote_lead(connection, case_id)
        links.set_agency(connection, case_id, to_agency, "lead")
        rows.update(connection, event, coordinator=event.coordinator, lead_agency=to_agency)

    @apply.register(Case.TransferDeclined)
    def _transfer_declined(self, event: Any, connection: Connection) -> None:
        links.answer_transfer(connection, event, "declined")
        rows.update(connection, event)

    @apply.register(Case.TransferWithdrawn)
    def _transfer_withdrawn(self, event: Any, connection: Connection) -> None:
        links.answer_transfer(connection, event, "withdrawn")
        rows.update(connection, event)

    @apply.register(SupportMeeting.Scheduled)
    @apply.register(SupportMeeting.Cancelled)
    @apply.register(SupportMeeting.Held)
    @apply.register(SupportMeeting.ActionItemCompleted)
    @apply.register(SupportMeeting.Voided)
    def _meeting_changed(self, event: Any, connection: Connection) -> None:
        """The scope's meeting branch (held, voided); who took part and what a meeting owes (the action item counts)."""
        if isinstance(event, SupportMeeting.Held):
            links.insert_meeting_agencies(connection, event)
        elif isinstance(event, SupportMeeting.Voided):
            links.delete_meeting_agencies(connection, event.originator_id)
        items.follow(connection, event)

    @apply.register(Case.DiscussionWithdrawn)
    def _discussion_withdrawn(self, event: Any, connection: Connection) -> None:
        links.delete_meeting_agencies(connection, event.meeting_id, event.originator_id)
        rows.update(connection, event)

    @apply.register(Case.UrgentCheckMarked)
    def _urgent_check_marked(self, event: Any, connection: Connection) -> None:
        check = dict(
            check_id=event.check_id, case_id=event.originator_id, marked_on=event.occurred_on, due_on=event.due_on
        )
        insert_rows(connection, case_urgent_checks, [check])
        rows.update(connection, event)

    @apply.register(Case.UrgentCheckDone)
    def _urgent_check_done(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.update(case_urgent_checks)
            .where(case_urgent_checks.c.check_id == event.check_id)
            .values(checked_on=event.occurred_on)
        )
        rows.update(connection, event)

    @apply.register(Case.PersonalDataErased)
    def _personal_data_erased(self, event: Any, connection: Connection) -> None:
        rows.update(connection, event, household_name=ERASED)
        rows.write_links(connection)
        connection.execute(
            sa.update(case_members)
            .where(case_members.c.case_id == event.originator_id)
            .values(name=ERASED, kana=ERASED, birth_date=None)
        )


_INVOLVED = sa.select(case_agencies.c.agency).where(
    case_agencies.c.case_id == sa.bindparam("i_case", type_=sa.Uuid), case_agencies.c.agency == sa.bindparam("i_agency")
)
"""Whether the agency is already involved in the case (built once: every accepted referral asks)."""
