"""The forms on a case page: each one's fragment (or page), and its submission.

A submission reads the form into a command, runs it, catches the read
models up, and answers htmx with a fresh form plus the ``case-changed``
event (so the summary and timeline refresh); a refusal comes back through
``web.http.errors`` as the same form with the input kept and messages beside
the fields.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from domain.errors import NotFound
from web.forms.case import FORMS, CaseForm
from web.forms.reader import FormReader, Values
from web.http.deps import (
    CurrentUser,
    Execute,
    FormDep,
    KasaneDep,
    NamesDep,
    ReadDep,
    ReadModelsDep,
    TranslatorDep,
)
from web.http.errors import FieldErrors, expect_form
from web.http.htmx import Event, is_htmx, trigger
from web.http.rendering import render
from web.views.case_view import FormState, form_context

router = APIRouter(include_in_schema=False)

PageVersion = Annotated[
    int | None, Query(ge=0, le=1_000_000_000, description="the case version the page opening the form has shown")
]


def _form(slug: str) -> CaseForm:
    try:
        return FORMS[slug]
    except KeyError:
        raise NotFound("no such form", field="id") from None


def _show(
    request: Request,
    case_id: UUID,
    state: FormState,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    names: NamesDep,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    context = form_context(connection, case_id, names, actor=user.actor, today=kasane.today(), only=state)
    return render(
        request, "pages/case_form.html", context, fragment=state.form.template, status_code=status_code, headers=headers
    )


@router.get("/cases/{case_id}/{slug}", name="case_form")
def show_form(
    request: Request,
    case_id: UUID,
    slug: str,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    names: NamesDep,
    page_version: PageVersion = None,
) -> Response:
    """One form, empty: as a fragment for htmx (the case page fetches it when its panel opens, with the version
    the page has shown, which the form then sends), or as a page of its own."""
    form = _form(slug)
    state = FormState(form=form, values=form.defaults(user.actor, kasane.today()), errors={}, version=page_version)
    return _show(request, case_id, state, connection, user, kasane, t, names)


@router.post("/cases/{case_id}/{slug}", name="submit_case_form")
def submit_form(
    request: Request,
    case_id: UUID,
    slug: str,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
    t: TranslatorDep,
    names: NamesDep,
) -> Response:
    """Record what the form says; refusals are shown by ``web.http.errors`` through ``expect_form``."""
    form = _form(slug)
    submitted = Values(values.multi_items())

    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        """Runs in ``web.http.errors`` after the request's own connection has closed, so it reads on a new one."""
        conflict = status == 409 and bool({"expected_version", ""} & errors.keys())
        state = FormState(
            form=form,
            values=submitted,
            errors=errors,
            detail=detail,
            version=None if conflict else FormReader(submitted).version(),
        )
        with read_models.engine.connect() as fresh:
            return _show(request, case_id, state, fresh, user, kasane, t, names, status_code=status, headers=headers)

    expect_form(request, show_again)
    execute(form.build(FormReader(submitted), case_id, user.actor))
    if not is_htmx(request):
        return RedirectResponse(request.url_for("case_page", case_id=case_id), status_code=303)
    fresh = FormState(form=form, values=form.defaults(user.actor, kasane.today()), errors={}, saved=True)
    return _show(request, case_id, fresh, connection, user, kasane, t, names, headers=trigger(Event.CASE_CHANGED))
