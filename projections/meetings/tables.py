"""The tables of the meetings read model (owned by ``projections.meetings.meeting_list``).

``meeting_list`` has one row per meeting; the other tables hold what a
meeting has many of. Nothing is deleted when a meeting record is voided: the
row says ``voided``, its discussions are marked ``withdrawn``, and the counts
on the row drop to what still stands (as ``case_list`` does for voided entries).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

CODE = sa.String(64)

meeting_list = sa.Table(
    "meeting_list",
    metadata,
    sa.Column("meeting_id", sa.Uuid, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("meeting_type", CODE, nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("status", sa.String(12), nullable=False, comment="scheduled, held, cancelled or voided"),
    sa.Column("status_on", sa.Date, nullable=False, comment="when the current status was reached"),
    sa.Column("status_reason", sa.Text, comment="why it was cancelled or voided"),
    sa.Column("scheduled_on", sa.Date, nullable=False),
    sa.Column("held_on", sa.Date),
    sa.Column("convenor_agency", CODE, nullable=False),
    sa.Column("is_trial", sa.Boolean, nullable=False),
    sa.Column(
        "restricted_records",
        sa.Boolean,
        comment="as recorded when held (visible to the attendees' agencies only); null until then",
    ),
    sa.Column("consent_required", sa.Boolean, comment="as recorded when held; null until then"),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("attendee_count", sa.Integer, nullable=False),
    sa.Column("discussed_case_count", sa.Integer, nullable=False, comment="discussions not withdrawn"),
    sa.Column("open_action_item_count", sa.Integer, nullable=False, comment="not done, on a meeting that stands"),
    sa.Column("planned_case_count", sa.Integer, nullable=False, comment="cases planned when it was scheduled"),
    sa.Column("starts_at", sa.String(5), nullable=False, comment="HH:MM in Japan time, or empty"),
    sa.Column("ends_at", sa.String(5), nullable=False, comment="HH:MM in Japan time, or empty"),
    sa.Column("place", sa.String(200), nullable=False),
    sa.Column("recorder", sa.String(200), nullable=False, comment="who kept the minutes"),
)

meeting_planned_cases = sa.Table(
    "meeting_planned_cases",
    metadata,
    sa.Column("meeting_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, primary_key=True, index=True),
)

meeting_attendees = sa.Table(
    "meeting_attendees",
    metadata,
    sa.Column("meeting_id", sa.Uuid, primary_key=True),
    sa.Column("agency", CODE, primary_key=True),
    sa.Column("role", sa.String(200), primary_key=True, comment="e.g. 相談支援包括化推進員; may be empty"),
)
sa.Index("meeting_attendees_by_agency", meeting_attendees.c.agency, meeting_attendees.c.meeting_id)
"""The meetings an agency attended: the scope rule (``projections.cases.scope``) reads it on every list and caseload."""

meeting_discussions = sa.Table(
    "meeting_discussions",
    metadata,
    sa.Column("meeting_id", sa.Uuid, primary_key=True),
    sa.Column("case_id", sa.Uuid, primary_key=True, index=True),
    sa.Column("outcome", sa.String(30), nullable=False),
    sa.Column("decisions", sa.Text, nullable=False),
    sa.Column("role_allocation", sa.Text, nullable=False),
    sa.Column("withdrawn", sa.Boolean, nullable=False, comment="the meeting record was voided"),
    sa.Column("closure_reason", sa.String(30), nullable=False, comment="when the meeting decided 終結; else empty"),
)

meeting_action_items = sa.Table(
    "meeting_action_items",
    metadata,
    sa.Column("item_id", sa.Uuid, primary_key=True),
    sa.Column("meeting_id", sa.Uuid, nullable=False, index=True),
    sa.Column("case_id", sa.Uuid, index=True),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("owner_agency", CODE, nullable=False),
    sa.Column("due_on", sa.Date, nullable=False),
    sa.Column("done_on", sa.Date),
    sa.Column("note", sa.Text, comment="the completion note; null until done"),
)
sa.Index(
    "meeting_action_items_open_by_due",
    meeting_action_items.c.due_on,
    meeting_action_items.c.owner_agency,
    meeting_action_items.c.item_id,
    sqlite_where=meeting_action_items.c.done_on.is_(None),
    postgresql_where=meeting_action_items.c.done_on.is_(None),
)
"""Open items, most overdue first: the caseload's top ten walks it and stops after ten visible items."""
