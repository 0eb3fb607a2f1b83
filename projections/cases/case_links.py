"""What a case is linked to, beside its ``case_list`` row: agencies, members, tags, consents, referrals, transfers.

The case list keeps these in their own tables (``projections.cases.tables``);
these are the writes its handlers share, one place per kind of link, so that
the projection's handlers read as what each event does.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.referral import ReferralState
from projections.cases import case_relations as relations
from projections.cases.case_rows import add_links, case_row, write_links
from projections.cases.tables import (
    case_agencies,
    case_issue_tags,
    case_meeting_agencies,
    case_meeting_consents,
    case_members,
    case_referrals,
    case_transfers,
)
from projections.engine.bulk_rows import insert_rows


def insert_opened(connection: Connection, event: Any) -> None:
    """A new case: nothing of it is stored yet, so everything is inserted (with the page's other new cases' rows:
    a page opens many cases, and one statement per table and case was most of what opening one cost)."""
    case_id = event.originator_id
    agencies = {event.lead_agency: "lead"} | (
        {} if event.intake_agency == event.lead_agency else {event.intake_agency: "intake"}
    )
    add_links(
        connection, case_agencies, [{"case_id": case_id, "agency": a, "relation": r} for a, r in agencies.items()]
    )
    relations.added(connection, "involved", case_id, agencies)
    if event.issue_tags:
        tags = [{"case_id": case_id, "tag": t} for t in dict.fromkeys(event.issue_tags)]
        add_links(connection, case_issue_tags, tags)
        relations.added(connection, "tag", case_id, event.issue_tags)
    if event.members:
        add_links(connection, case_members, [_member_row(case_id, member) for member in event.members])


def add_members(connection: Connection, event: Any, change: int) -> None:
    with case_row(connection, event.originator_id) as row:
        if row is not None:
            row["member_count"] += change


def set_agency(connection: Connection, case_id: UUID, agency: str, relation: str) -> None:
    write_links(connection)
    changed = connection.execute(_SET_RELATION, {"a_case": case_id, "a_agency": agency, "a_relation": relation})
    if changed.rowcount == 0:
        insert_rows(connection, case_agencies, [{"case_id": case_id, "agency": agency, "relation": relation}])
    relations.added(connection, "involved", case_id, [agency])


def add_agency(connection: Connection, case_id: UUID, agency: str, relation: str) -> None:
    """A new row of the case's agencies, known to be none of its rows yet (with the page's other new rows)."""
    add_links(connection, case_agencies, [{"case_id": case_id, "agency": agency, "relation": relation}])
    relations.added(connection, "involved", case_id, [agency])


def demote_lead(connection: Connection, case_id: UUID) -> None:
    """The lead agency stays involved when another takes the lead."""
    write_links(connection)
    connection.execute(_DEMOTE_LEAD, {"d_case": case_id})


def set_tags(connection: Connection, case_id: UUID, tags: tuple[str, ...]) -> None:
    write_links(connection)
    connection.execute(_DELETE_TAGS, {"t_case": case_id})
    if tags:
        insert_rows(connection, case_issue_tags, [{"case_id": case_id, "tag": t} for t in dict.fromkeys(tags)])
    relations.replaced(connection, "tag", case_id, tags)


def insert_consent(connection: Connection, event: Any) -> None:
    record = event.consent
    row = dict(
        consent_id=record.consent_id,
        case_id=event.originator_id,
        decision=record.decision,
        decided_on=record.decided_on,
        expires_on=record.expires_on,
        recorded_version=event.originator_version,
    )
    insert_rows(connection, case_meeting_consents, [row])


def answer_referral(connection: Connection, event: Any, state: ReferralState) -> str:
    """Record the answer; returns the agency the referral went to (one statement, built once: ``RETURNING``)."""
    answer = {"r_id": event.referral_id, "r_state": state.value, "r_on": event.occurred_on}
    to_agency: str = connection.execute(_ANSWER_REFERRAL, answer).scalar_one()
    return to_agency


def insert_member(connection: Connection, case_id: UUID, member: Any) -> None:
    add_links(connection, case_members, [_member_row(case_id, member)])


def _member_row(case_id: UUID, member: Any) -> dict[str, Any]:
    return dict(
        member_id=member.member_id,
        case_id=case_id,
        name=member.name or "",
        kana=member.kana or "",
        birth_date=member.birth_date,
        relationship=member.relationship,
    )


def answer_transfer(connection: Connection, event: Any, state: str) -> str:
    """Record the answer to a transfer request; returns the agency it was sent to."""
    where = case_transfers.c.transfer_id == event.transfer_id
    connection.execute(sa.update(case_transfers).where(where).values(state=state, answered_on=event.occurred_on))
    to_agency: str = connection.execute(sa.select(case_transfers.c.to_agency).where(where)).scalar_one()
    relations.unknown(connection, event.originator_id)  # another request to the same agency may still stand
    return to_agency


_DEMOTE_LEAD = (
    sa.update(case_agencies)
    .where(case_agencies.c.case_id == sa.bindparam("d_case", type_=sa.Uuid), case_agencies.c.relation == "lead")
    .values(relation="involved")
)
_DELETE_TAGS = sa.delete(case_issue_tags).where(case_issue_tags.c.case_id == sa.bindparam("t_case", type_=sa.Uuid))
_ANSWER_REFERRAL = (
    sa.update(case_referrals)
    .where(case_referrals.c.referral_id == sa.bindparam("r_id", type_=sa.Uuid))
    .values(state=sa.bindparam("r_state"), answered_on=sa.bindparam("r_on", type_=sa.Date))
    .returning(case_referrals.c.to_agency)
)
_SET_RELATION = (
    sa.update(case_agencies)
    .where(
        case_agencies.c.case_id == sa.bindparam("a_case", type_=sa.Uuid),
        case_agencies.c.agency == sa.bindparam("a_agency"),
    )
    .values(relation=sa.bindparam("a_relation"))
)


def insert_meeting_agencies(connection: Connection, event: Any) -> None:
    """A meeting held: each attending agency may now see each case it discussed (the scope's meeting branch)."""
    agencies = dict.fromkeys(a.agency for a in event.attendees)
    cases = dict.fromkeys(d.case_id for d in event.discussions)
    found = [{"case_id": c, "meeting_id": event.originator_id, "agency": a} for c in cases for a in agencies]
    insert_rows(connection, case_meeting_agencies, found)
    for case_id in cases:
        relations.added(connection, "met", case_id, agencies)


def delete_meeting_agencies(connection: Connection, meeting_id: UUID, case_id: UUID | None = None) -> None:
    """A meeting record voided (every case), or one case taken off it: its attendees no longer see it that way."""
    m = case_meeting_agencies.c
    where = [m.meeting_id == meeting_id] + ([] if case_id is None else [m.case_id == case_id])
    connection.execute(sa.delete(case_meeting_agencies).where(*where))
    relations.unknown(connection, case_id)  # the agency may still have seen the case at another meeting


def insert_referral(connection: Connection, event: Any) -> None:
    referral = event.referral
    row = dict(
        referral_id=referral.referral_id,
        case_id=event.originator_id,
        from_agency=referral.from_agency,
        to_agency=referral.to_agency,
        sent_on=referral.sent_on,
        state=referral.state,
    )
    insert_rows(connection, case_referrals, [row])


def insert_transfer(connection: Connection, event: Any) -> None:
    """A request to move the case's lead agency; who asked is kept (not why: personal free text)."""
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
    if transfer.state == "requested":
        relations.added(connection, "asked", event.originator_id, [transfer.to_agency])
