"""The case timeline read model: one row per case event, oldest first.

Nothing is ever deleted: when an entry is voided or corrected, the rows
that recorded it are marked (``voided`` / ``corrected``) and the void or
correction gets its own row, so the history shows what was believed when.
A meeting's discussion of the case that is withdrawn is marked voided too.

Within a page of the log the new rows are gathered and inserted together (one
statement, compiled once, many rows) right before anything reads or marks
earlier rows, and at the end of the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.personal_data import redact
from projections.engine.bulk_rows import insert_rows
from projections.engine.catch_up import Projection
from projections.typed_events import case_event_class, name_of, revived

metadata = sa.MetaData()

case_timeline = sa.Table(
    "case_timeline",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("event_type", sa.String(50), nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_user", sa.String(64), nullable=False),
    sa.Column("actor_role", sa.String(30), nullable=False),
    sa.Column("actor_agency", sa.String(64), nullable=False),
    sa.Column("subject_id", sa.Uuid, comment="the entry, meeting, referral, consent or member the event is about"),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("voided", sa.Boolean, nullable=False),
    sa.Column("corrected", sa.Boolean, nullable=False, comment="a later correction replaced this record"),
)

ENTRY_VERSIONS = name_of(
    Case.ConsultationRecorded, Case.OutreachVisitRecorded, Case.PlacementStarted, Case.EntryCorrected
)
"""Events that record a whole entry: a correction supersedes the earlier ones."""
ENTRY_RECORDS = (*ENTRY_VERSIONS, *name_of(Case.PlacementEnded))
"""Everything recorded about an entry: a void strikes all of it."""
REFERRAL_RECORDS = name_of(Case.ReferralSent, Case.ReferralAccepted, Case.ReferralDeclined)
"""A referral and its answer: voiding the referral strikes all; voiding the answer, the last two."""
PLAN_VERSIONS = name_of(Case.PlanMade, Case.PlanRevised)
"""Events that record a whole plan version: voiding the version strikes its row."""
SUBJECT_FIELDS = ("entry_id", "meeting_id", "referral_id", "consent_id", "member_id")
_ENVELOPE = frozenset({"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_on", "actor"})
_PENDING = "case_timeline.pending"
"""``connection.info`` key: the rows of the page not inserted yet (set while a page is being applied)."""


class CaseTimeline(Projection):
    name = "case_timeline"
    version = 5
    """2: voided referrals, referral answers and consent decisions are struck out.
    3: plan payloads carry the plan's meeting and each action's 担当者 (fields added with defaults).
    4: a voided plan version is struck out.
    5: rows are written from upcast events (``Case.Assigned`` v2 always carries its reason)."""
    metadata = metadata

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Only the case's own events are on its timeline (meetings reach it through DiscussedAtMeeting)."""

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        pending: list[dict[str, Any]] = []
        connection.info[_PENDING] = pending
        try:
            super().apply_page(page, connection)
        finally:
            del connection.info[_PENDING]
        _flush(connection, pending)

    @apply.register(Case.Event)
    def _case_event(self, event: Any, connection: Connection) -> None:
        _insert(connection, event)

    @apply.register(Case.EntryVoided)
    def _entry_voided(self, event: Any, connection: Connection) -> None:
        _mark(connection, event, ENTRY_RECORDS, voided=True)
        _insert(connection, event)

    @apply.register(Case.EntryCorrected)
    def _entry_corrected(self, event: Any, connection: Connection) -> None:
        _mark(connection, event, ENTRY_VERSIONS, corrected=True)
        _insert(connection, event)

    @apply.register(Case.ReferralVoided)
    def _referral_voided(self, event: Any, connection: Connection) -> None:
        _mark(connection, event, REFERRAL_RECORDS, voided=True)
        _insert(connection, event)

    @apply.register(Case.ReferralAnswerVoided)
    def _referral_answer_voided(self, event: Any, connection: Connection) -> None:
        _mark(connection, event, REFERRAL_RECORDS[1:], voided=True)
        _insert(connection, event)

    @apply.register(Case.ConsentVoided)
    def _consent_voided(self, event: Any, connection: Connection) -> None:
        _mark(connection, event, name_of(Case.ConsentRecorded), voided=True)
        _insert(connection, event)

    @apply.register(Case.PlanVoided)
    def _plan_voided(self, event: Any, connection: Connection) -> None:
        """Plan versions have no id of their own: the row is found by the version number in its payload."""
        t = case_timeline.c
        _flush(connection, connection.info.get(_PENDING))
        rows = connection.execute(
            sa.select(t.version, t.event_type, t.payload).where(
                t.case_id == event.originator_id, t.event_type.in_(PLAN_VERSIONS), t.voided.is_(False)
            )
        ).all()
        for row in rows:
            if revived(row.event_type, row.payload).plan.version == event.plan_version:
                connection.execute(
                    sa.update(case_timeline)
                    .where(t.case_id == event.originator_id, t.version == row.version)
                    .values(voided=True)
                )
        _insert(connection, event)

    @apply.register(Case.DiscussionWithdrawn)
    def _discussion_withdrawn(self, event: Any, connection: Connection) -> None:
        _mark(connection, event, name_of(Case.DiscussedAtMeeting), voided=True)
        _insert(connection, event)

    @apply.register(Case.PersonalDataErased)
    def _personal_data_erased(self, event: Any, connection: Connection) -> None:
        """Every earlier row of the case loses its personal values, exactly as a rebuild from the log would."""
        t = case_timeline.c
        _flush(connection, connection.info.get(_PENDING))
        rows = connection.execute(
            sa.select(t.version, t.event_type, t.payload).where(t.case_id == event.originator_id)
        ).all()
        for row in rows:
            redacted = redact(case_event_class(row.event_type), row.payload)
            if redacted != row.payload:
                connection.execute(
                    sa.update(case_timeline)
                    .where(t.case_id == event.originator_id, t.version == row.version)
                    .values(payload=redacted)
                )
        _insert(connection, event)


def _insert(connection: Connection, event: Any) -> None:
    actor = event.actor
    row = dict(
        case_id=event.originator_id,
        version=event.originator_version,
        event_type=type(event).__name__,
        occurred_on=event.occurred_on,
        recorded_at=event.timestamp,
        actor_user=actor.user_id,
        actor_role=actor.role,
        actor_agency=actor.agency_id,
        subject_id=subject_of(event),
        payload=payload_of(event),
        voided=False,
        corrected=False,
    )
    pending = connection.info.get(_PENDING)
    if pending is None:  # applied on its own, not as part of a page
        connection.execute(_INSERT, row)
    else:
        pending.append(row)


def _flush(connection: Connection, pending: list[dict[str, Any]] | None) -> None:
    """Insert the rows gathered so far (before earlier rows are read or marked, and at the end of the page)."""
    if pending:
        insert_rows(connection, case_timeline, pending)
        pending.clear()


_INSERT = sa.insert(case_timeline)


def _mark(connection: Connection, event: Any, event_types: tuple[str, ...], **flags: bool) -> None:
    t = case_timeline.c
    _flush(connection, connection.info.get(_PENDING))
    connection.execute(
        sa.update(case_timeline)
        .where(t.case_id == event.originator_id, t.subject_id == subject_of(event), t.event_type.in_(event_types))
        .values(**flags)
    )


def subject_of(event: Any) -> UUID | None:
    """The id of the thing within the case an event is about, on the event or on the value it carries."""
    carriers = [event, *(v for v in vars(event).values() if dataclasses.is_dataclass(v))]
    for field in SUBJECT_FIELDS:
        for carrier in carriers:
            value = getattr(carrier, field, None)
            if isinstance(value, UUID):
                return value
    return None


def payload_of(event: Any) -> dict[str, Any]:
    """The event's own fields as JSON-ready data (the envelope has columns of its own)."""
    return {k: _jsonable(v) for k, v in sorted(vars(event).items()) if k not in _ENVELOPE}


def _jsonable(value: Any) -> Any:
    kind = type(value)
    if value is None or kind is str or kind is int or kind is bool or kind is float:  # most values: as they are
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _jsonable(getattr(value, name)) for name in _field_names(kind)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class (``dataclasses.fields`` is slow on every event)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names
