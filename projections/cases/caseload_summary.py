"""The caseload summary: the dashboard's counts per agency scope, kept with the case rows (``caseload_summary``).

A case counts in the scope of every agency that may see it through the agency
rule of ``projections.cases.scope`` (its intake, lead and involved agencies,
the agencies that attended a meeting that discussed it, an agency asked to take
it over) and in the scope ``ALL`` (every case, for readers without a scope).
Each case gives one key (dimension, value) per thing it is counted by: its
status, and while open its coordinator, lead agency, involved agencies, area,
issue tags, and the month and the day of its next review and of its current
status. "Overdue" and "long in one status" depend on today, so they are read as
the sum of the months before today's month and the days of that month before
today: a few dozen rows, whatever the number of cases.

The case list keeps it page by page: the cases a page touches are counted
before and after the page, and only the difference is written (an upsert per
changed key, a row that drops to zero is deleted), so a catch-up of any page
sizes gives what a rebuild gives. The coordinator branch of the scope is per
user, not per agency: the reader adds the cases they coordinate that their
agency does not see (``projections.cases.caseload``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.lifecycle import CaseStatus
from domain.meeting import SupportMeeting
from projections.cases.case_relations import Relations
from projections.cases.tables import (
    case_list,
    case_meeting_agencies,
    caseload_summary,
)
from projections.engine.upsert import as_arrays, upsert

ALL = ""
"""The scope of every case (a reader without an agency scope)."""
COUNTED = ("status", "coordinator", "lead_agency", "involved_agency", "area", "issue_tag")
"""The dimensions read as counts per value (``CaseloadCounts``: ``by_<dimension>``)."""
Key = tuple[str, str]
Keys = Counter[tuple[str, str, str]]
"""(scope, dimension, value) → cases."""
Standing = dict[UUID, tuple[frozenset[str], list[Key]]]
"""Per case: the agencies whose scope it is in, and its keys."""
_IN: sa.BindParameter[Any] = sa.bindparam("cases", expanding=True)
COUNTED_COLUMNS = ("status", "coordinator", "lead_agency", "area", "next_review_due_on", "status_since")
"""The ``case_list`` columns a case is counted by (``case_keys``)."""


def touched_cases(connection: Connection, page: Sequence[tuple[int, Any]]) -> set[UUID]:
    """The cases whose keys or scopes the page may change: its cases' events, and the cases its meetings discussed."""
    cases: set[UUID] = set()
    voided: list[UUID] = []
    for _, event in page:
        if isinstance(event, Case.Event):
            cases.add(event.originator_id)
        elif isinstance(event, SupportMeeting.Held):
            cases.update(d.case_id for d in event.discussions)
        elif isinstance(event, SupportMeeting.Voided):
            voided.append(event.originator_id)
    if voided:
        m = case_meeting_agencies.c
        cases.update(connection.execute(sa.select(m.case_id).where(m.meeting_id.in_(voided))).scalars())
    return cases


def standing(relations: Relations, rows: Mapping[UUID, Mapping[str, Any] | None]) -> Standing:
    """Per case of ``rows`` that has one: the agencies whose scope it is in (``relations``) and its keys (from the
    counted columns of its ``case_list`` row, ``read_rows``)."""
    return {
        case_id: (frozenset(relations.scopes(case_id)), _keys_of(relations, case_id, row))
        for case_id, row in rows.items()
        if row is not None
    }


def counted(standing: Standing, cases: Iterable[UUID]) -> Keys:
    """What ``cases`` add to the summary, as they stand in ``standing`` (absent: nothing)."""
    keys: Keys = Counter()
    for case_id in cases:
        if (found := standing.get(case_id)) is not None:
            scopes, case_keys = found
            for scope in scopes | {ALL}:
                keys.update((scope, *key) for key in case_keys)
    return keys


def read_rows(
    connection: Connection, cases: Iterable[UUID], rows: Mapping[UUID, Mapping[str, Any]], read: Iterable[UUID] = ()
) -> dict[UUID, Mapping[str, Any] | None]:
    """For ``counted``: the counted columns of ``cases``' rows, copied (a page's events change the rows in place).

    ``rows`` are the rows of the cases in ``read`` the caller has already read (the case list's page reads its
    cases' rows anyway, ``Rows``; a case of ``read`` absent from them has no row); only the others are read here,
    usually none.
    """
    known = set(read)
    found: dict[UUID, Mapping[str, Any] | None] = {
        case_id: None if (row := rows.get(case_id)) is None else {column: row[column] for column in COUNTED_COLUMNS}
        for case_id in cases
        if case_id in known
    }
    unread = sorted(set(cases) - known)
    if unread:
        found.update(dict.fromkeys(unread))
        found.update((row.case_id, dict(row._mapping)) for row in connection.execute(_SELECT_CASES, {"cases": unread}))
    return found


def case_scopes_and_keys(connection: Connection, cases: Iterable[UUID]) -> Standing:
    """Per case: the agencies whose scope it is in (the agency rule), and its keys (cases without a row: absent)."""
    ids = set(cases)
    return standing(Relations(connection, ids), read_rows(connection, ids, {}))


def case_scopes(connection: Connection, cases: Iterable[UUID]) -> dict[UUID, set[str]]:
    """Per case: the agencies whose scope it is in by the agency rule (a case no agency sees is absent)."""
    relations = Relations(connection, cases)
    return {case_id: scopes for case_id in relations.cases if (scopes := relations.scopes(case_id))}


def _keys_of(relations: Relations, case_id: UUID, row: Mapping[str, Any]) -> list[Key]:
    return case_keys(row, sorted(relations.of("involved", case_id)), sorted(relations.of("tag", case_id)))


def case_keys(row: Mapping[Any, Any], agencies: list[str], tags: list[str]) -> list[Key]:
    """What one case is counted by: its status; while open, the dimensions of the dashboard and its dates."""
    keys = [("status", row["status"])]
    if row["status"] == CaseStatus.CLOSED.value:
        return keys
    keys += [("coordinator", row["coordinator"]), ("lead_agency", row["lead_agency"]), ("area", row["area"])]
    keys += [("involved_agency", agency) for agency in agencies] + [("issue_tag", tag) for tag in tags]
    for name, day in (("review", row["next_review_due_on"]), ("since", row["status_since"])):
        if day is not None:
            keys += [(f"{name}_month", day.isoformat()[:7]), (f"{name}_day", day.isoformat())]
    return keys


def record(connection: Connection, before: Standing, after: Standing) -> None:
    """Write the difference: add each changed key's change, and delete the rows that dropped to zero. Only the
    cases whose scopes or keys changed are counted (the others add the same before and after): a meeting record
    usually changes no case's (its attendees already see its cases), and then nothing is counted or written."""
    changed = [case_id for case_id in before.keys() | after.keys() if before.get(case_id) != after.get(case_id)]
    if changed:
        write_differences(connection, caseload_summary, counted(before, changed), counted(after, changed))


def write_differences(connection: Connection, table: sa.Table, before: Counter[Any], after: Counter[Any]) -> None:
    """Add ``after - before`` to the count (the last column) of each changed key (the primary key, in order);
    delete the rows that dropped to zero. Shared by the caseload's maintained counts."""
    *key_columns, count = table.columns
    names = [column.name for column in key_columns]
    changes: list[dict[str, Any]] = [
        dict(zip(names, key, strict=True), **{count.name: n})
        for key in sorted(set(before) | set(after))
        if (n := after[key] - before[key])
    ]
    if not changes:
        return
    add, delete_empty = _writes(table, connection.dialect.name)
    connection.execute(add, as_arrays(connection.dialect.name, table, changes))
    dropped = [{f"k_{name}": c[name] for name in names} for c in changes if c[count.name] < 0]
    if dropped:
        connection.execute(delete_empty, dropped)


@cache
def _writes(table: sa.Table, dialect_name: str) -> tuple[sa.Insert, sa.Delete]:
    """``write_differences``' two statements for ``table``, built once per dialect: add to a key's count (inserting
    the key when new), and delete a key whose count is zero."""
    *key_columns, count = table.columns
    names = [column.name for column in key_columns]
    add = upsert(table, dialect_name, names, lambda excluded: {count.name: count + excluded[count.name]})
    empty = sa.and_(*(column == sa.bindparam(f"k_{column.name}") for column in key_columns), count == 0)
    return add, sa.delete(table).where(empty)


def due_before(scope: str, today: date, ageing_since: date) -> tuple[sa.ScalarSelect[Any], sa.ScalarSelect[Any]]:
    """Open cases of ``scope`` whose review was due before ``today``, and in their status since ``ageing_since``
    or earlier: the months before the day's month, then the days of that month (four index ranges). Two scalar
    subqueries, for the caller to read in one statement with its other figures."""
    s = caseload_summary.c

    def before(name: str, day: date, inclusive: bool) -> sa.ScalarSelect[Any]:
        month, last = day.isoformat()[:7], day.isoformat()
        months = sa.select(s.cases).where(s.scope == scope, s.dimension == f"{name}_month", s.value < month)
        days = sa.select(s.cases).where(
            s.scope == scope,
            s.dimension == f"{name}_day",
            s.value >= f"{month}-01",
            s.value <= last if inclusive else s.value < last,
        )
        both = sa.union_all(months, days).subquery()
        return sa.select(sa.func.coalesce(sa.func.sum(both.c.cases), 0)).scalar_subquery()

    return before("review", today, False), before("since", ageing_since, True)


def counts(connection: Connection, scope: str) -> dict[str, dict[str, int]]:
    """The counts per value of each of ``COUNTED`` in ``scope``."""
    s = caseload_summary.c
    found: dict[str, dict[str, int]] = {name: {} for name in COUNTED}
    query = sa.select(s.dimension, s.value, s.cases).where(s.scope == scope, s.dimension.in_(COUNTED))
    for dimension, value, n in connection.execute(query.order_by(s.dimension, s.value)):
        found[dimension][value] = n
    return found


_c = case_list.c
_SELECT_CASES = sa.select(
    _c.case_id, _c.status, _c.coordinator, _c.lead_agency, _c.area, _c.next_review_due_on, _c.status_since
).where(_c.case_id.in_(_IN))
