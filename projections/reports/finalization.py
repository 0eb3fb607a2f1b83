"""Whether a year's evaluation report is 確定 (finalized), as of when, and with which document digest.

``PlanEvaluation.Finalized`` is kept by ``evaluation_records`` like every evaluation entry; this reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.indicators.evaluation_records import evaluation_records
from projections.indicators.fact_tables import utc


@dataclass(frozen=True)
class FinalizedYear:
    as_of: datetime
    """The moment the 確定 document was made as of: re-made as of it, the document is byte-identical."""
    document_sha256: str
    finalized_on: date
    finalized_by: str
    recorded_at: datetime


def finalized_year(connection: Connection, code: str, fiscal_year: int) -> FinalizedYear | None:
    r = evaluation_records.c
    row = connection.execute(
        sa.select(r.payload, r.occurred_on, r.actor, r.recorded_at)
        .where(r.plan_code == code, r.fiscal_year == fiscal_year, r.record == "Finalized")
        .order_by(r.notification_id)
        .limit(1)
    ).one_or_none()
    if row is None:
        return None
    return FinalizedYear(
        as_of=utc(datetime.fromisoformat(row.payload["as_of"])),
        document_sha256=row.payload["document_sha256"],
        finalized_on=row.occurred_on,
        finalized_by=row.actor,
        recorded_at=utc(row.recorded_at),
    )
