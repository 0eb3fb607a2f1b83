"""What the web reads about community activities: lists and totals per fiscal year.

Voided records are left out unless asked for; totals never count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.fiscal_year import FiscalYear
from projections.community.activities import community_activities

A = community_activities.c


@dataclass(frozen=True)
class CommunityActivityView:
    """One activity as last corrected (the columns of ``community_activities``)."""

    activity_id: UUID
    version: int
    kind: str
    occurred_on: date
    agency: str
    area: str | None
    title: str
    participants: int
    contacts: int
    audience: str
    """An audience code, or empty."""
    note: str
    audience_text: str
    """Who it was for as typed before audiences were coded: shown as recorded when there is no code."""
    corrections: int
    last_corrected_on: date | None
    voided: bool
    void_reason: str | None
    voided_on: date | None


@dataclass(frozen=True)
class ActivityTotal:
    """How many activities of one kind, and the people and contacts they reached (延べ)."""

    kind: str
    activities: int
    participants: int
    contacts: int


def list_community_activities(
    connection: Connection,
    *,
    fiscal_year: FiscalYear | None = None,
    kind: str | None = None,
    area: str | None = None,
    agency: str | None = None,
    include_voided: bool = False,
) -> list[CommunityActivityView]:
    """Activities matching every given filter, the latest first."""
    query = (
        sa.select(community_activities)
        .where(*_filters(fiscal_year=fiscal_year, kind=kind, area=area, agency=agency))
        .order_by(A.occurred_on.desc(), A.title, A.activity_id)
    )
    if not include_voided:
        query = query.where(A.voided.is_(False))
    return [CommunityActivityView(**row._asdict()) for row in connection.execute(query)]


def community_totals(
    connection: Connection, fiscal_year: FiscalYear, *, area: str | None = None, agency: str | None = None
) -> list[ActivityTotal]:
    """Per kind, the fiscal year's activities that stand (not voided), by kind code."""
    query = (
        sa.select(
            A.kind,
            sa.func.count().label("activities"),
            sa.func.sum(A.participants).label("participants"),
            sa.func.sum(A.contacts).label("contacts"),
        )
        .where(A.voided.is_(False), *_filters(fiscal_year=fiscal_year, area=area, agency=agency))
        .group_by(A.kind)
        .order_by(A.kind)
    )
    return [ActivityTotal(**row._asdict()) for row in connection.execute(query)]


def _filters(*, fiscal_year: FiscalYear | None, **equal: str | None) -> list[Any]:
    where: list[Any] = [A[name] == value for name, value in equal.items() if value is not None]
    if fiscal_year is not None:
        where.append(A.occurred_on.between(fiscal_year.start, fiscal_year.end))
    return where


def community_activity(connection: Connection, activity_id: UUID) -> CommunityActivityView | None:
    """One activity as last corrected, voided or not (None when there is no such record)."""
    row = connection.execute(sa.select(community_activities).where(A.activity_id == activity_id)).first()
    return None if row is None else CommunityActivityView(**row._asdict())
