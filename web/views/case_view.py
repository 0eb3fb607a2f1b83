"""What a case page shows, gathered from the read models in one place.

The page's context is the union of its parts' (summary, forms, meetings,
timeline), and each fragment htmx fetches alone (the summary and timeline
refreshed after a change, a form when its panel opens) is rendered from its
own part only, so it looks exactly like its part of the whole page without
reading what the rest of the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.actor import Actor
from domain.errors import NotFound
from projections.cases import queries
from projections.cases.casework_queries import case_and_casework
from projections.timeline import PLAN_VERSIONS
from web.forms.case import CaseForm, next_statuses, offered
from web.i18n.language import Translator
from web.views.casework_view import casework_context
from web.views.meeting_view import case_meetings
from web.views.names import Names
from web.views.support_plan_view import plan_in_force
from web.views.timeline_amendments import amended_timeline
from web.views.timeline_view import TimelineItem, describe, recorded_by


def case_detail(connection: Connection, case_id: UUID) -> queries.CaseDetail:
    """The case as the read model has it; a missing case is a 404."""
    detail = queries.case_detail(connection, case_id)
    if detail is None:
        raise NotFound("no such case", field="case_id")
    return detail


@dataclass(frozen=True)
class FormState:
    """One form as it is to be shown: its values, errors, and whether it has just been saved."""

    form: CaseForm
    values: Any
    errors: dict[str, str]
    detail: str | None = None
    saved: bool = False
    version: int | None = None


def case_context(
    connection: Connection,
    case_id: UUID,
    t: Translator,
    names: Names,
    *,
    actor: Actor,
    today: date,
) -> dict[str, Any]:
    """Everything the case page shows: the summary, the panels of its forms (each fetched when opened), the
    meetings and the timeline. The timeline's rows are read once: the support plan in force comes from them too."""
    context = form_context(connection, case_id, names, actor=actor, today=today)
    rows = queries.timeline(connection, case_id)
    return {
        **context,
        "forms": [FormState(form=f, values=None, errors={}) for f in offered(context["case"].status)],
        "support_plan": plan_in_force(rows),
        **case_meetings(connection, case_id, actor.agency_id),
        **_timeline(rows, t, names),
    }


def summary_context(
    connection: Connection, case_id: UUID, names: Names, *, actor: Actor, today: date
) -> dict[str, Any]:
    """The summary alone (``partials/case_summary.html``): it reads only the plan rows of the timeline."""
    context = form_context(connection, case_id, names, actor=actor, today=today)
    context["support_plan"] = plan_in_force(queries.timeline(connection, case_id, event_types=PLAN_VERSIONS))
    return context


def timeline_context(
    connection: Connection, case_id: UUID, t: Translator, names: Names, *, actor: Actor
) -> dict[str, Any]:
    """The timeline alone (``partials/timeline.html``), with the meetings it may link to."""
    rows = queries.timeline(connection, case_id)
    return {
        "case": case_detail(connection, case_id).case,
        "meetings_taken_part": case_meetings(connection, case_id, actor.agency_id)["meetings_taken_part"],
        **_timeline(rows, t, names),
    }


def _timeline(rows: list[queries.TimelineEntry], t: Translator, names: Names) -> dict[str, Any]:
    """The rows newest first, each with what amended it or may amend it, and who recorded it (worked out once
    for each user and agency: a case's rows are mostly recorded by a few people)."""
    amended = amended_timeline(rows, t, names)
    a_row_of = {(e.actor_user, e.actor_agency): e for e in rows}
    signed = {by: recorded_by(e, t, names) for by, e in a_row_of.items()}
    timeline: list[TimelineItem] = [
        describe(
            e,
            t,
            names,
            amendment=amended.amendments.get(e.version),
            changes=amended.changes.get(e.version),
            actions=amended.actions.get(e.version, ()),
            who=signed[e.actor_user, e.actor_agency],
        )
        for e in reversed(rows)
    ]
    return {"timeline": timeline}


def form_context(
    connection: Connection,
    case_id: UUID,
    names: Names,
    *,
    actor: Actor,
    today: date,
    only: FormState | None = None,
) -> dict[str, Any]:
    """What the case's forms need to offer their choices (no timeline, no meetings); ``only``: the one form shown
    (its own page or fragment)."""
    found = case_and_casework(connection, case_id, today)
    if found is None:
        raise NotFound("no such case", field="case_id")
    detail, casework = found
    return {
        "case": detail.case,
        "detail": detail,
        "forms": [only] if only is not None else [],
        "state": only,
        "next_statuses": next_statuses(detail.case.status),
        "pending_referrals": [r for r in detail.referrals if r.state == "sent"],
        **casework_context(casework, detail.case, actor, names, today),
    }
