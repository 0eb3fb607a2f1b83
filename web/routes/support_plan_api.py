"""The support plan API (支援プラン): adopt the first version, review it into the next, read every version.

Refusals are the same as the rest of the JSON API (``web.http.errors``): 422 bad
input naming the field, 404 no such case (or plan version), 409 when the
case or its plan changed first.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path

from domain.errors import NotFound
from web.api_models.correction import PlanVoidIn
from web.api_models.support_plan import (
    PlanActionOut,
    PlanAdoptionIn,
    PlanMonitoringIn,
    PlanRecordedOut,
    PlanReviewIn,
    PlanVersionOut,
)
from web.http.deps import CurrentActor, Execute, KasaneDep, ReadDep
from web.routes.api import REFUSALS
from web.views.case_view import case_detail
from web.views.support_plan_view import PlanVersionView, plan_versions

router = APIRouter(prefix="/api", tags=["support plans"], responses=REFUSALS)

Version = Annotated[int, Path(ge=1, le=10_000)]


def _out(v: PlanVersionView) -> PlanVersionOut:
    return PlanVersionOut(
        version=v.version,
        plan_type=v.plan_type,
        goals=v.goals,
        actions=[PlanActionOut(**vars(a)) for a in v.actions],
        review_due_on=v.review_due_on,
        adopted_on=v.adopted_on,
        reason=v.reason,
        meeting_id=v.meeting_id,
        adopted_by=v.adopted_by,
        adopted_by_agency=v.adopted_by_agency,
    )


def _recorded(connection: ReadDep, case_id: UUID) -> PlanRecordedOut:
    case = case_detail(connection, case_id).case
    return PlanRecordedOut(
        case_id=case_id, case_version=case.version, plan_version=case.plan_version or 0, case_status=case.status
    )


@router.get("/cases/{case_id}/plans")
def list_plan_versions(case_id: UUID, connection: ReadDep, actor: CurrentActor) -> list[PlanVersionOut]:
    """Every version of the case's support plan, first first, with who adopted it, when and at which meeting."""
    case_detail(connection, case_id)
    return [_out(v) for v in plan_versions(connection, case_id)]


@router.post("/cases/{case_id}/plans", status_code=201)
def adopt_plan(
    case_id: UUID, body: PlanAdoptionIn, connection: ReadDep, actor: CurrentActor, execute: Execute
) -> PlanRecordedOut:
    """Adopt the case's first support plan (version 1); the case moves from プラン作成 to 支援中.

    A case that already has a plan is refused (409): review it instead."""
    execute(body.command(actor, case_id))
    return _recorded(connection, case_id)


@router.post("/cases/{case_id}/plans/{version}/reviews", status_code=201)
def review_plan(
    case_id: UUID, version: Version, body: PlanReviewIn, connection: ReadDep, actor: CurrentActor, execute: Execute
) -> PlanRecordedOut:
    """Review (見直し) version ``version``, the current one: the body is the plan after the review, recorded as
    the next version with the reason; the case passes through モニタリング back to 支援中."""
    current = case_detail(connection, case_id).case.plan_version or 0
    if version > current:
        raise NotFound("the case has no plan of that version", field="id")
    execute(body.command(actor, case_id, version))
    return _recorded(connection, case_id)


@router.post("/cases/{case_id}/plans/{version}/monitoring", status_code=201)
def monitor_plan(
    case_id: UUID, version: Version, body: PlanMonitoringIn, connection: ReadDep, actor: CurrentActor, execute: Execute
) -> PlanRecordedOut:
    """Record a monitoring review (モニタリング) of version ``version``, the current one, keeping the plan as it is:
    the findings and the next review date; a case in 支援中 moves to モニタリング."""
    current = case_detail(connection, case_id).case.plan_version or 0
    if version > current:
        raise NotFound("the case has no plan of that version", field="id")
    execute(body.command(actor, case_id, version))
    return _recorded(connection, case_id)


@router.post("/cases/{case_id}/plans/{version}/void")
def void_plan(
    case_id: UUID,
    version: Version,
    body: PlanVoidIn,
    connection: ReadDep,
    actor: CurrentActor,
    kasane: KasaneDep,
    execute: Execute,
) -> PlanRecordedOut:
    """Void version ``version``, the current one, adopted by mistake (with the reason): the version before it is
    in force again (none when version 1 is voided) and it no longer counts as a plan made. The case's status is
    not moved back; an older version is refused (422, naming plan_version), an unknown one is 404."""
    if version not in {v.version for v in plan_versions(connection, case_id)}:
        raise NotFound("the case has no plan of that version in force", field="id")
    execute(body.command(actor, case_id, version, kasane.today()))
    return _recorded(connection, case_id)
