"""The case list and case detail read model: one row per case, kept current.

Each handler mirrors the assignment made by the matching ``@event`` method
of ``domain.case.Case``, so a row always equals what replaying the case
would give. Counts and the last contact date are recounted from
``case_entries`` whenever an entry changes, so voided entries drop out; within
a page of the log, once per case at the end of the page (the counts are read by
nothing in between), in one statement compiled once and run for all those cases.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.activity import Consultation, OutreachVisit, Placement
from domain.case import Case
from domain.consent import ConsentScope
from domain.lifecycle import CaseStatus
from domain.personal_data import ERASED
from domain.referral import ReferralState
from projections.cases.tables import (
    case_agencies,
    case_entries,
    case_issue_tags,
    case_list,
    case_meeting_consents,
    case_members,
    case_referrals,
    case_transfers,
    case_urgent_checks,
    metadata,
)
from projections.engine.catch_up import Projection
from projections.engine.deferred import DeferredRecount

NO_CONSENT = "none"
ENTRY_FIELDS = {
    "ConsultationRecorded": "consultation",
    "OutreachVisitRecorded": "visit",
    "PlacementStarted": "placement",
}
"""Where each event that logs a new entry carries it."""


class CaseList(Projection):
    name = "case_list"
    version = 5
    """2: indexes for the paged case list and the agency scope. 3: a voided referral leaves the referrals, a
    voided answer sets it back to sent, and a voided consent gives way to the decision before it.
    4: transfer requests (``case_transfers``), current household members (``case_members``) and urgent checks
    (``case_urgent_checks``). 5: a voided plan version gives way to the version before it (or to none)."""
    metadata = metadata

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Events of other aggregates (master data, meetings …) do not change the case list."""

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        """Apply each event to the page's copy of the case rows, write them back, then recount (once per case)."""
        cases = {event.originator_id for _, event in page if isinstance(event, Case.Event)}
        rows = _Rows(connection, cases)
        connection.info[_ROWS] = rows
        with _RECOUNTS.page(connection):
            try:
                super().apply_page(page, connection)
            finally:
                del connection.info[_ROWS]
            rows.write()

    @apply.register(Case.Event)
    def _other_case_event(self, event: Any, connection: Connection) -> None:
        """Events that change nothing listed (e.g. MemberUpdated) still move the row's version."""
        _update(connection, event)

    @apply.register(Case.Opened)
    def _opened(self, event: Any, connection: Connection) -> None:
        case_id = event.originator_id
        _open(
            connection,
            dict(
                _EMPTY_ROW,
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
        # a new case: nothing of it is stored yet, so everything is inserted (one statement per table)
        agencies = {event.lead_agency: "lead"} | (
            {} if event.intake_agency == event.lead_agency else {event.intake_agency: "intake"}
        )
        connection.execute(
            _INSERT_AGENCY, [{"case_id": case_id, "agency": a, "relation": r} for a, r in agencies.items()]
        )
        if event.issue_tags:
            connection.execute(_INSERT_TAG, [{"case_id": case_id, "tag": t} for t in dict.fromkeys(event.issue_tags)])
        if event.members:
            connection.execute(_INSERT_MEMBER, [_member_row(case_id, member) for member in event.members])

    @apply.register(Case.MemberAdded)
    def _member_added(self, event: Any, connection: Connection) -> None:
        _update(connection, event)
        _add_members(connection, event, 1)
        _insert_member(connection, event.originator_id, event.member)

    @apply.register(Case.MemberUpdated)
    def _member_updated(self, event: Any, connection: Connection) -> None:
        _update(connection, event)
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
        _update(connection, event)
        _add_members(connection, event, -1)
        connection.execute(sa.delete(case_members).where(case_members.c.member_id == event.member_id))

    @apply.register(Case.IssuesTagged)
    def _issues_tagged(self, event: Any, connection: Connection) -> None:
        _update(connection, event)
        _set_tags(connection, event.originator_id, event.issue_tags)

    @apply.register(Case.AreaChanged)
    def _area_changed(self, event: Any, connection: Connection) -> None:
        _update(connection, event, area=event.area)

    @apply.register(Case.Assigned)
    def _assigned(self, event: Any, connection: Connection) -> None:
        case_id = event.originator_id
        connection.execute(
            sa.update(case_agencies)
            .where(case_agencies.c.case_id == case_id, case_agencies.c.relation == "lead")
            .values(relation="involved")
        )
        _set_agency(connection, case_id, event.lead_agency, "lead")
        _update(connection, event, coordinator=event.coordinator, lead_agency=event.lead_agency)

    @apply.register(Case.AgencyInvolved)
    def _agency_involved(self, event: Any, connection: Connection) -> None:
        _set_agency(connection, event.originator_id, event.agency, "involved")
        _update(connection, event)

    @apply.register(Case.AgencyReleased)
    def _agency_released(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.delete(case_agencies).where(
                case_agencies.c.case_id == event.originator_id, case_agencies.c.agency == event.agency
            )
        )
        _update(connection, event)

    @apply.register(Case.StatusChanged)
    def _status_changed(self, event: Any, connection: Connection) -> None:
        _update(connection, event, status=event.to_status, status_since=event.occurred_on)

    @apply.register(Case.Closed)
    def _closed(self, event: Any, connection: Connection) -> None:
        _update(
            connection,
            event,
            status=CaseStatus.CLOSED.value,
            status_since=event.occurred_on,
            closure_reason=event.reason,
        )

    @apply.register(Case.Reopened)
    def _reopened(self, event: Any, connection: Connection) -> None:
        _update(connection, event, status=CaseStatus.INTAKE.value, status_since=event.occurred_on, closure_reason=None)

    @apply.register(Case.ConsentRecorded)
    def _consent_recorded(self, event: Any, connection: Connection) -> None:
        """The latest decision by date wins; same date: the one recorded last (as ``consent_in_force``)."""
        record = event.consent
        with _case_row(connection, event.originator_id) as row:
            latest = None if row is None else row["meeting_consent_on"]
        if ConsentScope.MEETING_DISCUSSION.value in record.scopes and (latest is None or latest <= record.decided_on):
            _update(
                connection,
                event,
                meeting_consent=record.decision,
                meeting_consent_on=record.decided_on,
                meeting_consent_expires_on=record.expires_on,
            )
        _update(connection, event)
        if ConsentScope.MEETING_DISCUSSION.value in record.scopes:
            connection.execute(
                _INSERT_CONSENT,
                dict(
                    consent_id=record.consent_id,
                    case_id=event.originator_id,
                    decision=record.decision,
                    decided_on=record.decided_on,
                    expires_on=record.expires_on,
                    recorded_version=event.originator_version,
                ),
            )

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
        _update(
            connection,
            event,
            meeting_consent=NO_CONSENT if latest is None else latest.decision,
            meeting_consent_on=None if latest is None else latest.decided_on,
            meeting_consent_expires_on=None if latest is None else latest.expires_on,
        )

    @apply.register(Case.ReferralSent)
    def _referral_sent(self, event: Any, connection: Connection) -> None:
        referral = event.referral
        connection.execute(
            sa.insert(case_referrals).values(
                referral_id=referral.referral_id,
                case_id=event.originator_id,
                from_agency=referral.from_agency,
                to_agency=referral.to_agency,
                sent_on=referral.sent_on,
                state=referral.state,
            )
        )
        _update(connection, event)

    @apply.register(Case.ReferralAccepted)
    def _referral_accepted(self, event: Any, connection: Connection) -> None:
        to_agency = _answer_referral(connection, event, ReferralState.ACCEPTED)
        involved = connection.execute(
            sa.select(case_agencies.c.agency).where(
                case_agencies.c.case_id == event.originator_id, case_agencies.c.agency == to_agency
            )
        ).first()
        if involved is None:
            _set_agency(connection, event.originator_id, to_agency, "involved")
        _update(connection, event)

    @apply.register(Case.ReferralDeclined)
    def _referral_declined(self, event: Any, connection: Connection) -> None:
        _answer_referral(connection, event, ReferralState.DECLINED)
        _update(connection, event)

    @apply.register(Case.ReferralVoided)
    def _referral_voided(self, event: Any, connection: Connection) -> None:
        connection.execute(sa.delete(case_referrals).where(case_referrals.c.referral_id == event.referral_id))
        _update(connection, event)

    @apply.register(Case.ReferralAnswerVoided)
    def _referral_answer_voided(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.update(case_referrals)
            .where(case_referrals.c.referral_id == event.referral_id)
            .values(state=ReferralState.SENT.value, answered_on=None)
        )
        _update(connection, event)

    @apply.register(Case.PlanMade)
    @apply.register(Case.PlanRevised)
    def _plan_adopted(self, event: Any, connection: Connection) -> None:
        plan = event.plan
        _update(
            connection,
            event,
            plan_version=plan.version,
            plan_type=plan.plan_type,
            next_review_due_on=plan.review_due_on,
        )

    @apply.register(Case.PlanVoided)
    def _plan_voided(self, event: Any, connection: Connection) -> None:
        _update(
            connection,
            event,
            plan_version=event.restored_version or None,
            plan_type=event.restored_plan_type or None,
            next_review_due_on=event.next_review_due_on,
        )

    @apply.register(Case.PlanReviewed)
    def _plan_reviewed(self, event: Any, connection: Connection) -> None:
        _update(connection, event, next_review_due_on=event.next_review_due_on)

    @apply.register(Case.ConsultationRecorded)
    @apply.register(Case.OutreachVisitRecorded)
    @apply.register(Case.PlacementStarted)
    def _entry_recorded(self, event: Any, connection: Connection) -> None:
        entry = getattr(event, ENTRY_FIELDS[type(event).__name__])
        row = dict(entry_id=entry.entry_id, case_id=event.originator_id, voided=False, **_entry_values(entry))
        rows: _Rows | None = connection.info.get(_ROWS)
        if rows is None:
            connection.execute(_INSERT_ENTRY, row)
        else:  # inserted with the page's other new entries, before any entry is changed or counted
            rows.entries.append(row)
        _recount(connection, event)

    @apply.register(Case.PlacementEnded)
    def _placement_ended(self, event: Any, connection: Connection) -> None:
        _write_entries(connection)
        connection.execute(
            sa.update(case_entries).where(case_entries.c.entry_id == event.entry_id).values(ended_on=event.occurred_on)
        )
        _update(connection, event)

    @apply.register(Case.EntryVoided)
    def _entry_voided(self, event: Any, connection: Connection) -> None:
        _write_entries(connection)
        connection.execute(sa.update(case_entries).where(case_entries.c.entry_id == event.entry_id).values(voided=True))
        _recount(connection, event)

    @apply.register(Case.EntryCorrected)
    def _entry_corrected(self, event: Any, connection: Connection) -> None:
        _write_entries(connection)
        entry = event.entry
        connection.execute(
            sa.update(case_entries).where(case_entries.c.entry_id == entry.entry_id).values(**_entry_values(entry))
        )
        _recount(connection, event)

    @apply.register(Case.TransferRequested)
    def _transfer_requested(self, event: Any, connection: Connection) -> None:
        transfer = event.transfer
        connection.execute(
            sa.insert(case_transfers).values(
                transfer_id=transfer.transfer_id,
                case_id=event.originator_id,
                from_agency=transfer.from_agency,
                to_agency=transfer.to_agency,
                requested_on=transfer.requested_on,
                requested_by=event.actor.user_id,
                state=transfer.state,
            )
        )
        _update(connection, event)

    @apply.register(Case.TransferAccepted)
    def _transfer_accepted(self, event: Any, connection: Connection) -> None:
        case_id = event.originator_id
        to_agency = _answer_transfer(connection, event, "accepted")
        connection.execute(
            sa.update(case_agencies)
            .where(case_agencies.c.case_id == case_id, case_agencies.c.relation == "lead")
            .values(relation="involved")
        )
        _set_agency(connection, case_id, to_agency, "lead")
        _update(connection, event, coordinator=event.coordinator, lead_agency=to_agency)

    @apply.register(Case.TransferDeclined)
    def _transfer_declined(self, event: Any, connection: Connection) -> None:
        _answer_transfer(connection, event, "declined")
        _update(connection, event)

    @apply.register(Case.TransferWithdrawn)
    def _transfer_withdrawn(self, event: Any, connection: Connection) -> None:
        _answer_transfer(connection, event, "withdrawn")
        _update(connection, event)

    @apply.register(Case.UrgentCheckMarked)
    def _urgent_check_marked(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.insert(case_urgent_checks).values(
                check_id=event.check_id,
                case_id=event.originator_id,
                marked_on=event.occurred_on,
                due_on=event.due_on,
            )
        )
        _update(connection, event)

    @apply.register(Case.UrgentCheckDone)
    def _urgent_check_done(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.update(case_urgent_checks)
            .where(case_urgent_checks.c.check_id == event.check_id)
            .values(checked_on=event.occurred_on)
        )
        _update(connection, event)

    @apply.register(Case.PersonalDataErased)
    def _personal_data_erased(self, event: Any, connection: Connection) -> None:
        _update(connection, event, household_name=ERASED)
        connection.execute(
            sa.update(case_members)
            .where(case_members.c.case_id == event.originator_id)
            .values(name=ERASED, kana=ERASED, birth_date=None)
        )


class _Rows:
    """The ``case_list`` rows of the cases a page is about, read in one query and written back in two.

    Each event changes the row in memory (a dict); at the end of the page the
    new rows are inserted and the changed ones updated, each with one statement
    compiled once and run for all the rows (no statement is built per event).
    """

    def __init__(self, connection: Connection, cases: set[UUID]) -> None:
        self.connection = connection
        self.rows: dict[UUID, dict[str, Any]] = {}
        if cases:
            found = connection.execute(_SELECT_ROWS, {"cases": sorted(cases)}).mappings()
            self.rows = {row["case_id"]: dict(row) for row in found}
        self.new: dict[UUID, dict[str, Any]] = {}
        self.changed: set[UUID] = set()
        self.entries: list[dict[str, Any]] = []
        """New ``case_entries`` rows, inserted together before an entry is changed and at the end of the page."""

    def open(self, row: dict[str, Any]) -> None:
        self.rows[row["case_id"]] = self.new[row["case_id"]] = row

    def get(self, case_id: UUID) -> dict[str, Any] | None:
        """The case's row as it stands in the page (None: no such case, as an UPDATE would match nothing)."""
        row = self.rows.get(case_id)
        if row is not None and case_id not in self.new:
            self.changed.add(case_id)
        return row

    def write(self) -> None:
        if self.entries:
            self.connection.execute(_INSERT_ENTRY, self.entries)
            self.entries = []
        if self.new:
            self.connection.execute(_INSERT_ROW, list(self.new.values()))
        if self.changed:
            updates = []
            for case_id in sorted(self.changed):
                values = {k: v for k, v in self.rows[case_id].items() if k != "case_id"}
                updates.append({**values, "row_case_id": case_id})
            self.connection.execute(_UPDATE_ROW, updates)
        self.new, self.changed = {}, set()


_ROWS = "case_list.rows"
"""``connection.info`` key: the page's ``_Rows`` (set while a page is being applied)."""
_SELECT_ROWS = sa.select(case_list).where(case_list.c.case_id.in_(sa.bindparam("cases", expanding=True)))
_INSERT_ROW = sa.insert(case_list)
_UPDATE_ROW = sa.update(case_list).where(case_list.c.case_id == sa.bindparam("row_case_id", type_=sa.Uuid))


@contextmanager
def _case_row(connection: Connection, case_id: UUID) -> Iterator[dict[str, Any] | None]:
    """The case's row to change in place: the page's copy, or (an event applied on its own) read and written now."""
    rows: _Rows | None = connection.info.get(_ROWS)
    if rows is not None:
        yield rows.get(case_id)
        return
    alone = _Rows(connection, {case_id})
    yield alone.get(case_id)
    alone.write()


def _update(connection: Connection, event: Any, **values: Any) -> None:
    with _case_row(connection, event.originator_id) as row:
        if row is not None:
            row.update(version=event.originator_version, **values)


def _open(connection: Connection, row: dict[str, Any]) -> None:
    rows: _Rows | None = connection.info.get(_ROWS)
    alone = rows is None
    rows = _Rows(connection, set()) if rows is None else rows
    rows.open(row)
    if alone:
        rows.write()


def _add_members(connection: Connection, event: Any, change: int) -> None:
    with _case_row(connection, event.originator_id) as row:
        if row is not None:
            row["member_count"] += change


def _set_agency(connection: Connection, case_id: UUID, agency: str, relation: str) -> None:
    changed = connection.execute(_SET_RELATION, {"a_case": case_id, "a_agency": agency, "a_relation": relation})
    if changed.rowcount == 0:
        connection.execute(_INSERT_AGENCY, {"case_id": case_id, "agency": agency, "relation": relation})


def _write_entries(connection: Connection) -> None:
    """Insert the page's new entries now (before one of them is changed)."""
    rows: _Rows | None = connection.info.get(_ROWS)
    if rows is not None and rows.entries:
        connection.execute(_INSERT_ENTRY, rows.entries)
        rows.entries = []


def _set_tags(connection: Connection, case_id: UUID, tags: tuple[str, ...]) -> None:
    connection.execute(sa.delete(case_issue_tags).where(case_issue_tags.c.case_id == case_id))
    if tags:
        connection.execute(sa.insert(case_issue_tags), [{"case_id": case_id, "tag": t} for t in dict.fromkeys(tags)])


def _answer_referral(connection: Connection, event: Any, state: ReferralState) -> str:
    """Record the answer; returns the agency the referral went to."""
    where = case_referrals.c.referral_id == event.referral_id
    connection.execute(sa.update(case_referrals).where(where).values(state=state.value, answered_on=event.occurred_on))
    to_agency: str = connection.execute(sa.select(case_referrals.c.to_agency).where(where)).scalar_one()
    return to_agency


def _insert_member(connection: Connection, case_id: UUID, member: Any) -> None:
    connection.execute(_INSERT_MEMBER, _member_row(case_id, member))


def _member_row(case_id: UUID, member: Any) -> dict[str, Any]:
    return dict(
        member_id=member.member_id,
        case_id=case_id,
        name=member.name or "",
        kana=member.kana or "",
        birth_date=member.birth_date,
        relationship=member.relationship,
    )


def _answer_transfer(connection: Connection, event: Any, state: str) -> str:
    """Record the answer to a transfer request; returns the agency it was sent to."""
    where = case_transfers.c.transfer_id == event.transfer_id
    connection.execute(sa.update(case_transfers).where(where).values(state=state, answered_on=event.occurred_on))
    to_agency: str = connection.execute(sa.select(case_transfers.c.to_agency).where(where)).scalar_one()
    return to_agency


def _entry_values(entry: Consultation | OutreachVisit | Placement) -> dict[str, Any]:
    kind = {Consultation: "consultation", OutreachVisit: "outreach", Placement: "placement"}[type(entry)]
    is_contact = entry.contact_made if isinstance(entry, OutreachVisit) else isinstance(entry, Consultation)
    ended_on = entry.ended_on if isinstance(entry, Placement) else None
    return dict(kind=kind, occurred_on=entry.occurred_on, agency=entry.agency, is_contact=is_contact, ended_on=ended_on)


def _recount(connection: Connection, event: Any) -> None:
    """Move the row's version now; recount the case's live entries and last contact at the end of the page."""
    _update(connection, event)
    _RECOUNTS.request(connection, event.originator_id)


def _recount_statement() -> sa.Update:
    """Recount one case's live entries and its last contact from ``case_entries`` (built once, run per case)."""
    e = case_entries
    case_id = sa.bindparam("recount_case", type_=sa.Uuid)
    live = sa.and_(e.c.case_id == case_id, e.c.voided.is_(False))

    def count(kind: str) -> Any:
        return sa.select(sa.func.count()).where(live, e.c.kind == kind).scalar_subquery()

    return (
        sa.update(case_list)
        .where(case_list.c.case_id == case_id)
        .values(
            consultation_count=count("consultation"),
            outreach_count=count("outreach"),
            placement_count=count("placement"),
            last_contact_on=sa.select(sa.func.max(e.c.occurred_on))
            .where(live, e.c.is_contact.is_(True))
            .scalar_subquery(),
        )
    )


_RECOUNTS = DeferredRecount("case_list.to_recount", _recount_statement(), "recount_case")
"""The cases whose entries the page being applied changed (recounted after the rows are written back)."""
_EMPTY_ROW = {column.name: None for column in case_list.columns}
_INSERT_ENTRY = sa.insert(case_entries)
_INSERT_AGENCY = sa.insert(case_agencies)
_INSERT_TAG = sa.insert(case_issue_tags)
_INSERT_MEMBER = sa.insert(case_members)
_INSERT_CONSENT = sa.insert(case_meeting_consents)
_SET_RELATION = (
    sa.update(case_agencies)
    .where(
        case_agencies.c.case_id == sa.bindparam("a_case", type_=sa.Uuid),
        case_agencies.c.agency == sa.bindparam("a_agency"),
    )
    .values(relation=sa.bindparam("a_relation"))
)
