"""The multi-agency support plan (支援プラン) of a case.

A revision is a new version; earlier versions stay readable, so the case
history shows what was agreed at each point.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID


class PlanType(StrEnum):
    LAYERED = "layered"
    """重層的支援プラン, made through the support meetings."""
    SELF_RELIANCE = "self_reliance"
    """自立支援プラン of the independence-support consultation agency."""
    SUPPORT = "support"
    """サポートプラン of the child and family centre."""
    MATERNAL = "maternal"
    """支援プラン for a pregnancy, made by a public health nurse."""


@dataclass(frozen=True)
class PlanAction:
    """One thing an agency undertakes to do under the plan (役割分担)."""

    description: str
    agency: str
    due_on: date | None = None
    person: str = ""
    """Who at the agency carries it out (担当者); free text, sealed as personal data."""


@dataclass(frozen=True)
class PlanVersion:
    version: int
    plan_type: str
    goals: tuple[str, ...]
    actions: tuple[PlanAction, ...]
    review_due_on: date
    adopted_on: date
    reason: str
    meeting_id: UUID | None = None
    """The 支援会議 / 重層的支援会議 that adopted this version (domain decision 11); None if made outside one."""
