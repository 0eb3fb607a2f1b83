"""取消 / 訂正 of a case's entries from its timeline: the small forms and their submissions.

Who may void or correct an entry: whoever may record one on the case (a
coordinator or supervisor whose agency may see the case; the guard answers
404 otherwise). A saved void or correction answers htmx with the
``case-changed`` event, so the timeline redraws with the entry struck
through; a refusal comes back as the same form with the message beside the
field, and nothing is stored.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from domain.activity import Entry
from web.forms import correction as correction_forms
from web.forms.reader import Values
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep
from web.http.errors import FieldErrors, expect_form
from web.http.htmx import Event, is_htmx, trigger
from web.http.rendering import render
from web.views.case_view import case_detail

router = APIRouter(include_in_schema=False)

PAGE, FORM = "pages/entry_correction.html", "partials/corrections/entry_form.html"
VOID_FIELDS = {"occurred_on": "voided_on"}
"""The domain's field names → the void form's."""


def _show(request: Request, context: dict[str, Any], status_code: int = 200) -> Response:
    return render(request, PAGE, context, fragment=FORM, status_code=status_code)


def _context(
    request: Request,
    connection: ReadDep,
    case_id: UUID,
    entry_id: UUID,
    mode: str,
    values: Values,
    errors: FieldErrors,
    entry: Entry | None = None,
) -> dict[str, Any]:
    """``mode`` is the route's name: void_entry, correct_entry, or one of ``correction_forms.RECORD_VOIDS``."""
    ids = {"entry_id": entry_id} if mode.endswith("entry") else {correction_forms.RECORD_VOIDS[mode].param: entry_id}
    return {
        "case": case_detail(connection, case_id).case,
        "entry_id": entry_id,
        "form_url": request.url_for(mode, case_id=case_id, **ids),
        "mode": mode.split("_")[0],
        "kind": None if entry is None else correction_forms.kind_of(entry),
        "values": values,
        "errors": errors,
    }


def _done(request: Request, case_id: UUID) -> Response:
    if not is_htmx(request):
        return RedirectResponse(request.url_for("case_page", case_id=case_id), status_code=303)
    return Response(status_code=200, headers=trigger(Event.CASE_CHANGED))


def _refusals(
    request: Request,
    read_models: ReadModelsDep,
    case_id: UUID,
    entry_id: UUID,
    mode: str,
    submitted: Values,
    entry: Entry | None,
) -> None:
    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        """Runs in ``web.http.errors`` after the request's own connection has closed, so it reads on a new one."""
        if mode != "correct_entry":  # the domain names the void's own date occurred_on
            errors = {VOID_FIELDS.get(name, name): message for name, message in errors.items()}
        with read_models.engine.connect() as fresh:
            context = _context(request, fresh, case_id, entry_id, mode, submitted, errors, entry)
        return _show(request, context, status)

    expect_form(request, show_again)


@router.get("/cases/{case_id}/entries/{entry_id}/void", name="void_entry_form")
def void_form(
    request: Request, case_id: UUID, entry_id: UUID, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The form to void one entry, with its reason."""
    correction_forms.current_entry(connection, case_id, entry_id)
    values = correction_forms.void_defaults(kasane.today())
    return _show(request, _context(request, connection, case_id, entry_id, "void_entry", values, {}))


@router.post("/cases/{case_id}/entries/{entry_id}/void", name="void_entry")
def void_entry(
    request: Request,
    case_id: UUID,
    entry_id: UUID,
    values: FormDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Void the entry: it stays in the history, struck through, and no longer counts."""
    submitted = Values(values.multi_items())
    _refusals(request, read_models, case_id, entry_id, "void_entry", submitted, None)
    execute(correction_forms.void_command(submitted, case_id, entry_id, user.actor, kasane.today()))
    return _done(request, case_id)


@router.get("/cases/{case_id}/entries/{entry_id}/correct", name="correct_entry_form")
def correct_form(
    request: Request, case_id: UUID, entry_id: UUID, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The form to correct one entry, showing its current values."""
    entry = correction_forms.current_entry(connection, case_id, entry_id)
    values = correction_forms.correction_defaults(entry, kasane.today())
    return _show(request, _context(request, connection, case_id, entry_id, "correct_entry", values, {}, entry))


@router.post("/cases/{case_id}/entries/{entry_id}/correct", name="correct_entry")
def correct_entry(
    request: Request,
    case_id: UUID,
    entry_id: UUID,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Replace the entry by its corrected version; both stay in the history."""
    submitted = Values(values.multi_items())
    _refusals(request, read_models, case_id, entry_id, "correct_entry", submitted, None)
    entry = correction_forms.current_entry(connection, case_id, entry_id)
    _refusals(request, read_models, case_id, entry_id, "correct_entry", submitted, entry)
    execute(correction_forms.correction_command(submitted, entry, case_id, entry_id, user.actor, kasane.today()))
    return _done(request, case_id)


# ---- other records: a referral (with its answer), only its answer, a consent decision -------------------------


def _record_form(
    request: Request, route: str, case_id: UUID, record_id: UUID, connection: ReadDep, kasane: KasaneDep
) -> Response:
    correction_forms.live_record(connection, case_id, record_id, route)
    values = correction_forms.void_defaults(kasane.today())
    return _show(request, _context(request, connection, case_id, record_id, route, values, {}))


def _void_record(
    request: Request,
    route: str,
    case_id: UUID,
    record_id: UUID,
    values: FormDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    submitted = Values(values.multi_items())
    _refusals(request, read_models, case_id, record_id, route, submitted, None)
    execute(correction_forms.record_void_command(route, submitted, case_id, record_id, user.actor, kasane.today()))
    return _done(request, case_id)


@router.get("/cases/{case_id}/referrals/{referral_id}/void", name="void_referral_form")
def void_referral_form(
    request: Request, case_id: UUID, referral_id: UUID, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The form to void a referral sent by mistake (its answer goes with it)."""
    return _record_form(request, "void_referral", case_id, referral_id, connection, kasane)


@router.post("/cases/{case_id}/referrals/{referral_id}/void", name="void_referral")
def void_referral(
    request: Request,
    case_id: UUID,
    referral_id: UUID,
    values: FormDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Void the referral; it stays in the history, struck through, and no longer counts."""
    return _void_record(request, "void_referral", case_id, referral_id, values, read_models, user, kasane, execute)


@router.get("/cases/{case_id}/referrals/{referral_id}/answer/void", name="void_referral_answer_form")
def void_answer_form(
    request: Request, case_id: UUID, referral_id: UUID, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The form to void a referral's answer recorded by mistake."""
    return _record_form(request, "void_referral_answer", case_id, referral_id, connection, kasane)


@router.post("/cases/{case_id}/referrals/{referral_id}/answer/void", name="void_referral_answer")
def void_answer(
    request: Request,
    case_id: UUID,
    referral_id: UUID,
    values: FormDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Void the answer: the referral awaits its answer again."""
    return _void_record(
        request, "void_referral_answer", case_id, referral_id, values, read_models, user, kasane, execute
    )


@router.get("/cases/{case_id}/consents/{consent_id}/void", name="void_consent_form")
def void_consent_form(
    request: Request, case_id: UUID, consent_id: UUID, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The form to void a consent decision recorded by mistake."""
    return _record_form(request, "void_consent", case_id, consent_id, connection, kasane)


@router.post("/cases/{case_id}/consents/{consent_id}/void", name="void_consent")
def void_consent(
    request: Request,
    case_id: UUID,
    consent_id: UUID,
    values: FormDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Void the consent decision; the decision before it (if any) is the one that stands."""
    return _void_record(request, "void_consent", case_id, consent_id, values, read_models, user, kasane, execute)
