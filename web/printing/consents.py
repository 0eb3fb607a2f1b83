"""A case's consent decisions as the printed documents quote them: the whole history, and what was in force.

Read from the case timeline (each ``ConsentRecorded`` row keeps the decision as recorded); a decision struck out
(取消) stays in the history, marked, and never counts as in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.case import Case
from domain.consent import ConsentRecord, ConsentScope, consent_in_force
from projections.cases import queries


@dataclass(frozen=True)
class ConsentLine:
    record: ConsentRecord
    voided: bool


def consent_history(connection: Connection, case_id: UUID) -> list[ConsentLine]:
    """Every consent decision of the case, first first."""
    return [
        ConsentLine(record=e.event.consent, voided=e.voided)
        for e in queries.timeline(connection, case_id)
        if isinstance(e.event, Case.ConsentRecorded)
    ]


def in_force(history: list[ConsentLine], scope: ConsentScope, on: date) -> ConsentRecord | None:
    """The decision covering ``scope`` in force on ``on`` (``domain.consent``'s rule), or None."""
    return consent_in_force((line.record for line in history if not line.voided), scope, on)
