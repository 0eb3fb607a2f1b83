"""Erasing a case's personal data (crypto-shredding): the event first, then the key (a mixin of ``Kasane``)."""

from __future__ import annotations

from domain.actor import Role
from domain.application_core import KasaneCore
from domain.erasure import ErasureNotPermitted, ForgetCase
from domain.errors import KasaneError
from domain.use_cases import Recorded
from domain.user import User


class ErasureUseCases(KasaneCore):
    def forget_case(self, cmd: ForgetCase) -> Recorded:
        """Record the erasure, then destroy the key; a retry after a crash in between only destroys the key."""
        _check_admin(self, cmd.actor.user_id)
        case = self.case(cmd.case_id)
        if case.personal_data_erased and self.case_keys.destroy(case.id):
            return Recorded(id=case.id, notification_id=self.recorder.max_notification_id() or 0)
        case.erase_personal_data(reason=cmd.reason, on=self.today(), actor=cmd.actor)
        recorded = self._save(case)
        self.case_keys.destroy(case.id)
        return recorded


def _check_admin(app: KasaneCore, username: str) -> None:
    """The acting user must be registered, active and an admin (checked against master data, not the request)."""
    try:
        user = app.master(User, username, "as")
    except KasaneError:
        raise ErasureNotPermitted(f"no registered user {username!r}", field="as") from None
    if not user.active or user.role != Role.ADMIN:
        raise ErasureNotPermitted("only an administrator may erase a case's personal data", field="as")
