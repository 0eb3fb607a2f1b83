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
from typing import TYPE_CHECKING

from domain.actor import Role
from domain.commands import CaseCommand
from domain.errors import KasaneError, TransitionNotAllowed
from domain.use_cases import Recorded, handles
from domain.user import User

if TYPE_CHECKING:
    from domain.application import Kasane

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


class ErasureUseCases:
    @handles(ForgetCase)
    def forget_case(self: Kasane, cmd: ForgetCase) -> Recorded:
        """Record the erasure, then destroy the key; a retry after a crash in between only destroys the key."""
        _check_admin(self, cmd.actor.user_id)
        case = self.case(cmd.case_id)
        if case.personal_data_erased and self.case_keys.destroy(case.id):
            return Recorded(id=case.id, notification_id=self.recorder.max_notification_id() or 0)
        case.erase_personal_data(reason=cmd.reason, on=self.today(), actor=cmd.actor)
        recorded = self._save(case)
        self.case_keys.destroy(case.id)
        return recorded


def _check_admin(app: Kasane, username: str) -> None:
    """The acting user must be registered, active and an admin (checked against master data, not the request)."""
    try:
        user = app.master(User, username, "as")
    except KasaneError:
        raise ErasureNotPermitted(f"no registered user {username!r}", field="as") from None
    if not user.active or user.role != Role.ADMIN:
        raise ErasureNotPermitted("only an administrator may erase a case's personal data", field="as")


def erasure_due_on(closed_on: date, years: int) -> date:
    """The day a case closed on ``closed_on`` is due for erasure (29 February falls back to the 28th)."""
    try:
        return closed_on.replace(year=closed_on.year + years)
    except ValueError:
        return closed_on.replace(year=closed_on.year + years, day=28)
