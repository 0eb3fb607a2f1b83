"""取消 of a support plan version (domain decision 12), from its timeline row or from the version's page.

Only the version in force can be voided; the version before it is in force again (none after version 1), and
the case's status is left where it is, which the form says. Who may: whoever may adopt a plan on the case
(the case guard answers 404 otherwise). From the timeline (htmx) a saved void answers with ``case-changed`` so
the timeline redraws with the version struck through; from the form's own page (or without htmx) the user
lands on the plan's page. A refusal
shows the form again with the message beside the field, and nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request
from sqlalchemy.engine import Connection
from starlette.responses import RedirectResponse, Response

from domain.commands import VoidSupportPlan
from domain.errors import NotFound
from web.forms.reader import FormReader, Values, initial
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep
from web.http.errors import FieldErrors, expect_form
from web.http.htmx import Event, is_htmx, trigger
from web.http.rendering import render
from web.views.case_view import case_detail
from web.views.support_plan_view import plan_versions

router = APIRouter(include_in_schema=False)

PAGE, FORM = "pages/entry_correction.html", "partials/corrections/entry_form.html"
Version = Annotated[int, Path(ge=1, le=10_000)]


def _current(connection: Connection, case_id: UUID, version: int) -> None:
    """Raised (NotFound) unless ``version`` is the plan version in force."""
    versions = plan_versions(connection, case_id)
    if not versions or versions[-1].version != version:
        raise NotFound("only the plan version in force can be voided", field="id")


def _form(
    request: Request,
    connection: Connection,
    case_id: UUID,
    version: int,
    values: Values,
    errors: FieldErrors,
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "case": case_detail(connection, case_id).case,
        "entry_id": f"plan-{version}",
        "mode": "void",
        "kind": None,
        "form_url": request.url_for("void_support_plan", case_id=case_id, version=version),
        "values": values,
        "errors": {"voided_on" if k == "occurred_on" else k: v for k, v in errors.items()},
        "plan_void_version": version,
    }
    return render(request, PAGE, context, fragment=FORM, status_code=status_code)


@router.get("/cases/{case_id}/plans/{version}/void", name="void_support_plan_form")
def void_form(
    request: Request, case_id: UUID, version: Version, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The form to void the plan version in force, with its reason."""
    _current(connection, case_id, version)
    return _form(request, connection, case_id, version, initial(voided_on=kasane.today()), {})


@router.post("/cases/{case_id}/plans/{version}/void", name="void_support_plan")
def void_plan(
    request: Request,
    case_id: UUID,
    version: Version,
    values: FormDep,
    read_models: ReadModelsDep,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Void the version: the timeline keeps it struck through, and the version before it is in force again."""
    submitted = Values(values.multi_items())

    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        with read_models.engine.connect() as fresh:
            return _form(request, fresh, case_id, version, submitted, errors, status)

    expect_form(request, show_again)
    case_detail(connection, case_id)
    f = FormReader(submitted)
    reason, on = f.text("reason", required=True), f.day("voided_on", required=False) or kasane.today()
    f.check()
    execute(VoidSupportPlan(actor=user.actor, case_id=case_id, plan_version=version, reason=reason, occurred_on=on))
    plans = str(request.url_for("support_plans", case_id=case_id))
    if not is_htmx(request):
        return RedirectResponse(plans, status_code=303)
    if _on_form_page(request):
        return Response(status_code=200, headers={"HX-Redirect": plans})
    return Response(status_code=200, headers=trigger(Event.CASE_CHANGED))


def _on_form_page(request: Request) -> bool:
    """Whether the form was sent from its own page (opened from the plan's page) rather than in place on the
    timeline: then the user lands on the plan, as without htmx."""
    return request.headers.get("HX-Current-URL", "").split("?")[0].endswith("/void")
