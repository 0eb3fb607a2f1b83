"""The legal basis on which a household's records were shown: the rule the disclosure ledger applies.

Within a 支援会議 (a meeting whose records are kept to its attendees), members
share what they know under the duty of confidentiality of 社会福祉法第106条の6,
without the household's consent; anywhere else, the basis is the consent in
force on the day with the scopes it covers (``domain.consent.consent_in_force``),
or there is none on record. Which consents were known on the day is the
caller's to decide (the ledger takes them as recorded by the moment of access).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.consent import ConsentRecord, ConsentScope, consent_in_force


class BasisKind(StrEnum):
    MEETING_CONFIDENTIALITY = "meeting_confidentiality"
    """社会福祉法第106条の6: shared within a 支援会議, whose members keep it confidential."""
    CONSENT = "consent"
    NONE = "none"
    """Neither: no consent in force that day, and not shown within a 支援会議."""


@dataclass(frozen=True)
class LegalBasis:
    kind: BasisKind
    scopes: tuple[str, ...] = ()
    """The consent scopes in force that day (in ``ConsentScope`` order), for ``CONSENT``."""
    decided_on: date | None = None
    """When the latest of those consents was given."""


def basis_on(day: date, consents: Iterable[ConsentRecord], *, within_support_meeting: bool) -> LegalBasis:
    """The basis of showing a household's records on ``day``."""
    if within_support_meeting:
        return LegalBasis(BasisKind.MEETING_CONFIDENTIALITY)
    records = list(consents)
    in_force = {scope: consent_in_force(records, scope, day) for scope in ConsentScope}
    given = {scope.value: record for scope, record in in_force.items() if record is not None}
    if not given:
        return LegalBasis(BasisKind.NONE)
    return LegalBasis(BasisKind.CONSENT, tuple(given), max(r.decided_on for r in given.values()))
