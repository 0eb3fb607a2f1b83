"""What a case page shows, gathered from the read models in one place.

The page, its summary and timeline fragments, and every form fragment are
rendered from this one context, so a fragment fetched alone looks exactly
like its part of the whole page.
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
from web.forms.case import CaseForm, next_statuses, offered
from web.i18n.language import Translator
from web.views.casework_view import casework_context
from web.views.meeting_view import case_meetings
from web.views.names import Names
from web.views.support_plan_view import plan_in_force
from web.views.timeline_amendments import amended_timeline
from web.views.timeline_view import TimelineItem, describe


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
    meetings and the timeline. The timeline's rows are read once: the current support plan comes from them too."""
    context = form_context(connection, case_id, names, actor=actor, today=today)
    rows = queries.timeline(connection, case_id)
    timeline: list[TimelineItem] = [describe(e, t, names) for e in rows]
    return {
        **context,
        "forms": [FormState(form=f, values=None, errors={}) for f in offered(context["case"].status)],
        "timeline": list(reversed(timeline)),
        **case_meetings(connection, case_id, actor.agency_id),
        **amended_timeline(rows, t, names),
        "support_plan": plan_in_force(rows),
    }


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
    detail = case_detail(connection, case_id)
    return {
        "case": detail.case,
        "detail": detail,
        "forms": [only] if only is not None else [],
        "state": only,
        "next_statuses": next_statuses(detail.case.status),
        "pending_referrals": [r for r in detail.referrals if r.state == "sent"],
        **casework_context(connection, detail.case, actor, names, today),
    }
