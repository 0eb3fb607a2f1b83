"""The disclosure ledger of one case, for the administrator: a printable page (``/admin/disclosures?case=ID``).

Admin only (the ``/admin`` rule); opening it is itself a read of the case, so the audit log records it and the
ledger lists it the next time.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from domain.errors import InvalidInput
from projections.cases import queries
from web.access.guard import shown
from web.http.deps import CurrentUser, ReadDep, ZoneDep
from web.http.rendering import render
from web.views.disclosure_ledger import disclosures

router = APIRouter(include_in_schema=False)


@router.get("/admin/disclosures", name="disclosure_ledger")
def disclosure_ledger(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    zone: ZoneDep,
    case: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Every time the case's records were shown, printed or exported, to whom, and on what legal basis."""
    context: dict[str, object] = {"case": case.strip(), "detail": None, "ledger": []}
    if case.strip():
        case_id = case_id_of(case)
        detail = queries.case_detail(connection, case_id)
        if detail is None:
            raise InvalidInput("no such case", field="case")
        shown(request, [case_id])
        context |= {
            "detail": detail,
            "ledger": disclosures(connection, case_id, request.app.state.audit.accesses(case_id=str(case_id)), zone),
        }
    return render(request, "pages/disclosures.html", context)


def case_id_of(text: str) -> UUID:
    try:
        return UUID(text.strip())
    except ValueError:
        raise InvalidInput("not a case id", field="case") from None
