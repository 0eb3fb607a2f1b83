"""The plan API: plans, a year's report (as of a moment), provenance, diff, and the planner's entries.

Reports are the same documents ``kasane report`` writes, with small counts
suppressed (``KASANE_SUPPRESSION_K``, ``projections.reports.suppression``):
whatever the API returns can leave the building. Refusals are
answered by ``web.http.errors``: 422 bad input, 404 no such plan or indicator,
409 the evaluation changed since the client read it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from projections.indicators.evaluation_records import PlanListing, plans
from projections.reports.provenance_scope import scope_of, shown_case_ids
from web.access.guard import shown
from web.api_models.cases import RecordedOut
from web.api_models.plan import (
    EntryIn,
    IndicatorValueIn,
    JudgementIn,
    OpinionIn,
    PolicyIn,
    RatingClearIn,
    RatingIn,
    ReviewIn,
)
from web.http.deps import CurrentActor, Execute, ReadDep, ReportReadDep, SuppressionK, ZoneDep
from web.routes.api import REFUSALS
from web.views import planner_view
from web.views.finalization import with_finalization

router = APIRouter(prefix="/api/plans", tags=["plans"], responses=REFUSALS)

AsOf = Annotated[
    str | None,
    Query(
        description="a past moment, e.g. 2026-05-31T17:00 (Japan time unless an offset "
        "is given); the report shows what had been recorded by then"
    ),
]
DOCUMENT: dict[int | str, dict[str, Any]] = {
    200: {"description": "The report document (as `kasane report` writes)", "content": {"application/json": {}}}
}


@router.get("")
def list_plans(connection: ReadDep, actor: CurrentActor) -> list[PlanListing]:
    """Every loaded plan in its current version."""
    return plans(connection)


@router.get("/{code}/years/{fiscal_year}", responses=DOCUMENT)
def year_report(
    code: str,
    fiscal_year: int,
    connection: ReportReadDep,
    actor: CurrentActor,
    k: SuppressionK,
    zone: ZoneDep,
    as_of: AsOf = None,
) -> JSONResponse:
    """A year's report: every indicator (target, actual, rate), programme outcome, measure rating, 評価総括表.

    As known now it carries ``finalization``: 案 (``draft``), or 確定 with the 確定 figures beside the restated ones,
    the codes restated since and the corrections between (as ``…/finalized``). As of a moment it is the record as
    it stood, so the 確定 document re-made as of its moment stays byte-identical."""
    moment = planner_view.parse_moment(as_of, zone=zone)
    document = planner_view.year_document(connection, code, fiscal_year, moment, k=k)
    if moment is None:
        document = with_finalization(connection, document, code, fiscal_year, k)
    return JSONResponse(document)


@router.get("/{code}/years/{fiscal_year}/indicators/{indicator}/provenance", responses=DOCUMENT)
def indicator_provenance(
    request: Request,
    code: str,
    fiscal_year: int,
    indicator: str,
    connection: ReportReadDep,
    actor: CurrentActor,
    k: SuppressionK,
    zone: ZoneDep,
    as_of: AsOf = None,
) -> JSONResponse:
    """The events behind one figure, or the entries that set a hand-entered one.

    Record-level rows (case ids, areas, facts) only for the cases in the caller's scope; the others as
    ``outside_scope`` counts per agency and month, 1 to k−1 shown as ``<k``. A planner gets counts only."""
    moment = planner_view.parse_moment(as_of, zone=zone)
    scope = scope_of(actor.role, actor.agency_id, actor.user_id)
    document = planner_view.provenance(
        connection, code, fiscal_year, indicator, moment, k=k, visible_to=scope, scope_k=k
    )
    shown(request, shown_case_ids(document))
    return JSONResponse(document)


@router.get("/{code}/years/{fiscal_year}/diff", responses=DOCUMENT)
def year_diff(
    code: str,
    fiscal_year: int,
    connection: ReportReadDep,
    actor: CurrentActor,
    k: SuppressionK,
    zone: ZoneDep,
    since: Annotated[str, Query(description="the moment to compare now with")],
) -> JSONResponse:
    """What changed each figure since a moment: late entries, voids, corrections, and entries made since."""
    moment = planner_view.parse_moment(since, "since", zone=zone)
    if moment is None:
        raise planner_view.BadMoment("since: give a moment such as 2026-05-31T17:00", field="since")
    return JSONResponse(planner_view.changes(connection, code, fiscal_year, moment, k=k))


def _enter(body: EntryIn, code: str, fiscal_year: int, actor: CurrentActor, execute: Execute) -> RecordedOut:
    return RecordedOut(**vars(execute(body.command(actor, code, fiscal_year))))


@router.post("/{code}/years/{fiscal_year}/indicator-values", status_code=201)
def record_indicator_value(
    code: str, fiscal_year: int, body: IndicatorValueIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Enter the year's actual of a hand-entered indicator (a later entry wins; history is kept)."""
    return _enter(body, code, fiscal_year, actor, execute)


@router.post("/{code}/years/{fiscal_year}/judgements", status_code=201)
def judge_programme(
    code: str, fiscal_year: int, body: JudgementIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Record 達成/未達成 of a programme by hand; it overrides the automatic outcome and is shown as manual."""
    return _enter(body, code, fiscal_year, actor, execute)


@router.post("/{code}/years/{fiscal_year}/reviews", status_code=201)
def write_review(code: str, fiscal_year: int, body: ReviewIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Write Do/Check/Act of a measure or programme."""
    return _enter(body, code, fiscal_year, actor, execute)


@router.post("/{code}/years/{fiscal_year}/policies", status_code=201)
def set_policy(code: str, fiscal_year: int, body: PolicyIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Set 次年度方針 of a measure or programme."""
    return _enter(body, code, fiscal_year, actor, execute)


@router.post("/{code}/years/{fiscal_year}/opinions", status_code=201)
def record_opinion(code: str, fiscal_year: int, body: OpinionIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Record (or, with the same ``opinion_id``, revise) a committee opinion."""
    return _enter(body, code, fiscal_year, actor, execute)


@router.post("/{code}/years/{fiscal_year}/ratings", status_code=201)
def rate_measure(code: str, fiscal_year: int, body: RatingIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Rate a measure by hand on the plan's scale; it wins over a computed rating and is shown as manual."""
    return _enter(body, code, fiscal_year, actor, execute)


@router.post("/{code}/years/{fiscal_year}/rating-clears", status_code=201)
def clear_rating(
    code: str, fiscal_year: int, body: RatingClearIn, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Withdraw a hand-given rating, with the reason; the history keeps it."""
    return _enter(body, code, fiscal_year, actor, execute)
