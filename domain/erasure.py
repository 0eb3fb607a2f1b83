"""Erasing a case's personal data (crypto-shredding), and when a closed case is due for it.

Erasure is an event (``Case.PersonalDataErased``: who, when, why) followed by
the destruction of the case's data key. Nothing is deleted from the log: the
sealed values stay where they are and can no longer be read, so counts,
as-of reports and the audit trail are unchanged while names and notes are gone
everywhere the log was copied (exports, backups) at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.commands import CaseCommand
from domain.errors import KasaneError, TransitionNotAllowed

DEFAULT_RETENTION_YEARS = 5
"""Years a closed (終結) case keeps its personal data; domain.md sets none, so 5 until the client decides."""


class ErasureNotPermitted(KasaneError):
    """Raised when someone other than an active admin asks to erase a case's personal data."""

    code = "erasure_not_permitted"


class CaseErased(TransitionNotAllowed):
    """Raised when something would record personal data on a case whose personal data has been erased."""

    code = "case_erased"


@dataclass(frozen=True, kw_only=True)
class ForgetCase(CaseCommand):
    reason: str


def erasure_due_on(closed_on: date, years: int) -> date:
    """The day a case closed on ``closed_on`` is due for erasure (29 February falls back to the 28th)."""
    try:
        return closed_on.replace(year=closed_on.year + years)
    except ValueError:
        return closed_on.replace(year=closed_on.year + years, day=28)
