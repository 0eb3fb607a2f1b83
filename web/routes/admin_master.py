"""Master-data admin screens (/admin/master/…): agencies, areas, meeting types, staff and audiences, admins only.

Lists in display order, retired records kept and marked 廃止; forms to add,
rename, reorder (an order number), retire with a reason, and a staff member's
role and agency. Each form posts one command and comes back to the list.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.datastructures import ImmutableMultiDict, UploadFile
from starlette.responses import RedirectResponse, Response

from web.forms.master_data import KINDS, add_command, change_command, kind_of
from web.http.deps import CurrentUser, Execute, FormDep
from web.http.errors import FieldErrors, expect_form
from web.http.rendering import render

router = APIRouter(include_in_schema=False)


def _show(
    request: Request,
    slug: str,
    values: ImmutableMultiDict[str, UploadFile | str] | None = None,
    errors: FieldErrors | None = None,
    detail: str | None = None,
    failed: str = "",
    status_code: int = 200,
) -> Response:
    """The list, from the request's display names (every record, retired too, in display order)."""
    kind = kind_of(slug)
    entries = list(request.state.names.records.get(kind, {}).values())
    context = {
        "slug": slug,
        "kind": kind,
        "slugs": list(KINDS),
        "entries": entries,
        "values": values or ImmutableMultiDict(),
        "errors": errors or {},
        "detail": detail,
        "failed": failed,
    }
    return render(request, "pages/admin_master.html", context, status_code=status_code)


@router.get("/admin/master", name="admin_master")
def master_index(request: Request, user: CurrentUser) -> Response:
    """The first list (agencies); the page links to the others."""
    return RedirectResponse(str(request.url_for("admin_master_list", slug="agencies")), status_code=303)


@router.get("/admin/master/{slug}", name="admin_master_list")
def master_list(request: Request, slug: str, user: CurrentUser) -> Response:
    """Every record of one kind in display order, retired ones marked 廃止, with the forms to change them."""
    return _show(request, slug)


@router.post("/admin/master/{slug}", name="admin_master_add")
def master_add(request: Request, slug: str, values: FormDep, user: CurrentUser, execute: Execute) -> Response:
    """Register a new record from the add form."""
    kind, submitted = kind_of(slug), ImmutableMultiDict(values.multi_items())
    expect_form(
        request, lambda errors, detail, status, headers: _show(request, slug, submitted, errors, detail, "add", status)
    )
    execute(add_command(kind, {k: v for k, v in submitted.items()}, user.actor))
    return RedirectResponse(str(request.url_for("admin_master_list", slug=slug)), status_code=303)


@router.post("/admin/master/{slug}/{code}/{action}", name="admin_master_change")
def master_change(
    request: Request, slug: str, code: str, action: str, values: FormDep, user: CurrentUser, execute: Execute
) -> Response:
    """Rename, reorder, retire (with a reason), or change a staff member's role or agency."""
    kind, submitted = kind_of(slug), ImmutableMultiDict(values.multi_items())
    expect_form(
        request,
        lambda errors, detail, status, headers: _show(
            request, slug, submitted, errors, detail, f"{code}/{action}", status
        ),
    )
    execute(change_command(kind, code, action, {k: v for k, v in submitted.items()}, user.actor))
    return RedirectResponse(str(request.url_for("admin_master_list", slug=slug)), status_code=303)
