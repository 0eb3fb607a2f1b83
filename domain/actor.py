"""Who did something: recorded on every event."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    SUPERVISOR = "supervisor"
    PLANNER = "planner"
    ADMIN = "admin"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """The acting user, their role and agency, as the request named them.

    Stored on every event so that "who did what and when" can be answered
    from the log alone, even after a user leaves or changes agency.
    """

    user_id: str
    role: str
    agency_id: str

    @classmethod
    def system(cls) -> Actor:
        """The actor for changes made by Kasane itself (demo data, migrations)."""
        return cls(user_id="system", role=Role.SYSTEM, agency_id="")
