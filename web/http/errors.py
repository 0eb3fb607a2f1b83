"""Every refusal becomes an HTTP answer here, and only here.

Domain errors map to a status (bad input 422, missing case 404, conflicts
409, a role that may not open the page or a bad CSRF token 403, no login
401 or the login page) and to a body for whoever asked: JSON for ``/api``,
the submitted form again with messages beside its fields (input kept) for a
form, an error page otherwise. Nothing a user can type leads to a 500.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from domain.errors import AlreadyExists, ConcurrentChange, KasaneError, NotFound
from web.access.csrf import CsrfRejected
from web.access.errors import AccessDenied, NotAuthenticated
from web.access.guard import login_required
from web.forms.reader import FormInvalid
from web.http.deps import readers_translator
from web.http.htmx import Event, trigger
from web.http.rendering import render
from web.i18n.language import Translator
from web.views.names import Names

RESOURCE_FIELDS = frozenset({"case_id", "id", "plan_code", "indicator_code"})
"""A NotFound on these fields means the page's own subject is missing (404), not a bad choice in a form."""

FieldErrors = dict[str, str]
"""field name → message in the reader's language."""


@dataclass(frozen=True)
class PendingForm:
    """A form being submitted: how to show it again, with its input, if the command is refused."""

    show: Callable[[FieldErrors, str | None, int, dict[str, str]], Response]
    """(errors, detail, status code, headers) → the form re-rendered."""
    place: Callable[[KasaneError, Translator], FieldErrors] | None = None
    """Where each message goes on a form with rows (the meeting form puts a case's refusal beside its row); such a
    form shows even a missing case there, rather than a not-found page."""


def expect_form(
    request: Request,
    show: Callable[[FieldErrors, str | None, int, dict[str, str]], Response],
    place: Callable[[KasaneError, Translator], FieldErrors] | None = None,
) -> None:
    request.state.form = PendingForm(show, place)


def status_for(error: KasaneError) -> int:
    if isinstance(error, ConcurrentChange | AlreadyExists):
        return 409
    if isinstance(error, AccessDenied | CsrfRejected):
        return 403
    if isinstance(error, NotFound) and error.field in RESOURCE_FIELDS:
        return 404
    return 422


def field_errors(error: KasaneError, t: Translator) -> FieldErrors:
    if isinstance(error, FormInvalid):
        return {field: t.error(code, field) for field, code in error.errors.items()}
    return {error.field or "": t.error(error.code, error.field)}


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def kasane_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, KasaneError)
    if isinstance(error, NotAuthenticated):
        return login_required(request)
    status = status_for(error)
    if _wants_json(request):
        return JSONResponse(
            {
                "detail": {
                    "code": error.code,
                    "field": error.field,
                    "message": error.message,
                    "errors": getattr(error, "errors", {error.field or "": error.code}),
                }
            },
            status_code=status,
        )
    t = readers_translator(request)
    form: PendingForm | None = getattr(request.state, "form", None)
    if form is not None and (status != 404 or form.place is not None):
        headers = trigger(Event.CASE_CHANGED) if isinstance(error, ConcurrentChange) else {}
        # A page shows the reader's-language message only: the domain's own words are English and name fields and
        # ids (``occurred_on 2026-11-21 is in the future``); they stay in the JSON API's ``message``.
        errors = form.place(error, t) if form.place is not None else field_errors(error, t)
        return form.show(errors, None, status, headers)
    return error_page(request, status, t.error(error.code, error.field))


def error_page(request: Request, status: int, message: str) -> Response:
    t = readers_translator(request)
    _names_for_the_header(request, t)
    title = {404: t("not_found_title"), 403: t("forbidden_title")}.get(status, t("error_title"))
    return render(
        request,
        "pages/error.html",
        {"status": status, "title": title, "message": message},
        fragment="partials/error.html",
        status_code=status,
    )


def _names_for_the_header(request: Request, t: Translator) -> None:
    """An error page says who is acting by names too: the route that failed may not have loaded them."""
    read_models = getattr(request.app.state, "read_models", None)
    if getattr(request.state, "names", None) is not None or read_models is None:
        return
    with read_models.engine.connect() as connection:
        request.state.names = Names.load(connection, t)


async def validation_error(request: Request, error: Exception) -> Response:
    """Bad path or query values: JSON for the API; for pages a malformed id is simply not found."""
    assert isinstance(error, RequestValidationError)
    if _wants_json(request):
        return JSONResponse({"detail": schema_refusal(error)}, status_code=422)
    t = readers_translator(request)
    in_query = [e["loc"][1] for e in error.errors() if len(e["loc"]) > 1 and e["loc"][0] in ("query", "body")]
    if in_query:
        # A list's conditions or page size (e.g. ?limit=1000): say which, rather than "not found".
        field = str(in_query[0]) if t.has_error("invalid_input", str(in_query[0])) else "query"
        return error_page(request, 422, t.error("invalid_input", field))
    return error_page(request, 404, t.error("not_found", "case_id"))


def schema_refusal(error: RequestValidationError) -> dict[str, object]:
    """A refusal by the API's schema in the one documented shape (``ErrorOut``), like a domain refusal.

    Each field is named by the last part of its location that the API itself declares; the refused input is never
    echoed back (it may be personal data, or text no JSON encoder takes): not its value, not pydantic's ``input`` or
    ``ctx``, not the character position of a malformed body, and not an unknown key (a client may have put a name
    there): those are named by the object that holds them, or ``body``.
    """
    fields = [_declared_field(e) for e in error.errors()]
    first = error.errors()[0] if error.errors() else {}
    field = fields[0] if fields else None
    return {
        "code": "invalid_input",
        "field": field,
        "message": f"{field}: {first.get('msg', 'invalid value')}" if field else str(first.get("msg", "")),
        "errors": dict.fromkeys(fields, "invalid_input"),
    }


def _declared_field(error: Mapping[str, Any]) -> str:
    location = list(error.get("loc") or ())
    if error.get("type") == "json_invalid":
        return "body"
    if error.get("type") == "extra_forbidden" and location:
        location = location[:-1]  # the unknown key is the client's text: name the object it sits in
    named = [str(part) for part in location if isinstance(part, str)]
    return named[-1] if named and named[-1] not in ("query", "path") else "body"


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if _wants_json(request) and error.status_code == 400:
        # FastAPI's "error parsing the body" (e.g. bytes that are not UTF-8): bad input like any other, so the one
        # documented refusal (422, ``ErrorOut``) rather than a 400 no operation declares.
        return JSONResponse(
            {
                "detail": {
                    "code": "invalid_input",
                    "field": "body",
                    "message": "body: not readable",
                    "errors": {"body": "invalid_input"},
                }
            },
            status_code=422,
        )
    if _wants_json(request) or error.status_code not in (404, 405):
        return await http_exception_handler(request, error)
    page = error_page(request, error.status_code, readers_translator(request)("not_found_title"))
    page.headers.update(error.headers or {})  # 405: Allow
    return page


def install(api: FastAPI) -> None:
    api.add_exception_handler(KasaneError, kasane_error)
    api.add_exception_handler(RequestValidationError, validation_error)
    api.add_exception_handler(HTTPException, http_error)
