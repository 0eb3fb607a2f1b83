"""Transfer requests, household members and open placements as the case page and lists need them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Protocol
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.fiscal_year import FiscalYear
from domain.household import completed_years
from projections.cases.numbered_union import in_order, none, numbered
from projections.cases.queries import CASE_ID, CaseDetail, case_detail_with, detail_lists
from projections.cases.scope import visible_case
from projections.cases.tables import (
    case_entries,
    case_list,
    case_members,
    case_transfers,
    case_urgent_checks,
)
from projections.community.activities import anonymous_consultations as anonymous_consultations_table


@dataclass(frozen=True)
class TransferView:
    transfer_id: UUID
    case_id: UUID
    from_agency: str
    to_agency: str
    requested_on: date
    requested_by: str
    state: str
    answered_on: date | None


@dataclass(frozen=True)
class IncomingTransfer:
    """What the receiving agency sees in its list: enough to find the case, no free text."""

    transfer: TransferView
    household_name: str
    area: str
    status: str
    coordinator: str


def transfers_of(connection: Connection, case_id: UUID) -> list[TransferView]:
    rows = connection.execute(
        sa.select(case_transfers)
        .where(case_transfers.c.case_id == case_id)
        .order_by(case_transfers.c.requested_on, case_transfers.c.transfer_id)
    )
    return [TransferView(**r._asdict()) for r in rows]


def pending_transfer(connection: Connection, case_id: UUID) -> TransferView | None:
    return next((t for t in transfers_of(connection, case_id) if t.state == "requested"), None)


def incoming_transfers(connection: Connection, agency: str) -> list[IncomingTransfer]:
    """Requests waiting for ``agency``'s answer, oldest first."""
    t, c = case_transfers.c, case_list.c
    rows = connection.execute(
        sa.select(case_transfers, c.household_name, c.area, c.status, c.coordinator)
        .join(case_list, c.case_id == t.case_id)
        .where(t.to_agency == agency, t.state == "requested")
        .order_by(t.requested_on, t.transfer_id)
    )
    fields = set(TransferView.__dataclass_fields__)
    return [
        IncomingTransfer(
            transfer=TransferView(**{k: v for k, v in r._asdict().items() if k in fields}),
            household_name=r.household_name,
            area=r.area,
            status=r.status,
            coordinator=r.coordinator,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class MemberView:
    member_id: UUID
    name: str
    kana: str
    birth_date: date | None
    relationship: str

    def age_on(self, day: date) -> int | None:
        """Completed years on ``day`` (the injected Japan-time today), as the case page shows it."""
        return completed_years(self.birth_date, day)


@dataclass(frozen=True)
class OpenPlacement:
    entry_id: UUID
    agency: str
    started_on: date


def members_of(connection: Connection, case_id: UUID) -> list[MemberView]:
    m = case_members.c
    rows = connection.execute(
        sa.select(m.member_id, m.name, m.kana, m.birth_date, m.relationship)
        .where(m.case_id == case_id)
        .order_by(m.relationship != "principal", m.name, m.member_id)
    )
    return [MemberView(**r._asdict()) for r in rows]


def open_placements(connection: Connection, case_id: UUID) -> list[OpenPlacement]:
    """Placements that have not ended (and were not voided): the ones an end can be recorded for."""
    e = case_entries.c
    rows = connection.execute(
        sa.select(e.entry_id, e.agency, e.occurred_on.label("started_on"))
        .where(e.case_id == case_id, e.kind == "placement", e.ended_on.is_(None), e.voided.is_(False))
        .order_by(e.occurred_on, e.entry_id)
    )
    return [OpenPlacement(**r._asdict()) for r in rows]


@dataclass(frozen=True)
class AnonymousConsultationView:
    consultation_id: UUID
    occurred_on: date
    agency: str
    channel: str
    handler_role: str
    issue_tags: list[str]
    topic: str


def anonymous_consultations(
    connection: Connection, fiscal_year: FiscalYear, agency: str | None = None
) -> list[AnonymousConsultationView]:
    """The fiscal year's anonymous consultations (of one agency, if given), the latest first."""
    a = anonymous_consultations_table.c
    query = (
        sa.select(anonymous_consultations_table)
        .where(a.occurred_on >= fiscal_year.start, a.occurred_on <= fiscal_year.end)
        .order_by(a.occurred_on.desc(), a.consultation_id)
    )
    if agency is not None:
        query = query.where(a.agency == agency)
    return [AnonymousConsultationView(**r._asdict()) for r in connection.execute(query)]


@dataclass(frozen=True)
class UrgentCheckView:
    check_id: UUID
    case_id: UUID
    household_name: str
    coordinator: str
    lead_agency: str
    marked_on: date
    due_on: date
    overdue: bool


def open_urgent_checks(
    connection: Connection, today: date, *, visible_to: tuple[str, str] | None = None, case_id: UUID | None = None
) -> list[UrgentCheckView]:
    """Urgent checks not yet recorded, the earliest due first; ``overdue`` once their due day has passed."""
    u, c = case_urgent_checks.c, case_list.c
    query = (
        sa.select(u.check_id, u.case_id, c.household_name, c.coordinator, c.lead_agency, u.marked_on, u.due_on)
        .join(case_list, c.case_id == u.case_id)
        .where(u.checked_on.is_(None))
        .order_by(u.due_on, u.check_id)
    )
    if visible_to is not None:  # per open check (few): the scope is not selected as a whole
        query = query.where(visible_case(*visible_to, u.case_id))
    if case_id is not None:
        query = query.where(u.case_id == case_id)
    return [UrgentCheckView(**r._asdict(), overdue=r.due_on < today) for r in connection.execute(query)]


class CaseRow(Protocol):
    """What ``casework_of`` needs of the case (a ``projections.cases.queries.CaseSummary``)."""

    @property
    def case_id(self) -> UUID: ...
    @property
    def household_name(self) -> str: ...
    @property
    def coordinator(self) -> str: ...
    @property
    def lead_agency(self) -> str: ...


@dataclass(frozen=True)
class Casework:
    """What the case page's forms offer beyond the case row: read in one statement on every case page."""

    pending_transfer: TransferView | None
    urgent_check: UrgentCheckView | None
    open_placements: list[OpenPlacement]
    members: list[MemberView]


def casework_of(connection: Connection, case: CaseRow, today: date) -> Casework:
    """The pending transfer, the open urgent check, the open placements and the members of ``case``: four
    small lists of one case as one UNION ALL (one round trip instead of four; the case page's share of
    statements was a quarter of its time). Each branch numbers its rows in its list's own order."""
    return casework_from(connection.execute(_casework_statement(), {"case_id": case.case_id}), case, today)


def case_and_casework(connection: Connection, case_id: UUID, today: date) -> tuple[CaseDetail, Casework] | None:
    """The case as ``case_detail`` reads it, and its casework, in two statements rather than three: the case's
    agencies and referrals and the casework's four lists are one numbered union (the case page's forms need
    both on every request)."""
    found = case_detail_with(connection, case_id, _case_lists_statement())
    if found is None:
        return None
    detail, rows = found
    return detail, casework_from(rows, detail.case, today)


def casework_from(rows: Iterable[Any], case: CaseRow, today: date) -> Casework:
    """The casework in the rows of a numbered union with the casework's branches (other kinds are left)."""
    found: dict[str, list[Any]] = {"transfer": [], "urgent": [], "placement": [], "member": []}
    for row in rows:
        if row.kind in found:
            found[row.kind].append(row)
    pending = next(iter(found["transfer"]), None)
    urgent = next(iter(found["urgent"]), None)
    return Casework(
        pending_transfer=None
        if pending is None
        else TransferView(pending.id, case.case_id, pending.a, pending.b, pending.day1, pending.c, "requested", None),
        urgent_check=None
        if urgent is None
        else UrgentCheckView(
            urgent.id,
            case.case_id,
            case.household_name,
            case.coordinator,
            case.lead_agency,
            urgent.day1,
            urgent.day2,
            overdue=urgent.day2 < today,
        ),
        open_placements=[OpenPlacement(r.id, r.a, r.day1) for r in found["placement"]],
        members=[MemberView(r.id, r.a, r.b, r.day1, r.c) for r in found["member"]],
    )


@cache
def _casework_statement() -> sa.CompoundSelect[Any]:
    """``casework_of``'s statement, built once with the case as a parameter (building the four branches and their
    cache key on every case page cost more CPU than running them)."""
    return in_order(sa.union_all(*_casework_branches()))


@cache
def _case_lists_statement() -> sa.CompoundSelect[Any]:
    """``case_and_casework``'s union, built once: the case's agencies and referrals, then its casework."""
    return in_order(sa.union_all(*detail_lists(), *_casework_branches()))


def _casework_branches() -> tuple[sa.Select[Any], ...]:
    """Rows (kind, n, id, a, b, c, day1, day2): each list's own columns in place, typed NULLs where it has none."""
    t, u, e, m = case_transfers.c, case_urgent_checks.c, case_entries.c, case_members.c
    return (
        sa.select(
            *numbered("transfer", t.requested_on, t.transfer_id),
            t.transfer_id.label("id"),
            t.from_agency.label("a"),
            t.to_agency.label("b"),
            t.requested_by.label("c"),
            t.requested_on.label("day1"),
            none(sa.Date, "day2"),
        ).where(t.case_id == CASE_ID, t.state == "requested"),
        sa.select(
            *numbered("urgent", u.due_on, u.check_id),
            u.check_id,
            *(none(sa.String, name) for name in "abc"),
            u.marked_on,
            u.due_on,
        ).where(u.case_id == CASE_ID, u.checked_on.is_(None)),
        sa.select(
            *numbered("placement", e.occurred_on, e.entry_id),
            e.entry_id,
            e.agency,
            *(none(sa.String, name) for name in "bc"),
            e.occurred_on,
            none(sa.Date, "day2"),
        ).where(e.case_id == CASE_ID, e.kind == "placement", e.ended_on.is_(None), e.voided.is_(False)),
        sa.select(
            *numbered("member", m.relationship != "principal", m.name, m.member_id),
            m.member_id,
            m.name,
            m.kana,
            m.relationship,
            m.birth_date,
            none(sa.Date, "day2"),
        ).where(m.case_id == CASE_ID),
    )
