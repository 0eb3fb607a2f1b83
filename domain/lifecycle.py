"""A case's lifecycle: 受付 → アセスメント → プラン作成 → 支援中 → モニタリング → 終結.

Which moves are allowed is data (``ALLOWED``), so the rule is in one place
and the UI can offer only the moves that will succeed.
"""

from __future__ import annotations

from enum import StrEnum

from domain.errors import TransitionNotAllowed


class CaseStatus(StrEnum):
    INTAKE = "intake"
    ASSESSMENT = "assessment"
    PLANNING = "planning"
    IN_SUPPORT = "in_support"
    MONITORING = "monitoring"
    CLOSED = "closed"


class ClosureReason(StrEnum):
    RESOLVED = "resolved"
    TRANSFERRED = "transferred"
    MOVED_AWAY = "moved_away"
    DECEASED = "deceased"
    CONTACT_LOST = "contact_lost"
    DECLINED = "declined"
    OTHER = "other"


S = CaseStatus

ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.INTAKE: frozenset({S.ASSESSMENT, S.CLOSED}),
    S.ASSESSMENT: frozenset({S.PLANNING, S.IN_SUPPORT, S.CLOSED}),
    S.PLANNING: frozenset({S.IN_SUPPORT, S.ASSESSMENT, S.CLOSED}),
    S.IN_SUPPORT: frozenset({S.MONITORING, S.PLANNING, S.CLOSED}),
    S.MONITORING: frozenset({S.IN_SUPPORT, S.PLANNING, S.CLOSED}),
    S.CLOSED: frozenset(),
}
"""Forward one step, back to re-assess or re-plan, or close from anywhere open.

A closed case moves only through ``reopen`` (back to intake), never through
an ordinary status change, so that every reopening carries its reason.
"""


def check_transition(current: CaseStatus, target: CaseStatus) -> None:
    """Raised when the lifecycle does not allow moving from ``current`` to ``target``."""
    if target == current:
        raise TransitionNotAllowed(f"the case is already in status {current.value}", field="status", current=current)
    if target not in ALLOWED[current]:
        raise TransitionNotAllowed(
            f"a case in status {current.value} cannot move to {target.value}",
            field="status",
            current=current,
            target=target,
        )
