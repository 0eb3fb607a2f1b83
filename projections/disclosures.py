"""What the disclosure ledger reads from the read models: a case's consents as known at each moment, and
which meetings are 支援会議 whose records stay with their attendees.

Consents come from the case timeline (``projections.timeline``), which keeps
every decision with its write time and marks voided ones: a consent counts at
a moment when it had been recorded by then and not yet voided, so the ledger
states the basis as it stood when the records were shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.consent import ConsentRecord
from projections.indicators.fact_tables import utc
from projections.meetings.tables import meeting_list
from projections.timeline import case_timeline
from projections.typed_events import name_of, revived

SUPPORT_MEETING_TYPE = "support"
"""支援会議 (社会福祉法第106条の6): also before it is held, when ``restricted_records`` is not yet recorded."""


@dataclass(frozen=True)
class KnownConsent:
    record: ConsentRecord
    recorded_at: datetime
    voided_at: datetime | None

    def known_at(self, moment: datetime) -> bool:
        return self.recorded_at <= moment and (self.voided_at is None or self.voided_at > moment)


def consent_history(connection: Connection, case_id: UUID) -> list[KnownConsent]:
    """Every consent decision recorded on the case, with when it was written and when (if ever) voided."""
    t = case_timeline.c
    rows = connection.execute(
        sa.select(t.event_type, t.payload, t.occurred_on, t.recorded_at, t.subject_id)
        .where(t.case_id == case_id, t.event_type.in_(name_of(Case.ConsentRecorded, Case.ConsentVoided)))
        .order_by(t.version)
    ).all()
    voided = {r.subject_id: utc(r.recorded_at) for r in rows if r.event_type == Case.ConsentVoided.__name__}
    return [
        KnownConsent(record, utc(r.recorded_at), voided.get(record.consent_id))
        for r in rows
        if r.event_type == Case.ConsentRecorded.__name__
        for record in (revived(r.event_type, r.payload, r.occurred_on).consent,)
    ]


def support_meetings(connection: Connection, meeting_ids: Iterable[UUID]) -> set[UUID]:
    """Of ``meeting_ids``, the 支援会議: records kept to the attendees, or of the 支援会議 type before it is held."""
    m = meeting_list.c
    confidential = sa.or_(
        m.restricted_records.is_(True), sa.and_(m.restricted_records.is_(None), m.meeting_type == SUPPORT_MEETING_TYPE)
    )
    ids = list(set(meeting_ids))
    if not ids:
        return set()
    return set(connection.execute(sa.select(m.meeting_id).where(m.meeting_id.in_(ids), confidential)).scalars())
