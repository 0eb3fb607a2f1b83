"""The case list, the caseload's lists and the meeting list as files, exactly as the reader's screen lists them.

One place gathers the rows, so the screens, the JSON API and ``kasane export``
give the same file for the same reader and conditions: the rows are read with
the same queries and the same scope as the screen (``projections.cases.queries``,
``projections.meetings.queries``), all of them rather than one page; a case
search exports the matches the search shows. Headers and codes are written as
their Japanese labels from the gettext catalog, whatever the reader's
language: the files are kept and shared as Japanese records.

Each export is audited as ``export``: which list, the format and how many rows,
with the case ids it held; never the conditions, which could hold typed names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.engine import Connection
from starlette.responses import Response

from domain.application import Kasane
from projections.cases import queries
from projections.cases.queries import CaseSummary, OverdueActionItem
from projections.meetings import queries as meeting_queries
from projections.meetings.queries import MeetingSummary
from projections.paging import MAX_LIMIT
from projections.reports.list_files import MEDIA_TYPES, ListFile
from web.http.filters import CaseFilters
from web.i18n.language import Translator
from web.views.case_finder import SEARCH_LIMIT, search_cases
from web.views.meeting_view import MeetingFilters, case_number
from web.views.names import Names

ExportFormat = Literal["csv", "xlsx"]


class CaseExportIn(CaseFilters):
    """The case list's conditions (as on the screen) and the file format; ``q``: export a search's matches."""

    format: ExportFormat = "csv"
    q: str = Field(default="", max_length=100, description="the search's words, if the list was a search")


class ExportFormatIn(BaseModel):
    """A list without conditions of its own (the caseload's overdue action items): only the file format."""

    format: ExportFormat = "csv"


class MeetingExportIn(MeetingFilters):
    """The meeting list's period and conditions (as on the screen) and the file format."""

    format: ExportFormat = "csv"


@dataclass(frozen=True)
class Export:
    """A list ready to download: the file, its name, and what the audit writes down."""

    name: str
    list_name: str
    file: ListFile
    fmt: str
    case_ids: tuple[str, ...] = ()

    @property
    def audit_query(self) -> str:
        return f"list={self.list_name}&format={self.fmt}&rows={len(self.file.rows)}"

    def response(self) -> Response:
        filename = f"{self.name}.{self.fmt}"
        return Response(
            self.file.render(self.fmt),
            media_type=MEDIA_TYPES[self.fmt],
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


def exported_cases(
    connection: Connection,
    kasane: Kasane,
    wanted: CaseExportIn,
    *,
    visible_to: tuple[str, str],
    names: Names,
) -> Export:
    """Every case the reader's list shows for these conditions (or this search), in the list's order."""
    today = kasane.today()
    if wanted.q.strip():
        cases = search_cases(connection, kasane, wanted.q, visible_to=visible_to, limit=SEARCH_LIMIT).items
    else:
        conditions = CaseFilters(**wanted.model_dump(include=set(CaseFilters.model_fields))).as_query()
        cases = queries.list_cases(connection, visible_to=visible_to, today=today, **conditions)
    list_name = (
        "overdue_reviews" if wanted.review_overdue else "ageing" if wanted.in_status_days is not None else "cases"
    )
    return Export(
        name=f"{list_name}-{today:%Y%m%d}",
        list_name=list_name,
        file=case_file(cases, names, title=_title(names.t, list_name)),
        fmt=wanted.format,
        case_ids=tuple(str(c.case_id) for c in cases),
    )


def _title(t: Translator, list_name: str) -> str:
    if list_name == "overdue_reviews":
        return str(t("overdue_reviews"))
    return str(t("ageing") if list_name == "ageing" else t("cases_title"))


def case_file(cases: list[CaseSummary], names: Names, *, title: str) -> ListFile:
    t = names.t
    columns = (
        t("case_number_label"),
        t("export_col_case_id"),
        t.field("household_name"),
        t.field("kana"),
        t("export_col_members"),
        t.field("area"),
        t.field("status"),
        t("export_col_status_since"),
        t.field("issue_tags"),
        t.field("coordinator"),
        t.field("lead_agency"),
        t("opened_on_label"),
        t("last_contact"),
        t("next_review"),
        t("export_col_consultations"),
        t("export_col_outreach"),
    )
    rows = [
        (
            case_number(c.case_id),
            str(c.case_id),
            c.household_name,
            c.head_kana,
            c.member_count,
            names.area(c.area),
            t.label("status", c.status),
            c.status_since,
            "、".join(t.label("issue_tag", tag) for tag in c.issue_tags),
            names.user(c.coordinator),
            names.agency(c.lead_agency),
            c.opened_on,
            c.last_contact_on,
            c.next_review_due_on,
            c.consultation_count,
            c.outreach_count,
        )
        for c in cases
    ]
    return ListFile(title, tuple(str(c) for c in columns), rows)


def exported_meetings(
    connection: Connection, today: date, wanted: MeetingExportIn, *, agency: str, names: Names
) -> Export:
    """The meetings of the period the reader's agency convened or attended (the calendar's rows), oldest first."""
    period = wanted.period(today)
    meetings = meeting_queries.meeting_calendar(
        connection,
        period.first,
        period.last,
        meeting_type=wanted.meeting_type,
        statuses=wanted.statuses(),
        agency=agency,
    )
    label = f"{period.fy.year}" if period.kind == "fy" else f"{period.first:%Y-%m}"
    return Export(
        name=f"meetings-{label}",
        list_name="meetings",
        file=meeting_file(meetings, names),
        fmt=wanted.format,
    )


def meeting_file(meetings: list[MeetingSummary], names: Names) -> ListFile:
    t = names.t
    columns = (
        t("export_col_meeting_id"),
        t("meeting_date"),
        t.field("title"),
        t.field("meeting_kind"),
        t.field("meeting_status"),
        t("export_col_status_reason"),
        t.field("convenor_agency"),
        t("meeting_cases_count"),
        t("meeting_open_items"),
    )
    rows = [
        (
            str(m.meeting_id),
            m.meeting_on,
            m.title,
            names.meeting_type(m.meeting_type),
            t.label("meeting_status", m.status),
            m.status_reason,
            names.agency(m.convenor_agency),
            m.discussed_case_count if m.status == "held" else None,
            m.open_action_item_count if m.status == "held" else None,
        )
        for m in meetings
    ]
    return ListFile(str(t("meetings_title")), tuple(str(c) for c in columns), rows)


def exported_overdue_items(
    connection: Connection, today: date, fmt: str, *, visible_to: tuple[str, str], names: Names
) -> Export:
    """Every overdue action item the reader's caseload lists, most overdue first: all its pages, one file."""
    items: list[OverdueActionItem] = []
    after = None
    while True:
        page = queries.overdue_action_items(connection, today, visible_to=visible_to, limit=MAX_LIMIT, after=after)
        items += page.items
        if page.next_after is None:
            break
        after = page.next_after
    case_ids = tuple(dict.fromkeys(str(o.item.case_id) for o in items if o.item.case_id))
    return Export(
        name=f"overdue_action_items-{today:%Y%m%d}",
        list_name="overdue_action_items",
        file=overdue_item_file(items, names),
        fmt=fmt,
        case_ids=case_ids,
    )


def overdue_item_file(items: list[OverdueActionItem], names: Names) -> ListFile:
    t = names.t
    columns = (
        t.field("meeting_items_description"),
        t.field("meeting_items_owner_agency"),
        t("household"),
        t("export_col_case_id"),
        t.field("title"),
        t("export_col_held_on"),
        t.field("meeting_items_due_on"),
        t("export_col_days_overdue"),
    )
    rows = [
        (
            o.item.description,
            names.agency(o.item.owner_agency),
            o.item.household_name,
            str(o.item.case_id) if o.item.case_id else None,
            o.item.meeting_title,
            o.item.held_on,
            o.item.due_on,
            o.days_overdue,
        )
        for o in items
    ]
    return ListFile(str(t("overdue_action_items")), tuple(str(c) for c in columns), rows)
