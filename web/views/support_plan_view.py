"""A case's support plan versions (支援プラン), as the screens and the API show them.

Every version is read from the case timeline read model (the ``PlanMade`` /
``PlanRevised`` rows keep the whole version as it was adopted), so no extra
read model is needed and a rebuilt timeline shows exactly the same plans.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.errors import NotFound
from domain.support_plan import PlanVersion
from projections.cases import queries
from projections.meetings import queries as meeting_queries
from projections.timeline import PLAN_VERSIONS
from web.views.meeting_view import case_meetings

PLAN_EVENTS = PLAN_VERSIONS


@dataclass(frozen=True)
class PlanActionView:
    description: str
    agency: str
    person: str
    due_on: date | None


@dataclass(frozen=True)
class PlanVersionView:
    """One adopted version: what it says, and who adopted it, when, at which meeting."""

    version: int
    plan_type: str
    goals: list[str]
    actions: list[PlanActionView]
    review_due_on: date
    adopted_on: date
    reason: str
    meeting_id: UUID | None
    adopted_by: str
    adopted_by_agency: str
    recorded_at: datetime


def _version(entry: queries.TimelineEntry) -> PlanVersionView:
    plan: PlanVersion = entry.event.plan
    return PlanVersionView(
        version=int(plan.version),
        plan_type=plan.plan_type,
        goals=list(plan.goals),
        actions=[
            PlanActionView(description=a.description, agency=a.agency, person=a.person or "", due_on=a.due_on)
            for a in plan.actions
        ],
        review_due_on=plan.review_due_on or entry.occurred_on,
        adopted_on=plan.adopted_on or entry.occurred_on,
        reason=plan.reason or "",
        meeting_id=plan.meeting_id,
        adopted_by=entry.actor_user,
        adopted_by_agency=entry.actor_agency,
        recorded_at=entry.recorded_at,
    )


def plan_versions(connection: Connection, case_id: UUID) -> list[PlanVersionView]:
    """Every version of the case's plan, first first (struck-out rows left out)."""
    return versions_in(queries.timeline(connection, case_id))


def versions_in(rows: list[queries.TimelineEntry]) -> list[PlanVersionView]:
    """The plan versions among a case's timeline rows (oldest first), struck-out rows left out."""
    return [_version(e) for e in rows if e.event_type in PLAN_EVENTS and not e.voided]


def plan_version(versions: list[PlanVersionView], version: int) -> PlanVersionView:
    for v in versions:
        if v.version == version:
            return v
    raise NotFound("the case has no plan of that version", field="id")


def plan_in_force(rows: list[queries.TimelineEntry]) -> PlanVersionView | None:
    """The version in force among a case's timeline rows (the case page's summary shows its goals)."""
    versions = versions_in(rows)
    return versions[-1] if versions else None


def plans_context(connection: Connection, case_id: UUID, agency: str) -> dict[str, Any]:
    """What the plan's pages and its printed document show: the case, every version, the meetings that adopted
    them (a meeting the agency may not see keeps its date and type, not its title)."""
    case = queries.case_detail(connection, case_id)
    if case is None:
        raise NotFound("no such case", field="case_id")
    versions = plan_versions(connection, case_id)
    visible = case_meetings(connection, case_id, agency)["meetings_taken_part"]
    meetings = {
        m.meeting_id: m if m.meeting_id in visible or not m.restricted_records else replace(m, title="")
        for m in (cm.meeting for cm in meeting_queries.meetings_of_case(connection, case_id))
    }
    return {
        "case": case.case,
        "versions": versions,
        "current": versions[-1] if versions else None,
        "plan_meetings": meetings,
    }
