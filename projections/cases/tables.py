"""The tables of the case list read model (owned by ``projections.cases.case_list``).

``case_list`` has one row per case; the other tables hold what a case has
many of. ``case_entries`` keeps just enough of each logged activity to
recount a case after a void or a correction.
"""

from __future__ import annotations

import sqlalchemy as sa

from domain.lifecycle import CaseStatus
from projections.engine.versioning import AFTER_LOAD

metadata = sa.MetaData()

CODE = sa.String(64)

case_list = sa.Table(
    "case_list",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("household_name", sa.String(200), nullable=False),
    sa.Column("member_count", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("status_since", sa.Date, nullable=False),
    sa.Column("closure_reason", sa.String(30)),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("area", CODE, nullable=False),
    sa.Column("intake_agency", CODE, nullable=False),
    sa.Column("lead_agency", CODE, nullable=False),
    sa.Column("coordinator", CODE, nullable=False),
    sa.Column(
        "meeting_consent",
        sa.String(12),
        nullable=False,
        comment="given, refused, withdrawn or none: the latest decision covering meeting_discussion",
    ),
    sa.Column("meeting_consent_on", sa.Date),
    sa.Column("meeting_consent_expires_on", sa.Date),
    sa.Column("plan_version", sa.Integer),
    sa.Column("plan_type", sa.String(30)),
    sa.Column("next_review_due_on", sa.Date),
    sa.Column("last_contact_on", sa.Date),
    sa.Column("consultation_count", sa.Integer, nullable=False),
    sa.Column("outreach_count", sa.Integer, nullable=False),
    sa.Column("placement_count", sa.Integer, nullable=False),
)
sa.Index(
    "case_list_newest_first",
    case_list.c.opened_on.desc(),
    case_list.c.household_name,
    case_list.c.case_id,
    info={AFTER_LOAD: True},
)
"""The case list's default order, so a page of it is read in order and stops at the limit (keyset paging)."""
sa.Index("case_list_by_coordinator", case_list.c.coordinator, case_list.c.lead_agency, info={AFTER_LOAD: True})
"""My cases, the coordinator filter, and the coordinator branch of the agency scope; with the lead agency, the
caseload finds a coordinator's cases led by another agency (the only ones that can be outside their agency's scope)
without visiting the others."""

IS_OPEN = case_list.c.status != sa.literal_column(f"'{CaseStatus.CLOSED.value}'")
"""Open cases, written as a literal: the partial indexes below are used only by a query saying exactly this."""
sa.Index(
    "case_list_open_by_review_due",
    case_list.c.next_review_due_on,
    case_list.c.case_id,
    sqlite_where=IS_OPEN,
    postgresql_where=IS_OPEN,
)
sa.Index(
    "case_list_open_by_status_since",
    case_list.c.status_since,
    case_list.c.case_id,
    sqlite_where=IS_OPEN,
    postgresql_where=IS_OPEN,
)
"""The caseload's top tens (overdue reviews, long in one status) walk these in order and stop after ten visible
rows; closed cases, which keep their old dates, are not in them to be walked past."""

case_agencies = sa.Table(
    "case_agencies",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("agency", CODE, primary_key=True),
    sa.Column("relation", sa.String(20), nullable=False, comment="lead, intake or involved"),
)
sa.Index("case_agencies_by_agency", case_agencies.c.agency)
"""The agency scope (``projections.cases.scope``) starts from an agency: every list, count and case page uses it."""

case_issue_tags = sa.Table(
    "case_issue_tags",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("tag", sa.String(40), primary_key=True),
)

case_entries = sa.Table(
    "case_entries",
    metadata,
    sa.Column("entry_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False, comment="consultation, outreach or placement"),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("agency", CODE, nullable=False),
    sa.Column(
        "is_contact",
        sa.Boolean,
        nullable=False,
        comment="counts as contact with the household (an outreach visit only if contact was made)",
    ),
    sa.Column("ended_on", sa.Date),
    sa.Column("voided", sa.Boolean, nullable=False),
)

case_referrals = sa.Table(
    "case_referrals",
    metadata,
    sa.Column("referral_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, nullable=False, index=True),
    sa.Column("from_agency", CODE, nullable=False),
    sa.Column("to_agency", CODE, nullable=False),
    sa.Column("sent_on", sa.Date, nullable=False),
    sa.Column("state", sa.String(12), nullable=False),
    sa.Column("answered_on", sa.Date),
)

case_meeting_consents = sa.Table(
    "case_meeting_consents",
    metadata,
    sa.Column("consent_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, nullable=False, index=True),
    sa.Column("decision", sa.String(12), nullable=False),
    sa.Column("decided_on", sa.Date, nullable=False),
    sa.Column("expires_on", sa.Date),
    sa.Column("recorded_version", sa.Integer, nullable=False, comment="same date: the one recorded last wins"),
    comment="each standing consent decision covering meeting_discussion, so a voided one gives way to the one before",
)
case_transfers = sa.Table(
    "case_transfers",
    metadata,
    sa.Column("transfer_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, nullable=False, index=True),
    sa.Column("from_agency", CODE, nullable=False),
    sa.Column("to_agency", CODE, nullable=False),
    sa.Column("requested_on", sa.Date, nullable=False),
    sa.Column("requested_by", CODE, nullable=False),
    sa.Column("state", sa.String(12), nullable=False, comment="requested, accepted, declined or withdrawn"),
    sa.Column("answered_on", sa.Date),
)
"""Requests to move a case's lead agency (decision 10); reasons stay in the event log (personal free text)."""
sa.Index("case_transfers_by_receiver", case_transfers.c.to_agency, case_transfers.c.state)
"""The receiving agency's incoming list, and its view of the cases it is asked to take."""

case_members = sa.Table(
    "case_members",
    metadata,
    sa.Column("member_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kana", sa.String(200), nullable=False),
    sa.Column("birth_date", sa.Date),
    sa.Column("relationship", sa.String(30), nullable=False),
)
"""The household's current members, for the case page's member forms (blanked when the case is erased)."""

case_urgent_checks = sa.Table(
    "case_urgent_checks",
    metadata,
    sa.Column("check_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, nullable=False, index=True),
    sa.Column("marked_on", sa.Date, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("checked_on", sa.Date),
)
"""48時間以内の状況確認: open ones (``checked_on`` NULL) show on the caseload, overdue once ``due_on`` has passed."""
sa.Index("case_urgent_checks_open", case_urgent_checks.c.checked_on, case_urgent_checks.c.due_on)

case_meeting_agencies = sa.Table(
    "case_meeting_agencies",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("meeting_id", sa.Uuid, primary_key=True, index=True),
    sa.Column("agency", CODE, primary_key=True),
    comment="the agencies that attended a meeting that discussed the case (not withdrawn): a way in of the scope",
)
"""The meeting branch of the scope, kept with the case rows so the caseload summary can follow it."""

caseload_summary = sa.Table(
    "caseload_summary",
    metadata,
    sa.Column("scope", CODE, primary_key=True, comment="an agency that may see the cases, or '' for every case"),
    sa.Column("dimension", sa.String(20), primary_key=True),
    sa.Column("value", CODE, primary_key=True, comment="a code, a month (YYYY-MM) or a day (YYYY-MM-DD)"),
    sa.Column("cases", sa.Integer, nullable=False),
)
"""The caseload's counts per agency scope (``projections.cases.caseload_summary``): a dashboard reads a few hundred."""

caseload_meeting_parties = sa.Table(
    "caseload_meeting_parties",
    metadata,
    sa.Column("meeting_id", sa.Uuid, primary_key=True),
    sa.Column("agency", CODE, primary_key=True, comment="the convenor, or an agency that attended"),
)
"""Who took part in a meeting that still owes action items (and in one not held yet): the rule's ``took_part``."""

caseload_open_items = sa.Table(
    "caseload_open_items",
    metadata,
    sa.Column("item_id", sa.Uuid, primary_key=True),
    sa.Column("meeting_id", sa.Uuid, nullable=False, index=True),
    sa.Column("case_id", sa.Uuid, index=True),
    sa.Column("owner_agency", CODE, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("restricted", sa.Boolean, nullable=False, comment="the meeting's records: its parties' agencies only"),
    comment="action items not done, of held meetings not voided, as the case list follows the meetings",
)
"""The open action items the counts below follow (``projections.cases.caseload_action_items``)."""

caseload_action_items = sa.Table(
    "caseload_action_items",
    metadata,
    sa.Column("scope", CODE, primary_key=True, comment="an agency that may see the items, or '' for every item"),
    sa.Column("due_on", sa.Date, primary_key=True),
    sa.Column("open_items", sa.Integer, nullable=False),
)
"""Open action items per agency scope and due day: the dashboard's open and overdue counts read a few hundred."""
