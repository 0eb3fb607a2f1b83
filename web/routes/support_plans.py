"""Support plan screens (支援プラン): the versions, one version, its print view, and the form to adopt or review.

The form is opened from the case page, or from a held meeting's page with
that meeting preselected (``?meeting_id=``: an id, never a name). Adopting
or reviewing records a new version and moves the case's lifecycle; the user
then lands on the new version's page. A refusal shows the same form again
with the input kept and the messages beside the fields.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.engine import Connection
from starlette.datastructures import ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from projections.meetings import queries as meeting_queries
from web.forms import support_plan as support_plan_form
from web.forms.reader import Values
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep
from web.http.errors import FieldErrors, expect_form
from web.http.rendering import render
from web.views.case_view import case_detail
from web.views.meeting_view import case_meetings
from web.views.support_plan_view import PlanVersionView, plan_version, plan_versions, plans_context

router = APIRouter(include_in_schema=False)

Version = Annotated[int, Path(ge=1, le=10_000)]


def plan_meetings(connection: Connection, case_id: UUID, agency: str) -> list[meeting_queries.MeetingSummary]:
    """Held meetings that discussed the case and whose record the user's agency may see: the form's choices."""
    visible = case_meetings(connection, case_id, agency)["meetings_taken_part"]
    return [
        cm.meeting
        for cm in meeting_queries.meetings_of_case(connection, case_id)
        if cm.discussion is not None
        and not cm.discussion.withdrawn
        and cm.meeting.status == "held"
        and (cm.meeting.meeting_id in visible or not cm.meeting.restricted_records)
    ]


def _form_page(
    request: Request,
    connection: Connection,
    case_id: UUID,
    agency: str,
    values: Values,
    errors: FieldErrors,
    detail: str | None = None,
    status_code: int = 200,
) -> Response:
    context = plans_context(connection, case_id, agency) | {
        "values": values,
        "errors": errors,
        "detail": detail,
        "goal_rows": support_plan_form.rows(values, "goals"),
        "action_rows": support_plan_form.rows(values, "actions"),
        "meeting_choices": plan_meetings(connection, case_id, agency),
    }
    return render(request, "pages/support_plan_form.html", context, status_code=status_code)


@router.get("/cases/{case_id}/plans", name="support_plans")
def versions_page(request: Request, case_id: UUID, connection: ReadDep, user: CurrentUser) -> Response:
    """The case's plan: the current version in full and every earlier one, with who adopted it, when, where."""
    return render(request, "pages/support_plans.html", plans_context(connection, case_id, user.agency))


@router.get("/cases/{case_id}/plans/new", name="support_plan_form")
def new_plan(
    request: Request,
    case_id: UUID,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    meeting_id: UUID | None = None,
) -> Response:
    """The form: version 1, or a review (見直し) starting from the current version; a meeting may be preselected."""
    context = plans_context(connection, case_id, user.agency)
    meetings = plan_meetings(connection, case_id, user.agency)
    chosen = next((m for m in meetings if m.meeting_id == meeting_id), None)
    values = support_plan_form.defaults(
        context["current"],
        user.actor,
        kasane.today(),
        chosen.meeting_id if chosen else None,
        chosen.held_on if chosen else None,
    )
    values = ImmutableMultiDict([*values.multi_items(), ("expected_version", str(context["case"].version))])
    return _form_page(request, connection, case_id, user.agency, values, {})


@router.get("/cases/{case_id}/plans/rows/{group}", name="support_plan_row")
def plan_row(
    request: Request, case_id: UUID, group: str, user: CurrentUser, index: Annotated[int, Query(ge=0, le=50)]
) -> Response:
    """One more empty goal or action row (htmx appends it; the button then adds the next one)."""
    if group not in support_plan_form.GROUPS:
        group = "goals"
    values = ImmutableMultiDict([(f"actions-{index}-agency", user.agency)] if group == "actions" else [])
    context = {"row": index, "group": group, "values": values, "errors": {}, "case_id": case_id}
    return render(request, "partials/support_plan/row_added.html", context)


@router.post("/cases/{case_id}/plans/new", name="submit_support_plan")
def submit_plan(
    request: Request,
    case_id: UUID,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    execute: Execute,
) -> Response:
    """Adopt the plan (or its new version); refusals come back as the same form through ``web.http.errors``."""
    submitted = Values(values.multi_items())

    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        """Runs after the request's connection has closed; on a conflict the form takes the versions now current,
        so that the user, having checked what changed, can save their kept input again."""
        with read_models.engine.connect() as fresh:
            values = submitted
            if status == 409:
                case = case_detail(fresh, case_id).case
                values = Values(
                    [
                        *(
                            (k, v)
                            for k, v in submitted.multi_items()
                            if k not in ("expected_version", "revises_version")
                        ),
                        ("expected_version", str(case.version)),
                        ("revises_version", str(case.plan_version or 0)),
                    ]
                )
            return _form_page(request, fresh, case_id, user.agency, values, errors, detail, status)

    expect_form(request, show_again)
    case_detail(connection, case_id)
    execute(support_plan_form.command(submitted, case_id, user.actor))
    version = plan_versions(connection, case_id)[-1].version
    return RedirectResponse(request.url_for("support_plan", case_id=case_id, version=version), status_code=303)


@router.get("/cases/{case_id}/plans/{version}", name="support_plan")
def version_page(request: Request, case_id: UUID, version: Version, connection: ReadDep, user: CurrentUser) -> Response:
    """One version of the plan, as adopted."""
    context = plans_context(connection, case_id, user.agency)
    shown: PlanVersionView = plan_version(context["versions"], version)
    return render(request, "pages/support_plans.html", context | {"current": shown})
