"""What the web reads: small query functions over the read models, returning plain data.

Callers pass an open connection (one snapshot for a page's several queries)
and get frozen dataclasses back, never rows or aggregates. The supervisor
views live in ``projections.cases.caseload`` and are re-exported here; meetings and
community activities have their own ``meeting_queries`` and ``community_queries``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, cached_property
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from domain.personal_data import ERASED
from projections.cases.caseload import (
    ActionItemTotals,
    CaseAge,
    CaseloadCounts,
    CaseloadTotals,
    OverdueActionItem,
    OverdueReview,
    action_item_totals,
    ageing,
    caseload_counts,
    caseload_totals,
    overdue_action_items,
    overdue_reviews,
)
from projections.cases.numbered_union import in_order, none, numbered
from projections.cases.scope import visible_case_ids
from projections.cases.selection import CaseSelection
from projections.cases.tables import case_agencies, case_issue_tags, case_list, case_members, case_referrals
from projections.paging import DEFAULT_LIMIT, Page, keyset_page
from projections.timeline import case_timeline
from projections.typed_events import revived

__all__ = [
    "CaseAge",
    "CaseDetail",
    "CaseSummary",
    "CaseloadCounts",
    "InvolvedAgency",
    "OverdueReview",
    "ReferralView",
    "TimelineEntry",
    "ageing",
    "case_detail",
    "caseload_counts",
    "list_cases",
    "overdue_reviews",
    "timeline",
    "OverdueActionItem",
    "overdue_action_items",
    "case_page",
    "Page",
    "CaseloadTotals",
    "caseload_totals",
    "ActionItemTotals",
    "action_item_totals",
]


@dataclass(frozen=True)
class CaseSummary:
    """One line of the case list (the columns of ``case_list`` plus the issue tags)."""

    case_id: UUID
    version: int
    household_name: str
    member_count: int
    status: str
    status_since: date
    closure_reason: str | None
    opened_on: date
    area: str
    intake_agency: str
    lead_agency: str
    coordinator: str
    meeting_consent: str
    meeting_consent_on: date | None
    meeting_consent_expires_on: date | None
    plan_version: int | None
    plan_type: str | None
    next_review_due_on: date | None
    last_contact_on: date | None
    consultation_count: int
    outreach_count: int
    placement_count: int
    issue_tags: tuple[str, ...]
    head_kana: str = ""
    """The kana of the household's head (the principal, else the first member with kana): lists show it by the name."""


@dataclass(frozen=True)
class InvolvedAgency:
    agency: str
    relation: str


@dataclass(frozen=True)
class ReferralView:
    referral_id: UUID
    from_agency: str
    to_agency: str
    sent_on: date
    state: str
    answered_on: date | None


@dataclass(frozen=True)
class CaseDetail:
    case: CaseSummary
    agencies: tuple[InvolvedAgency, ...]
    referrals: tuple[ReferralView, ...]


@dataclass(frozen=True)
class TimelineEntry:
    version: int
    event_type: str
    occurred_on: date
    recorded_at: datetime
    actor_user: str
    actor_role: str
    actor_agency: str
    subject_id: UUID | None
    payload: dict[str, Any]
    voided: bool
    corrected: bool

    @cached_property
    def event(self) -> Any:
        """The case event this row records, typed again (``projections.typed_events``); None if unknown."""
        return revived(self.event_type, self.payload, self.occurred_on)


TIMELINE_FIELDS = tuple(field.name for field in dataclasses.fields(TimelineEntry))
"""The timeline's columns a ``TimelineEntry`` holds, in its order (all but the case id)."""


def _timeline_entry(row: tuple[Any, ...]) -> TimelineEntry:
    """The entry a row of ``TIMELINE_FIELDS`` is, made as ``projections.typed_events`` makes events: its values
    are the read model's own, and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` a field) cost as
    much as reading the row."""
    entry = object.__new__(TimelineEntry)
    values = entry.__dict__
    values.update(zip(TIMELINE_FIELDS, row, strict=True))
    values["recorded_at"] = _utc(values["recorded_at"])
    return entry


def list_cases(
    connection: Connection,
    *,
    visible_to: tuple[str, str] | None = None,
    today: date | None = None,
    **filters: Any,
) -> list[CaseSummary]:
    """Every case matching every given filter (``CaseSelection``), in the selection's order.

    ``visible_to`` (agency, username) keeps only the cases that user may see (``projections.cases.scope``).
    Screens and the API read a page at a time (``case_page``); this is for exports and tests.
    """
    selection = CaseSelection(**filters)
    query = sa.select(case_list).where(*selection.where(today, visible_to))
    rows = connection.execute(query.order_by(*_order_by(selection))).all()
    return _summaries(connection, rows)


def case_page(
    connection: Connection,
    *,
    visible_to: tuple[str, str] | None,
    today: date | None = None,
    limit: int = DEFAULT_LIMIT,
    after: UUID | None = None,
    matching: sa.ColumnElement[bool] | None = None,
    **filters: Any,
) -> Page[CaseSummary]:
    """One page of the cases matching the filters (and ``matching``, a search), continuing after the case ``after``."""
    selection = CaseSelection(**filters)
    scope = [] if visible_to is None else [case_list.c.case_id.in_(visible_case_ids(*visible_to))]
    searched = [] if matching is None else [matching]
    cursor = (
        None
        if after is None
        else (sa.select(*(column for column, _ in selection.order)).where(case_list.c.case_id == after, *scope))
    )
    page = keyset_page(
        connection,
        sa.select(case_list).where(*selection.where(today, visible_to), *searched),
        selection.order,
        limit=limit,
        cursor=cursor,
    )
    return Page(_summaries(connection, page.items), page.total, page.start, page.limit, page.next_after)


def _order_by(selection: CaseSelection) -> list[Any]:
    return [column.desc() if descending else column for column, descending in selection.order]


def _summaries(connection: Connection, rows: Sequence[Row[Any]]) -> list[CaseSummary]:
    case_ids = [r.case_id for r in rows]
    tags, kana = _tags(connection, case_ids), _head_kana(connection, case_ids)
    return [
        CaseSummary(**r._asdict(), issue_tags=tags.get(r.case_id, ()), head_kana=kana.get(r.case_id, "")) for r in rows
    ]


def case_detail(connection: Connection, case_id: UUID) -> CaseDetail | None:
    """The case row with its tags and head kana in one statement (a case page reads it on every request),
    then its agencies and its referrals in another."""
    found = case_detail_with(connection, case_id, _detail_lists_statement())
    return None if found is None else found[0]


def case_detail_with(
    connection: Connection, case_id: UUID, lists: sa.CompoundSelect[Any]
) -> tuple[CaseDetail, Sequence[Row[Any]]] | None:
    """The case as ``case_detail`` reads it, its agencies and referrals read by ``lists``: a numbered union
    (``projections.cases.numbered_union``) of ``detail_lists()`` and other lists of the case, whose rows are
    returned too (the case page reads all the small lists it needs in one statement)."""
    found = connection.execute(_case_row_statement(), {"case_id": case_id}).one_or_none()
    if found is None:
        return None
    *columns, tag_list, kana = found
    row = dict(zip(case_list.c.keys(), columns, strict=True))
    issue_tags = tuple(sorted(tag_list.split(TAG_SEPARATOR))) if tag_list else ()
    rows = connection.execute(lists, {"case_id": case_id}).all()
    detail = CaseDetail(
        case=CaseSummary(**row, issue_tags=issue_tags, head_kana=kana or ""),
        agencies=tuple(InvolvedAgency(r.a, r.b) for r in rows if r.kind == "agency"),
        referrals=tuple(ReferralView(r.id, r.a, r.b, r.day1, r.c, r.day2) for r in rows if r.kind == "referral"),
    )
    return detail, rows


CASE_ID = sa.bindparam("case_id", type_=sa.Uuid())
"""The case a statement built once (``case_detail``, ``timeline``) is executed for."""


@cache
def _case_row_statement() -> sa.Select[Any]:
    """The case row with its tags and head kana, built once with the case as a parameter: building the case
    page's statements and their cache keys on every request cost more CPU than running them."""
    c = case_list.c
    tags = sa.select(sa.func.aggregate_strings(case_issue_tags.c.tag, TAG_SEPARATOR)).where(
        case_issue_tags.c.case_id == c.case_id
    )
    row = sa.select(case_list, tags.scalar_subquery().label("tag_list"), _head_kana_of(c.case_id).label("kana"))
    return row.where(c.case_id == CASE_ID)


@cache
def _detail_lists_statement() -> sa.CompoundSelect[Any]:
    return in_order(sa.union_all(*detail_lists()))


def detail_lists() -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The branches (kind, n, id, a, b, c, day1, day2) of the case's agencies (the lead first) and referrals (as
    sent), for a numbered union: one statement instead of two."""
    a, r = case_agencies.c, case_referrals.c
    return (
        sa.select(
            *numbered("agency", a.relation != "lead", a.agency),
            none(sa.Uuid, "id"),
            a.agency.label("a"),
            a.relation.label("b"),
            none(sa.String, "c"),
            none(sa.Date, "day1"),
            none(sa.Date, "day2"),
        ).where(a.case_id == CASE_ID),
        sa.select(
            *numbered("referral", r.sent_on, r.referral_id),
            r.referral_id,
            r.from_agency,
            r.to_agency,
            r.state,
            r.sent_on,
            r.answered_on,
        ).where(r.case_id == CASE_ID),
    )


def timeline(
    connection: Connection, case_id: UUID, *, event_types: tuple[str, ...] | None = None
) -> list[TimelineEntry]:
    """Every event of the case (or only those of ``event_types``), oldest first; struck-out entries are included
    and flagged."""
    parameters: dict[str, Any] = {"case_id": case_id}
    if event_types is not None:
        parameters["event_types"] = list(event_types)
    rows = connection.execute(_timeline_statement(event_types is not None), parameters).tuples()
    return [_timeline_entry(row) for row in rows]


@cache
def _timeline_statement(of_types: bool) -> sa.Select[Any]:
    """``timeline``'s statement, built once (with or without the event types' condition). It selects
    ``TimelineEntry``'s fields in their order, so that each row is the entry's arguments as they are: mapping every
    row by name, and parsing the case id the caller already has, was a fifth of a case page's reading."""
    t = case_timeline.c
    query = sa.select(*(t[name] for name in TIMELINE_FIELDS)).where(t.case_id == CASE_ID)
    if of_types:
        query = query.where(t.event_type.in_(sa.bindparam("event_types", expanding=True)))
    return query.order_by(t.version)


TAG_SEPARATOR = ","
"""Issue tags are codes (``domain.issue_tags.IssueTag``): none holds a comma."""


def _head_kana_of(case_id: Any) -> sa.ScalarSelect[Any]:
    """The kana a page shows beside the household name: the principal's, else the first member's with one."""
    m = case_members.c
    return (
        sa.select(m.kana)
        .where(m.case_id == case_id, m.kana != "", m.kana != ERASED)
        .order_by(m.relationship != "principal", m.name, m.member_id)
        .limit(1)
        .scalar_subquery()
    )


def _head_kana(connection: Connection, case_ids: list[UUID]) -> dict[UUID, str]:
    """Case → the kana a list shows beside the household name (read from the members the read model keeps)."""
    if not case_ids:
        return {}
    m = case_members.c
    rows = connection.execute(
        sa.select(m.case_id, m.kana)
        .where(m.case_id.in_(case_ids), m.kana != "", m.kana != ERASED)
        .order_by(m.case_id, m.relationship != "principal", m.name, m.member_id)
    )
    kana: dict[UUID, str] = {}
    for case_id, text in rows:
        kana.setdefault(case_id, text)
    return kana


def _tags(connection: Connection, case_ids: list[UUID]) -> dict[UUID, tuple[str, ...]]:
    if not case_ids:
        return {}
    tags: dict[UUID, list[str]] = defaultdict(list)
    rows = connection.execute(
        sa.select(case_issue_tags.c.case_id, case_issue_tags.c.tag)
        .where(case_issue_tags.c.case_id.in_(case_ids))
        .order_by(case_issue_tags.c.tag)
    )
    for case_id, tag in rows:
        tags[case_id].append(tag)
    return {case_id: tuple(values) for case_id, values in tags.items()}


def _utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
