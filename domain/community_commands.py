"""Commands about community-level activities: those not tied to a case (相談会, 研修 …).

Kept beside ``domain.commands`` (same base class) so that each module stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.commands import Command


@dataclass(frozen=True, kw_only=True)
class RecordCommunityActivity(Command):
    """An activity not tied to a case: 相談会, 地域アセスメント, 連携会議 attendance, 研修 …"""

    activity_id: UUID
    kind: str
    """One of ``domain.community.ActivityKind``."""
    occurred_on: date
    agency: str
    title: str
    area: str | None = None
    participants: int = 0
    contacts: int = 0
    audience: str = ""
    """The code of an ``Audience`` (who a training or course was for), or empty."""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class CorrectCommunityActivity(Command):
    activity_id: UUID
    changes: dict[str, object] = field(default_factory=dict)
    reason: str
    occurred_on: date


@dataclass(frozen=True, kw_only=True)
class VoidCommunityActivity(Command):
    activity_id: UUID
    reason: str
    occurred_on: date
