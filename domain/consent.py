"""Consent (同意・合意) and the rule of when it is in force.

Consent is never edited: each decision (given, refused, withdrawn) is a new
record, and "in force on a date" is decided from the whole history, so a
meeting held last month can be checked against what was true last month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID


class ConsentDecision(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class ConsentScope(StrEnum):
    """What the person agreed to."""

    MEETING_DISCUSSION = "meeting_discussion"
    """Being taken up at a consent-requiring meeting such as 重層的支援会議."""
    INFORMATION_SHARING = "information_sharing"
    """Sharing their information with the involved agencies."""
    SUPPORT_PLAN = "support_plan"
    """The multi-agency support plan."""


@dataclass(frozen=True)
class ConsentRecord:
    consent_id: UUID
    decision: str
    scopes: tuple[str, ...]
    decided_on: date
    expires_on: date | None
    given_by: str
    note: str


def consent_in_force(records: Iterable[ConsentRecord], scope: ConsentScope, on: date) -> ConsentRecord | None:
    """The consent covering ``scope`` that is in force on ``on``, or None.

    The latest decision dated on or before ``on`` that mentions the scope wins
    (decisions on the same date: the one recorded last). Consent given with an
    expiry date lapses after that date.
    """
    latest: ConsentRecord | None = None
    for record in records:
        if (
            scope.value in record.scopes
            and record.decided_on <= on
            and (latest is None or record.decided_on >= latest.decided_on)
        ):
            latest = record
    if latest is None or latest.decision != ConsentDecision.GIVEN:
        return None
    if latest.expires_on is not None and latest.expires_on < on:
        return None
    return latest
