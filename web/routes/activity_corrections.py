"""取消 / 訂正 of community activities: the forms that open under a row of ``/activities``, and the JSON API.

Who may: a coordinator or supervisor of the agency that recorded the activity
(``web.forms.activity_correction.own_activity``); to anyone else it answers
404. A saved void or correction answers htmx with the ``activity-changed``
event, so the totals and the list redraw; a refusal shows the form again with
the message beside the field, and nothing is stored. Without htmx the form is
the activities page with the form open under its row.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from domain.errors import NotFound
from domain.fiscal_year import FiscalYear
from projections.community.queries import CommunityActivityView
from web.api_models.cases import RecordedOut
from web.api_models.correction import ActivityCorrectionIn, ActivityVoidIn
from web.forms import activity_correction as forms
from web.forms.activity import community_activity_defaults
from web.forms.reader import Values, initial
from web.http.deps import CurrentActor, CurrentUser, Execute, FormDep, KasaneDep, ReadDep
from web.http.errors import FieldErrors, expect_form
from web.http.htmx import Event, is_htmx, trigger
from web.http.rendering import render
from web.routes.activities import PAGE, page_context
from web.routes.api import REFUSALS

router = APIRouter()
api = APIRouter(prefix="/api", tags=["community activities"], responses=REFUSALS)

FORM = "partials/activities/amend_form.html"


def owned_activity(
    request: Request, activity_id: UUID, connection: ReadDep, user: CurrentUser
) -> CommunityActivityView:
    """The activity named in the path, if the user's agency recorded it; resolved before the body is read,
    so that another agency gets 404 (audited as denied) whatever it sent."""
    try:
        return forms.own_activity(connection, activity_id, user.agency)
    except NotFound:
        audit = getattr(request.state, "audit", None)
        if audit is not None:
            audit.action = "denied"
        raise


OwnActivity = Annotated[CommunityActivityView, Depends(owned_activity)]


def _form(
    request: Request,
    connection: Any,
    user: Any,
    kasane: Any,
    a: CommunityActivityView,
    mode: str,
    values: Values,
    errors: FieldErrors,
    status_code: int = 200,
) -> Response:
    amend: dict[str, Any] = {"a": a, "mode": mode, "values": values, "errors": errors}
    if is_htmx(request):
        return render(request, FORM, amend, status_code=status_code)
    context = page_context(
        connection,
        FiscalYear.of(a.occurred_on),
        user.agency,
        community_activity_defaults(user.actor, kasane.today()),
        {},
        amend=amend,
    )
    return render(request, PAGE, context, status_code=status_code)


def _done(request: Request, a: CommunityActivityView) -> Response:
    if not is_htmx(request):
        target = request.url_for("activities").include_query_params(fy=FiscalYear.of(a.occurred_on).year)
        return RedirectResponse(str(target), status_code=303)
    return Response(status_code=200, headers=trigger(Event.ACTIVITY_CHANGED))


def _on_refusal(
    request: Request, connection: Any, user: Any, kasane: Any, a: CommunityActivityView, mode: str, submitted: Values
) -> None:
    expect_form(
        request,
        lambda errors, detail, status, headers: _form(
            request, connection, user, kasane, a, mode, submitted, errors, status
        ),
    )


@router.get("/activities/{activity_id}/void", name="void_activity_form", include_in_schema=False)
def void_form(request: Request, a: OwnActivity, connection: ReadDep, user: CurrentUser, kasane: KasaneDep) -> Response:
    """The form to void one activity record, with its reason."""
    return _form(request, connection, user, kasane, a, "void", initial(voided_on=kasane.today()), {})


@router.post("/activities/{activity_id}/void", name="void_activity", include_in_schema=False)
def void_activity(
    request: Request,
    a: OwnActivity,
    connection: ReadDep,
    values: FormDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Void the record: it stays listed as voided (on request) and no longer counts in the totals."""
    submitted = Values(values.multi_items())
    _on_refusal(request, connection, user, kasane, a, "void", submitted)
    execute(forms.void_command(submitted, a.activity_id, user.actor, kasane.today()))
    return _done(request, a)


@router.get("/activities/{activity_id}/correct", name="correct_activity_form", include_in_schema=False)
def correct_form(
    request: Request, a: OwnActivity, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The form to correct one activity record, showing its current details."""
    return _form(request, connection, user, kasane, a, "correct", forms.correction_defaults(a, kasane.today()), {})


@router.post("/activities/{activity_id}/correct", name="correct_activity", include_in_schema=False)
def correct_activity(
    request: Request,
    a: OwnActivity,
    connection: ReadDep,
    values: FormDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Replace the details by the corrected ones; the totals follow the corrected figures."""
    submitted = Values(values.multi_items())
    _on_refusal(request, connection, user, kasane, a, "correct", submitted)
    execute(forms.correction_command(submitted, a, user.actor, kasane.today()))
    return _done(request, a)


@api.post("/community-activities/{activity_id}/void")
def void_activity_api(
    a: OwnActivity, body: ActivityVoidIn, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Void a community activity recorded by mistake; it stays on record and no longer counts."""
    return RecordedOut(**vars(execute(body.command(actor, a.activity_id, kasane.today()))))


@api.post("/community-activities/{activity_id}/correct")
def correct_activity_api(
    a: OwnActivity, body: ActivityCorrectionIn, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Replace a community activity's details by corrected ones (only the fields in ``changes``)."""
    return RecordedOut(**vars(execute(body.command(actor, a.activity_id, kasane.today()))))
