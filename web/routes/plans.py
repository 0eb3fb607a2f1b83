"""The planner's screens (計画担当): plans, a plan's year as of a moment, provenance, changes, downloads, entries.

A year page and its as-of form are one route: htmx asks for the year's
fragment (and pushes the URL), a browser for the whole page. Entry forms
post through the plan commands; refusals come back through ``web.http.errors``
as the same form with the input kept and messages beside the fields.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import partial
from typing import Any, cast
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from domain.errors import InvalidInput, NotFound
from projections.indicators.evaluation_records import PlanListing, PlanVersion, current_plan, plan_at, plans
from projections.reports import labels as ja
from projections.reports.documents import Document, csv_of, to_json
from projections.reports.provenance_scope import scope_of, shown_case_ids
from projections.reports.xlsx import to_xlsx
from web.access.guard import shown
from web.access.policy import rule_for
from web.forms import plan as plan_forms
from web.forms.reader import FormReader, Values
from web.http.deps import (
    CurrentUser,
    Execute,
    FormDep,
    KasaneDep,
    NamesDep,
    ReadDep,
    ReadModelsDep,
    ReportReadDep,
    SuppressionK,
    TranslatorDep,
    ZoneDep,
)
from web.http.errors import FieldErrors, expect_form
from web.http.htmx import is_htmx
from web.http.rendering import FormView, render
from web.i18n.language import Translator
from web.views import planner_view
from web.views.finalization import finalized_view, with_finalization

router = APIRouter(include_in_schema=False)

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get("/plans", name="plans")
def plan_list(request: Request, connection: ReadDep, user: CurrentUser) -> Response:
    """Every loaded plan, in its current version."""
    return render(request, "pages/plans.html", {"plans": plans(connection), "era": ja.era_year})


def _moment(text: str | None, field: str, t: Translator, errors: FieldErrors, zone: tzinfo) -> datetime | None:
    """The moment, or None with the field's message added to ``errors``."""
    try:
        return planner_view.parse_moment(text, field, zone=zone)
    except InvalidInput as error:
        errors[field] = t.error(error.code, field)
        return None


def _year(connection: ReadDep, code: str, fy: str | None, kasane: KasaneDep) -> tuple[Any, int]:
    """The plan and the year asked for (``?fy=2025``), else the current fiscal year within the plan period."""
    listing = planner_view.plan_listing(connection, code)
    return listing, _year_of(listing, fy, kasane)


def _year_of(listing: PlanListing, fy: str | None, kasane: KasaneDep) -> int:
    if fy is None or not fy.strip():
        return planner_view.default_year(listing, kasane.today())
    if not fy.strip().isdigit():
        raise InvalidInput(f"fiscal_year: {fy!r} is not a year such as 2025", field="fiscal_year")
    return int(fy)


@router.get("/plans/{code}", name="plan_year")
def plan_year(
    request: Request,
    code: str,
    connection: ReportReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    zone: ZoneDep,
    names: NamesDep,
    fy: str | None = None,
    as_of: str | None = None,
) -> Response:
    """A plan's year: indicators, achievement, ratings, 評価総括表 and charts, as known now or at ``as_of``."""
    listing, current = current_plan(connection, code)  # the list's line and the plan now: one read
    year = _year_of(listing, fy, kasane)
    errors: FieldErrors = {}
    moment = _moment(as_of, "as_of", t, errors, zone)
    try:
        document, key = _year_document(request, connection, current, year, moment)
    except planner_view.NotLoadedThen as error:
        errors["as_of"], moment = t.error(error.code, "as_of"), None
        document, key = _year_document(request, connection, current, year, None)
    context = {
        "listing": listing,
        "year": planner_view.year_labels(year),
        "as_of": moment,
        "document": document,
        "years": planner_view.plan_years(listing, kasane.today()),
        "errors": errors,
        "as_of_value": planner_view.moment_input(moment, zone) if moment else (as_of or ""),
        "charts": _charts(request, document, key, t),
        "query": _query(year, moment, zone),
        "finalized": finalized_view(connection, code, year, request.app.state.settings.suppression_k),
        "may_finalize": rule_for(request.url.path).may_write(user.role),
        "era": ja.era_year,
        "signed": ja.signed,
    }
    return render(
        request, "pages/plan_year.html", context, fragment="partials/plan_year.html", status_code=422 if errors else 200
    )


def _year_document(
    request: Request, connection: ReportReadDep, current: PlanVersion, year: int, moment: datetime | None
) -> tuple[Document, tuple[Any, ...] | None]:
    """The year's document, kept per position of the log the request was caught up to (``web.views.report_cache``),
    and the key it is kept under (None: not kept)."""
    head = request.state.caught_up.head
    key = None if head is None else (head, current.plan.code, current.revision, current.digest, year, moment)
    code = current.plan.code
    make = partial(planner_view.year_document, connection, code, year, moment, current=current)
    return cast(Document, request.app.state.report_cache.document(key, make)), key


def _charts(request: Request, document: Document, key: tuple[Any, ...] | None, t: Translator) -> dict[str, Any]:
    """The measures' charts of the document, kept beside it (under the document's ``key``) in the reader's language."""
    charts = partial(planner_view.measure_charts, document, t)
    return cast(
        dict[str, Any], request.app.state.report_cache.document(None if key is None else (*key, t.lang), charts)
    )


def _query(year: int, moment: datetime | None, zone: tzinfo) -> dict[str, str]:
    query = {"fy": str(year)}
    if moment is not None:
        query["as_of"] = planner_view.moment_input(moment, zone)
    return query


@router.get("/plans/{code}/indicators/{indicator}", name="plan_provenance")
def plan_provenance(
    request: Request,
    code: str,
    indicator: str,
    connection: ReportReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    k: SuppressionK,
    zone: ZoneDep,
    fy: str | None = None,
    as_of: str | None = None,
) -> Response:
    """The events behind one figure (record-level within the reader's case scope), or the entries that set it."""
    listing, year = _year(connection, code, fy, kasane)
    moment = planner_view.parse_moment(as_of, zone=zone)
    scope = scope_of(user.role, user.agency, user.username)
    document = planner_view.provenance(connection, code, year, indicator, moment, visible_to=scope, scope_k=k)
    shown(request, shown_case_ids(document))
    return render(
        request,
        "pages/plan_provenance.html",
        {
            "listing": listing,
            "year": planner_view.year_labels(year),
            "as_of": moment,
            "document": document,
            "query": _query(year, moment, zone),
            "era": ja.era_year,
        },
    )


@router.get("/plans/{code}/changes", name="plan_changes")
def plan_changes(
    request: Request,
    code: str,
    connection: ReportReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    zone: ZoneDep,
    fy: str | None = None,
    since: str | None = None,
) -> Response:
    """What changed the year's figures after a moment: late entries, voids, corrections, and entries."""
    listing, year = _year(connection, code, fy, kasane)
    errors: FieldErrors = {}
    moment = _moment(since, "since", t, errors, zone)
    if since is not None and moment is None and not errors:
        errors["since"] = t.error("required", "since")
    document = None
    try:
        document = None if moment is None else planner_view.changes(connection, code, year, moment)
    except planner_view.NotLoadedThen as error:
        errors["since"] = t.error(error.code, "since")
    return render(
        request,
        "pages/plan_changes.html",
        {
            "listing": listing,
            "year": planner_view.year_labels(year),
            "since": moment,
            "document": document,
            "errors": errors,
            "since_value": planner_view.moment_input(moment, zone) if moment else (since or ""),
            "query": _query(year, None, zone),
            "era": ja.era_year,
        },
        status_code=422 if errors else 200,
    )


@router.get("/plans/{code}/report.{fmt}", name="plan_download")
def plan_download(
    code: str,
    fmt: str,
    connection: ReportReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    k: SuppressionK,
    zone: ZoneDep,
    fy: str | None = None,
    as_of: str | None = None,
) -> Response:
    """The year's report as JSON, CSV (進捗管理シート) or Excel, as known now or at ``as_of``.

    A download leaves the building: small counts are suppressed (the screens show the true figures). As known now
    it says whether the year is 案 or 確定, and once 確定 the 確定 figures beside the restated ones.
    """
    if fmt not in CONTENT_TYPES:
        raise NotFound(f"no report format {fmt!r} (json, csv, xlsx)", field="id")
    listing, year = _year(connection, code, fy, kasane)
    moment = planner_view.parse_moment(as_of, zone=zone)
    document = planner_view.year_document(connection, code, year, moment, k=k)
    if moment is None:
        document = with_finalization(connection, document, code, year, k)
    data = to_json(document) if fmt == "json" else csv_of(document) if fmt == "csv" else to_xlsx(document)
    return Response(
        data,
        media_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": attachment(listing.name, code, year, moment, fmt, zone)},
    )


def attachment(name: str, code: str, year: int, moment: datetime | None, ext: str, zone: tzinfo = ja.JST) -> str:
    """Content-Disposition with an ASCII fallback and the Japanese name as ``filename*`` (RFC 6266)."""
    era = planner_view.year_labels(year)["era"]
    local = "" if moment is None else planner_view.moment_input(moment, zone)[:16]
    stamp = "_" + local.replace(":", "").replace("-", "") if local else ""
    japanese = f"進捗管理_{name}_{era}{stamp.replace('_', '_時点') if stamp else ''}.{ext}"
    fallback = f"{code}_FY{year}{stamp}.{ext}"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(japanese, safe='')}"


# ---- entries -------------------------------------------------------------------------------


def _entries_context(connection: ReadDep, code: str, year: int, states: dict[str, Any]) -> dict[str, Any]:
    plan = plan_at(connection, code, None).plan
    return {
        "plan": plan,
        "year": planner_view.year_labels(year),
        "code": code,
        "manual_indicators": [i for i in plan.indicators() if i.is_manual],
        "programmes": [(p.code, f"{plan.display_code(m, p)} {p.name}") for m in plan.measures for p in m.programmes],
        "subjects": plan_forms.subjects(plan),
        "measures": plan_forms.measures(plan),
        "ratings": plan_forms.ratings(plan),
        "version": plan_forms.evaluation_version(connection, code, year),
        "states": states,
        "era": ja.era_year,
        "histories": {slug: plan_forms.history(connection, code, year, plan_forms.FORMS[slug]) for slug in states},
    }


def _fresh(slug: str, today: Any, t: Translator, *, saved: bool = False) -> dict[str, Any]:
    form = plan_forms.FORMS[slug]
    return {"form": form, "fm": FormView(slug, form.defaults(today), {}, t), "saved": saved, "detail": None}


@router.get("/plans/{code}/entries", name="plan_entries")
def plan_entries(
    request: Request,
    code: str,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    names: NamesDep,
    fy: str | None = None,
) -> Response:
    """The forms for the year's values, judgements, Do/Check/Act, 次年度方針 and opinions, with their history."""
    listing, year = _year(connection, code, fy, kasane)
    states = {slug: _fresh(slug, kasane.today(), t) for slug in plan_forms.FORMS}
    context = _entries_context(connection, code, year, states) | {"listing": listing}
    context["may_write"] = rule_for(request.url.path).may_write(user.role)  # plan entries: planners only
    return render(request, "pages/plan_entries.html", context)


@router.post("/plans/{code}/entries/{slug}", name="submit_plan_entry")
def submit_plan_entry(
    request: Request,
    code: str,
    slug: str,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
    t: TranslatorDep,
    names: NamesDep,
    fy: str | None = None,
) -> Response:
    """Record one entry; the form comes back fresh with its history, or with the refusal beside the fields."""
    form = plan_forms.FORMS.get(slug)
    if form is None:
        raise NotFound("no such form", field="id")
    listing, year = _year(connection, code, fy, kasane)
    submitted = Values(values.multi_items())

    def show_again(errors: FieldErrors, detail: str | None, status: int, headers: dict[str, str]) -> Response:
        shown = {form.shown_at(field): message for field, message in errors.items()}
        if status == 409:
            shown = {"expected_version": str(t("plan_conflict"))}
        state = {"form": form, "fm": FormView(slug, submitted, shown, t), "saved": False, "detail": detail}
        with read_models.engine.connect() as fresh:
            context = _entries_context(fresh, code, year, {slug: state}) | {"listing": listing, "oob": is_htmx(request)}
            return render(
                request,
                "pages/plan_entries.html",
                context,
                fragment="partials/plan_entry.html",
                status_code=status,
                headers=headers,
            )

    expect_form(request, show_again)
    execute(form.build(FormReader(submitted), code, year, user.actor))
    if not is_htmx(request):
        url = request.url_for("plan_entries", code=code).include_query_params(fy=year)
        return RedirectResponse(str(url), status_code=303)
    context = _entries_context(connection, code, year, {slug: _fresh(slug, kasane.today(), t, saved=True)})
    return render(
        request,
        "pages/plan_entries.html",
        context | {"listing": listing, "oob": True},
        fragment="partials/plan_entry.html",
    )
