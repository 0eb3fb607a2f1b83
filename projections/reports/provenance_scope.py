"""Provenance rows cut to the reader's case scope: record-level inside it, counts per agency and month outside.

A figure's provenance lists the events behind it with their case ids, areas
and facts (issue tags such as dv). Those are records about households: a
coordinator or supervisor sees them only for the cases in their scope
(``projections.cases.scope``), and the request is audited with those ids. The
rest are counted per agency and month, and a count from 1 to k−1 is shown as
``<k`` (``projections.reports.k_suppression``), on screens too, since these rows are
about households the reader has no business with. A planner, an administrator
and the command line have no case scope: they get the counts only. Events
about no case (a meeting, a community activity) stay as they are.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Collection
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.cases.scope import visible_case_ids
from projections.cases.tables import case_list
from projections.reports.k_suppression import label, suppress_all

Document = dict[str, Any]


def cases_in_scope(connection: Connection, case_ids: Collection[str], visible_to: tuple[str, str] | None) -> set[str]:
    """Those of ``case_ids`` the reader may see; none for a reader without a case scope (``visible_to`` None)."""
    if visible_to is None or not case_ids:
        return set()
    c = case_list.c
    query = sa.select(c.case_id).where(
        c.case_id.in_(visible_case_ids(*visible_to)), c.case_id.in_(sorted(UUID(str(case_id)) for case_id in case_ids))
    )
    return {str(case_id) for case_id in connection.execute(query).scalars()}


def case_ids_of(document: Document) -> set[str]:
    return {str(e["case_id"]) for e in document.get("events") or [] if e.get("case_id")}


def within_scope(document: Document, visible: Collection[str], k: int) -> Document:
    """The document with only ``visible`` cases' rows, and the others counted per agency and month."""
    found = copy.deepcopy(document)
    hidden = case_ids_of(document) - set(visible)
    kept: list[Document] = []
    outside: Counter[tuple[str, str]] = Counter()
    for event in found.get("events") or []:
        if event.get("case_id") and str(event["case_id"]) in hidden:
            outside[(event.get("agency") or "", str(event["occurred_on"])[:7])] += 1
        else:
            kept.append(event)
    found["events"] = kept
    for key in ("cases", "units"):
        if found.get(key) is not None:
            found[key] = [value for value in found[key] if str(value) not in hidden]
    counts = suppress_all(outside, k)
    found["outside_scope"] = [
        {"agency": agency, "month": month, "events": n, "label": label(n, k)}
        for (agency, month), n in sorted(counts.items())
    ]
    return found


def shown_case_ids(document: Document) -> list[str]:
    """The case ids a scoped document still names (what the audit records)."""
    return sorted(case_ids_of(document) | {str(c) for c in document.get("cases") or []})


CASEWORK_ROLES = frozenset({"coordinator", "supervisor"})
"""The roles with a case scope; a planner or an administrator reads provenance as counts only."""


def scope_of(role: str, agency: str, username: str) -> tuple[str, str] | None:
    return (agency, username) if role in CASEWORK_ROLES else None
