"""The disclosure ledger of a case (開示記録): every time its records were shown or printed, to whom, on what basis.

The audit log already records every read that showed the case (``web.access.audit``); the ledger keeps the
successful reads and exports of this case and states, for each, the legal basis in force that day
(``domain.disclosure.basis_on``): the 支援会議 confidentiality of 社会福祉法第106条の6 when it was shown on a
支援会議's pages, else the consent in force with its scopes, as recorded by the moment of the access.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.audit import Access
from domain.disclosure import LegalBasis, basis_on
from projections.disclosures import consent_history, support_meetings
from projections.indicators.fact_tables import utc

READS = frozenset({"read", "export"})
MEETING_IN_PATH = re.compile(r"/meetings/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


@dataclass(frozen=True)
class Disclosure:
    at: datetime
    """When, in the business zone."""
    username: str
    role: str
    agency: str
    how: str
    """shown, printed or exported."""
    path: str
    purpose: str
    basis: LegalBasis


def disclosures(connection: Connection, case_id: UUID, accesses: Iterable[Access], zone: tzinfo) -> list[Disclosure]:
    """The case's disclosures, oldest first, each with its basis."""
    shown = [a for a in accesses if a.action in READS and a.status < 400 and str(case_id) in a.case_ids]
    meetings = {a.position: _meeting_in(a.path) for a in shown}
    confidential = support_meetings(connection, (m for m in meetings.values() if m is not None))
    consents = consent_history(connection, case_id)
    ledger = []
    for access in shown:
        at = utc(access.at)
        known = [c.record for c in consents if c.known_at(at)]
        within = meetings[access.position] in confidential
        basis = basis_on(at.astimezone(zone).date(), known, within_support_meeting=within)
        ledger.append(
            Disclosure(
                at.astimezone(zone), access.username, access.role, access.agency, _how(access), access.path,
                access.purpose, basis,
            )
        )  # fmt: skip
    return ledger


def _meeting_in(path: str) -> UUID | None:
    found = MEETING_IN_PATH.search(path)
    return UUID(found.group(1)) if found else None


def _how(access: Access) -> str:
    if access.action == "export":
        return "exported"
    return "printed" if access.path.rstrip("/").endswith("/print") else "shown"


def as_rows(ledger: Sequence[Disclosure]) -> list[dict[str, str]]:
    """The ledger as plain values (the command line's tab-separated lines)."""
    return [
        {
            "at": d.at.isoformat(timespec="seconds"),
            "user": d.username,
            "role": d.role,
            "agency": d.agency,
            "how": d.how,
            "path": d.path,
            "purpose": d.purpose,
            "basis": d.basis.kind.value,
            "scopes": ",".join(d.basis.scopes),
        }
        for d in ledger
    ]
