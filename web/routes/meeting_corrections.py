"""Voiding a held meeting's record from its page (取消), with the reason.

Who may: a coordinator or supervisor of an agency that convened or attended
the meeting (the guard answers 404 to others), as for recording it. Its cases'
discussions are withdrawn in the same save; the meeting stays on record,
marked voided, and no longer counts as held.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from domain.errors import KasaneError
from domain.meeting_commands import VoidMeetingRecord
from web.forms.reader import FormInvalid, FormReader, Values
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep
from web.http.errors import FieldErrors, expect_form
from web.http.htmx import is_htmx, redirect
from web.http.rendering import render
from web.i18n.language import Translator
from web.views import meeting_view

router = APIRouter(include_in_schema=False)

FORM_FIELDS = {"occurred_on": "voided_on"}
"""The domain's field names → the form's."""


def refusal(error: KasaneError, t: Translator) -> FieldErrors:
    if isinstance(error, FormInvalid):
        return {name: t.error(code, name) for name, code in error.errors.items()}
    name = FORM_FIELDS.get(error.field or "", error.field or "")
    return {name: t.error(error.code, f"meeting_void_{name}")}


@router.post("/meetings/{meeting_id}/void", name="void_meeting_record")
def void_meeting_record(
    request: Request,
    meeting_id: UUID,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Void the held meeting's record, with the reason; a refusal shows the form again with its message."""
    meeting_view.meeting(connection, meeting_id)
    submitted = Values(values.multi_items())

    def show_void_form(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        read_models.catch_up_pages()
        with read_models.engine.connect() as fresh:
            context = meeting_view.meeting_context(fresh, meeting_id, user.agency)
        context |= {"void_values": submitted, "void_errors": errors}
        return render(
            request,
            "pages/meeting.html",
            context | {"today": kasane.today(), "cancel_errors": {}, "cancel_values": submitted},
            fragment="partials/meetings/void_form.html",
            status_code=status,
        )

    expect_form(request, show_void_form, refusal)
    f = FormReader(submitted)
    reason, on = f.text("reason", required=True), f.day("voided_on", required=False) or kasane.today()
    f.check()
    execute(VoidMeetingRecord(actor=user.actor, meeting_id=meeting_id, reason=reason, occurred_on=on))
    url = str(request.url_for("meeting_page", meeting_id=meeting_id))
    if is_htmx(request):
        return Response(status_code=204, headers=redirect(url))
    return RedirectResponse(url, status_code=303)
