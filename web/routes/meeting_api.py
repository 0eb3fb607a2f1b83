"""The JSON API of support meetings and community activities.

Refusals are answered by ``web.http.errors`` (422 bad input, 404 no such meeting
or action item, 409 changed by someone else first or already recorded),
with a body naming the rule and the field.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from sqlalchemy.engine import Connection

from domain.errors import NotFound
from domain.fiscal_year import FiscalYear
from projections.community import queries as community_queries
from projections.meetings import queries as meeting_queries
from web.access.guard import shown
from web.api_models.cases import RecordedOut
from web.api_models.meeting import (
    ActionItemDoneIn,
    CancellationIn,
    CommunityActivityIn,
    ConsentWarningOut,
    HeldMeetingIn,
    MeetingOutcomeIn,
    ScheduledOut,
    ScheduleMeetingIn,
)
from web.http.deps import CurrentActor, Execute, KasaneDep, ReadDep, TranslatorDep
from web.http.filters import FiscalYearQuery
from web.routes.api import REFUSALS
from web.views.consent_warnings import consent_warnings
from web.views.meeting_view import MeetingFilters, cases_shown, meeting

router = APIRouter(prefix="/api", tags=["meetings"], responses=REFUSALS)


def _recorded(recorded: object) -> RecordedOut:
    return RecordedOut(**vars(recorded))


def _existing(connection: Connection, meeting_id: UUID) -> meeting_queries.MeetingDetail:
    """The meeting named by the path; a missing one is a 404 before any command runs."""
    return meeting(connection, meeting_id)


@router.get("/meetings")
def list_meetings(
    connection: ReadDep, actor: CurrentActor, kasane: KasaneDep, filters: Annotated[MeetingFilters, Query()]
) -> list[meeting_queries.MeetingSummary]:
    """Meetings of one month (``month=2026-11``, default this month) or fiscal year (``fy=2026``), oldest first.

    Only those the caller's agency convened or attended (the others answer 404 by id)."""
    period = filters.period(kasane.today())
    return meeting_queries.meeting_calendar(
        connection,
        period.first,
        period.last,
        agency=actor.agency_id,
        meeting_type=filters.meeting_type,
        statuses=filters.statuses(),
    )


@router.get("/meetings/{meeting_id}")
def get_meeting(
    request: Request, meeting_id: UUID, connection: ReadDep, actor: CurrentActor
) -> meeting_queries.MeetingDetail:
    """One meeting with its attendees, discussions and action items (audited with the cases it names)."""
    detail = _existing(connection, meeting_id)
    shown(request, cases_shown(detail))
    return detail


@router.post("/meetings", status_code=201)
def schedule_meeting(
    body: ScheduleMeetingIn,
    connection: ReadDep,
    actor: CurrentActor,
    execute: Execute,
    kasane: KasaneDep,
    t: TranslatorDep,
) -> ScheduledOut:
    """Put a meeting in the diary (it may be dated in the past, to record it afterwards).

    The answer warns of planned cases without the consent a 重層的支援会議 needs on its day."""
    recorded = execute(body.command(actor))
    warnings = [ConsentWarningOut(**vars(w)) for w in consent_warnings(kasane, connection, recorded.id, t)]
    return ScheduledOut(**vars(recorded), consent_warnings=warnings)


@router.post("/meetings/held", status_code=201)
def record_held_meeting(body: HeldMeetingIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Record a meeting that was held without having been scheduled here: all of it is stored, or nothing."""
    return _recorded(execute(body.command(actor)))


@router.post("/meetings/{meeting_id}/record")
def record_meeting(
    meeting_id: UUID, body: MeetingOutcomeIn, connection: ReadDep, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Record that a scheduled meeting was held; a 重層的支援会議 needs consent in force for every case."""
    _existing(connection, meeting_id)
    return _recorded(execute(body.command(actor, meeting_id)))


@router.post("/meetings/{meeting_id}/cancel")
def cancel_meeting(
    meeting_id: UUID, body: CancellationIn, connection: ReadDep, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Cancel a scheduled meeting, with the reason."""
    _existing(connection, meeting_id)
    return _recorded(execute(body.command(actor, meeting_id)))


@router.post("/meetings/{meeting_id}/action-items/{item_id}/complete")
def complete_action_item(
    meeting_id: UUID, item_id: UUID, body: ActionItemDoneIn, connection: ReadDep, actor: CurrentActor, execute: Execute
) -> RecordedOut:
    """Mark one of a held meeting's action items done."""
    if item_id not in {i.item_id for i in _existing(connection, meeting_id).action_items}:
        raise NotFound("no such action item", field="id")
    return _recorded(execute(body.command(actor, meeting_id, item_id)))


@router.get("/community-activities")
def list_community_activities(
    connection: ReadDep,
    actor: CurrentActor,
    fy: FiscalYearQuery = None,
    kind: str | None = None,
    area: str | None = None,
    agency: str | None = None,
) -> list[community_queries.CommunityActivityView]:
    """Community activities (相談会, 研修, 地域アセスメント …) that stand, the latest first."""
    return community_queries.list_community_activities(
        connection, fiscal_year=None if fy is None else FiscalYear(fy), kind=kind, area=area, agency=agency
    )


@router.post("/community-activities", status_code=201)
def record_community_activity(body: CommunityActivityIn, actor: CurrentActor, execute: Execute) -> RecordedOut:
    """Record an activity not tied to a case."""
    return _recorded(execute(body.command(actor)))
