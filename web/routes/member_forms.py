"""The member correction form filled in with the chosen member's current details (htmx swaps it in).

The member is named by id in the query (never by name); the details come
from the case list read model, so the form shows what a correction starts from.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from domain.errors import NotFound
from projections.cases import casework_queries
from web.forms.case import FORMS
from web.forms.reader import initial
from web.http.deps import CurrentUser, KasaneDep, NamesDep, ReadDep, TranslatorDep
from web.http.rendering import render
from web.views.case_view import FormState, form_context

router = APIRouter(include_in_schema=False)


@router.get("/cases/{case_id}/member-updates/prefill", name="member_update_prefill")
def member_update_prefill(
    request: Request,
    case_id: UUID,
    member_id: UUID,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    names: NamesDep,
) -> Response:
    """The correction form with ``member_id``'s current name, kana, birth date and relationship."""
    member = next((m for m in casework_queries.members_of(connection, case_id) if m.member_id == member_id), None)
    if member is None:
        raise NotFound("no such household member", field="id")
    form = FORMS["member-updates"]
    values = initial(
        member_id=member.member_id,
        name=member.name,
        kana=member.kana,
        birth_date=member.birth_date,
        relationship=member.relationship,
        occurred_on=kasane.today(),
    )
    state = FormState(form=form, values=values, errors={})
    context = form_context(connection, case_id, names, actor=user.actor, today=kasane.today(), only=state)
    return render(request, "pages/case_form.html", context, fragment=form.template)
