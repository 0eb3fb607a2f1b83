"""Support meeting screens: the calendar, recording a meeting, a meeting's page, action items done.

Forms follow the case forms' pattern: a refusal comes back as the same form
with the input (dynamic rows included) kept and the messages beside the
fields; nothing is stored. Marking an action item done answers htmx with
the item and the ``meeting-changed`` event, so the open-item counts refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Query, Request
from starlette.datastructures import ImmutableMultiDict
from starlette.responses import RedirectResponse, Response

from domain.errors import ConcurrentChange, KasaneError, NotFound
from domain.meeting_commands import CompleteActionItem
from projections.cases.search import find_cases
from web.access.guard import read_by_post, shown
from web.forms import meeting as meeting_forms
from web.forms.reader import FormReader, Values, initial
from web.http.deps import CurrentUser, Execute, FormDep, KasaneDep, ReadDep, ReadModelsDep, TranslatorDep
from web.http.errors import expect_form
from web.http.htmx import Event, is_htmx, redirect, trigger
from web.http.rendering import render
from web.i18n.language import Translator
from web.views import meeting_view
from web.views.case_finder import keyed
from web.views.case_view import case_detail
from web.views.consent_warnings import consent_warnings
from web.views.meeting_view import MeetingFilters

router = APIRouter(include_in_schema=False)

FORM_PAGE = "pages/meeting_form.html"
FORM = "partials/meetings/form.html"
ROW_TEMPLATES = {
    "attendees": "partials/meetings/attendee_row.html",
    "cases": "partials/meetings/case_row.html",
    "items": "partials/meetings/item_row.html",
}


@router.get("/meetings", name="meetings")
def meetings(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    filters: Annotated[MeetingFilters, Query()],
) -> Response:
    """The calendar of the user's agency's meetings for a month or a fiscal year, filtered by type and status."""
    context = meeting_view.calendar(connection, filters, kasane.today(), user.agency)
    return render(request, "pages/meetings.html", context, fragment="partials/meetings/calendar.html")


def _form_context(
    values: Values,
    t: Translator,
    errors: dict[str, str],
    detail: str | None,
    scheduled: meeting_view.MeetingDetail | None,
) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors,
        "detail": detail,
        "scheduled": scheduled,
        "labels": {name: meeting_forms.field_label(name, t) for name in errors},
        "attendee_rows": meeting_forms.rows(values, "attendees", 1),
        "case_rows": meeting_forms.rows(values, "cases"),
        "item_rows": meeting_forms.rows(values, "items", 1),
        "case_choices": meeting_forms.case_rows(values),
    }


def _show_form(
    request: Request, context: dict[str, Any], status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return render(request, FORM_PAGE, context, fragment=FORM, status_code=status_code, headers=headers)


class _MeetingForm:
    """The meeting form shown again by ``web/http/errors.py`` after a refusal, input and dynamic rows kept.

    ``scheduled`` reloads the meeting's latest state; after a conflict the form carries its new version."""

    def __init__(
        self,
        request: Request,
        values: Values,
        t: Translator,
        scheduled: Callable[[], meeting_view.MeetingDetail | None],
    ) -> None:
        self.request, self.values, self.t, self.scheduled = request, values, t, scheduled
        self.conflict = False

    def place(self, error: KasaneError, t: Translator) -> dict[str, str]:
        self.conflict = isinstance(error, ConcurrentChange)
        return meeting_forms.refusal(error, self.values, t).errors

    def show(self, errors: dict[str, str], detail: str | None, status: int, headers: dict[str, str]) -> Response:
        latest = self.scheduled()
        values = self.values
        if self.conflict and latest is not None:
            values = _with(values, expected_version=str(latest.meeting.version))
        return _show_form(self.request, _form_context(values, self.t, errors, detail, latest), status)


def _with(values: Values, **replaced: str) -> Values:
    kept = [(k, v) for k, v in values.multi_items() if k not in replaced]
    return ImmutableMultiDict(kept + list(replaced.items()))


def _go_to_meeting(request: Request, meeting_id: UUID) -> Response:
    url = str(request.url_for("meeting_page", meeting_id=meeting_id))
    if is_htmx(request):
        return Response(status_code=204, headers=redirect(url))
    return RedirectResponse(url, status_code=303)


@router.get("/meetings/new", name="new_meeting")
def new_meeting(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    t: TranslatorDep,
    case_id: UUID | None = None,
) -> Response:
    """The form to schedule a meeting or record one already held; from a case page, with that case taken up.

    The guard has already checked that the user may see a case named in the query."""
    case = None
    if case_id is not None:
        case = (case_id, case_detail(connection, case_id).case.household_name)
    values = meeting_forms.defaults(user.actor, kasane.today(), case)
    return _show_form(request, _form_context(values, t, {}, None, None))


@router.post("/meetings/new", name="create_meeting")
def create_meeting(
    request: Request, values: FormDep, user: CurrentUser, execute: Execute, t: TranslatorDep
) -> Response:
    """Schedule the meeting, or record it as held with its cases and action items, in one command."""
    submitted = Values(values.multi_items())
    form = _MeetingForm(request, submitted, t, lambda: None)
    expect_form(request, form.show, form.place)
    recorded = execute(meeting_forms.new_meeting(submitted, user.actor))
    return _go_to_meeting(request, recorded.id)


@router.post("/meetings/rows/{group}", name="meeting_row")
def meeting_row(
    request: Request, group: str, user: CurrentUser, values: FormDep, index: Annotated[int, Form(ge=0, le=200)]
) -> Response:
    """One more empty row (attendee, case or action item) for the meeting form; htmx appends it.

    An action item row offers the form's case rows (htmx includes them) as the case it is about. A POST, so
    that the households and decisions already typed into the form travel in the body, never in a URL."""
    if group not in ROW_TEMPLATES:
        raise NotFound("no such row", field="id")
    read_by_post(request)
    submitted = Values(values.multi_items())
    context = {"values": submitted, "errors": {}, "row": index, "case_choices": meeting_forms.case_rows(submitted)}
    return render(request, ROW_TEMPLATES[group], context)


@router.post("/meetings/case-search", name="meeting_case_search")
def case_search(
    request: Request,
    connection: ReadDep,
    user: CurrentUser,
    kasane: KasaneDep,
    q: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Cases the user may see matching a household name or case number, each with a button that adds it.

    A POST: the name searched for stays out of URLs and logs; the audit names the cases shown, not the term."""
    found = find_cases(connection, q, keyed=keyed(kasane), visible_to=(user.agency, user.username))
    read_by_post(request)
    shown(request, (c.case_id for c in found))
    return render(request, "partials/meetings/case_search.html", {"found": found, "q": q})


@router.post("/meetings/case-row", name="meeting_case_row")
def case_row(
    request: Request, connection: ReadDep, user: CurrentUser, case_id: UUID, index: Annotated[int, Form(ge=0, le=200)]
) -> Response:
    """The row of one chosen case: what the meeting did about it.

    The case id stays in the query (an id, scoped by the guard); the event fires after the row has settled,
    so that the action items' case choices see it."""
    case = case_detail(connection, case_id).case
    read_by_post(request)
    shown(request, [case_id])
    p = f"cases-{index}-"
    values = initial(
        **{p + "case_id": case_id, p + "household": case.household_name, p + "outcome": "information_shared"}
    )
    return render(
        request,
        "partials/meetings/case_row_added.html",
        {"values": values, "errors": {}, "row": index},
        headers={"HX-Trigger-After-Settle": Event.MEETING_CASES_CHANGED.value},
    )


@router.post("/meetings/item-case-field", name="meeting_item_case_field")
def item_case_field(
    request: Request, user: CurrentUser, values: FormDep, row: Annotated[int, Query(ge=0, le=200)]
) -> Response:
    """An action item's case choice again, offering the cases now on the form and keeping the one chosen."""
    read_by_post(request)
    submitted = Values(values.multi_items())
    context = {"values": submitted, "errors": {}, "row": row, "case_choices": meeting_forms.case_rows(submitted)}
    return render(request, "partials/meetings/item_case_field.html", context)


@router.get("/meetings/{meeting_id}", name="meeting_page")
def meeting_page(
    request: Request, meeting_id: UUID, connection: ReadDep, user: CurrentUser, kasane: KasaneDep, t: TranslatorDep
) -> Response:
    """A meeting: details, attendees, what it decided for each case, its action items.

    A scheduled meeting warns of planned cases that lack the consent its type requires on the day."""
    context = meeting_view.meeting_context(connection, meeting_id, user.agency)
    shown(request, meeting_view.cases_shown(context["detail"]))
    context |= {
        "today": kasane.today(),
        "cancel_values": initial(cancelled_on=kasane.today()),
        "cancel_errors": {},
        "consent_warnings": consent_warnings(kasane, connection, meeting_id, t),
    }
    return render(request, "pages/meeting.html", context)


@router.get("/meetings/{meeting_id}/counts", name="meeting_counts")
def meeting_counts(
    request: Request, meeting_id: UUID, connection: ReadDep, user: CurrentUser, kasane: KasaneDep
) -> Response:
    """The meeting's figures (htmx refreshes them when an action item is done)."""
    context = meeting_view.meeting_context(connection, meeting_id, user.agency) | {"today": kasane.today()}
    shown(request, meeting_view.cases_shown(context["detail"]))
    return render(request, "pages/meeting.html", context, fragment="partials/meetings/counts.html")


@router.get("/meetings/{meeting_id}/record", name="record_meeting_form")
def record_form(
    request: Request, meeting_id: UUID, connection: ReadDep, user: CurrentUser, t: TranslatorDep
) -> Response:
    """The form to record a scheduled meeting as held, starting from its date, convenor and planned cases."""
    detail = meeting_view.meeting(connection, meeting_id)
    m = detail.meeting
    values = _with(
        meeting_forms.defaults_for_record(
            m.scheduled_on,
            m.convenor_agency,
            [(p.case_id, p.household_name) for p in detail.planned_cases],
            {name: getattr(m, name) for name in meeting_forms.SITTING},
        ),
        expected_version=str(m.version),
    )
    return _show_form(request, _form_context(values, t, {}, None, detail))


@router.post("/meetings/{meeting_id}/record", name="record_meeting")
def record_meeting(
    request: Request,
    meeting_id: UUID,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    execute: Execute,
    t: TranslatorDep,
) -> Response:
    """Record that the scheduled meeting was held."""
    meeting_view.meeting(connection, meeting_id)
    submitted = Values(values.multi_items())

    def latest() -> meeting_view.MeetingDetail:
        read_models.catch_up_pages()
        with read_models.engine.connect() as fresh:
            return meeting_view.meeting(fresh, meeting_id)

    form = _MeetingForm(request, submitted, t, latest)
    expect_form(request, form.show, form.place)
    execute(meeting_forms.record_outcome(submitted, meeting_id, user.actor))
    return _go_to_meeting(request, meeting_id)


@router.post("/meetings/{meeting_id}/cancel", name="cancel_meeting")
def cancel_meeting(
    request: Request,
    meeting_id: UUID,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Cancel a scheduled meeting, with the reason."""
    meeting_view.meeting(connection, meeting_id)
    submitted = Values(values.multi_items())

    def show_cancel_form(errors: dict[str, str], detail: str | None, status: int, headers: dict[str, str]) -> Response:
        read_models.catch_up_pages()
        with read_models.engine.connect() as fresh:
            context = meeting_view.meeting_context(fresh, meeting_id, user.agency)
        context |= {
            "today": kasane.today(),
            "cancel_values": submitted,
            "cancel_errors": errors,
            "cancel_detail": detail,
        }
        return render(
            request, "pages/meeting.html", context, fragment="partials/meetings/cancel_form.html", status_code=status
        )

    expect_form(request, show_cancel_form, lambda error, t: meeting_forms.refusal(error, submitted, t).errors)
    execute(meeting_forms.cancellation(submitted, meeting_id, user.actor))
    return _go_to_meeting(request, meeting_id)


@router.post("/meetings/{meeting_id}/items/{item_id}/done", name="complete_action_item")
def complete_item(
    request: Request,
    meeting_id: UUID,
    item_id: UUID,
    values: FormDep,
    connection: ReadDep,
    read_models: ReadModelsDep,
    user: CurrentUser,
    kasane: KasaneDep,
    execute: Execute,
) -> Response:
    """Mark one action item done; htmx gets the item back and the counts refresh."""
    detail = meeting_view.meeting(connection, meeting_id)
    if item_id not in {i.item_id for i in detail.action_items}:
        raise NotFound("no such action item", field="id")
    submitted = Values(values.multi_items())

    def show_item(errors: dict[str, str], detail: str | None, status: int, headers: dict[str, str]) -> Response:
        read_models.catch_up_pages()
        with read_models.engine.connect() as fresh:
            context = meeting_view.meeting_context(fresh, meeting_id, user.agency)
        item = next(i for i in context["detail"].action_items if i.item_id == item_id)
        context |= {"item": item, "item_values": submitted, "item_errors": errors, "today": kasane.today()}
        return render(
            request,
            "pages/meeting.html",
            context,
            fragment="partials/meetings/action_item.html",
            status_code=status,
            headers=headers,
        )

    expect_form(request, show_item)
    f = FormReader(submitted)
    done_on, note = f.day("done_on"), f.text("note")
    f.check()
    assert done_on is not None, "a required field: check() refuses the form without it"
    execute(
        CompleteActionItem(
            actor=user.actor,
            meeting_id=meeting_id,
            item_id=item_id,
            done_on=done_on,
            note=note,
        )
    )
    if not is_htmx(request):
        return RedirectResponse(request.url_for("meeting_page", meeting_id=meeting_id), status_code=303)
    return show_item({}, None, 200, trigger(Event.MEETING_CHANGED))
