"""What puts a case in agencies' scopes and counts it, beside its row: read once per page, followed in memory.

A case is in the scope of its agencies (intake, lead, involved), of the
agencies that attended a meeting that discussed it and of an agency asked to
take it over, and is counted by its agencies and issue tags
(``caseload_summary``, ``caseload_action_items``). The case list counts the
cases a page touches before and after the page; these four tables change only
through the case list's own handlers (``case_links`` and ``case_list``), so the
page reads them once, before, and each handler tells the page's copy what it
wrote (``added``, ``removed``, ``replaced``). The counts after the page come
from that copy instead of a second read of the four tables (one statement less
per page, and its rows' decoding: the largest part of a command's catch-up).
A write the copy cannot follow exactly (a meeting's agencies deleted, a
transfer answered) marks the case unknown (``unknown``): it is read again after
the page (``refresh``), so every count still equals a rebuild's.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from projections.cases.tables import case_agencies, case_issue_tags, case_meeting_agencies, case_transfers

KINDS = ("involved", "tag", "met", "asked")
"""Involved agencies (``case_agencies``, every relation), issue tags, agencies of meetings that discussed the case,
agencies asked to take it over (a transfer still requested)."""
HELD = "case_list.relations"
"""``connection.info`` key: the page's ``Relations`` (set while a page is being applied)."""


class Relations:
    """The four related tables' values of some cases, per kind and case, as sets (each is unique per case)."""

    def __init__(self, connection: Connection, cases: Iterable[UUID]) -> None:
        self.cases = frozenset(cases)
        self.values: dict[str, dict[UUID, set[str]]] = {kind: {} for kind in KINDS}
        self.unknown: set[UUID] = set()
        """Cases whose related rows a handler changed in a way not followed here: read again by ``refresh``."""
        self._read(connection, self.cases)

    def _read(self, connection: Connection, cases: Iterable[UUID]) -> None:
        ids = sorted(cases)
        for values in self.values.values():
            for case_id in ids:
                values.pop(case_id, None)
        if not ids:
            return
        for case_id, kind, value in connection.execute(_SELECT_RELATED, {"cases": ids}):
            self.values[kind].setdefault(case_id, set()).add(value)

    def of(self, kind: str, case_id: UUID) -> set[str]:
        return self.values[kind].get(case_id, set())

    def scopes(self, case_id: UUID) -> set[str]:
        """The agencies whose scope the case is in by the agency rule (empty: no agency sees it)."""
        return self.of("involved", case_id) | self.of("met", case_id) | self.of("asked", case_id)

    def refresh(self, connection: Connection) -> None:
        """Read again the cases marked unknown during the page (usually none)."""
        if self.unknown:
            self._read(connection, self.unknown)
            self.unknown = set()


def added(connection: Connection, kind: str, case_id: UUID, values: Iterable[str]) -> None:
    """A handler inserted (or kept) ``values`` of ``kind`` for the case."""
    held = _held(connection, case_id)
    if held is not None:
        held.values[kind].setdefault(case_id, set()).update(values)


def removed(connection: Connection, kind: str, case_id: UUID, value: str) -> None:
    """A handler deleted the case's one row of ``kind`` holding ``value``."""
    held = _held(connection, case_id)
    if held is not None:
        held.values[kind].get(case_id, set()).discard(value)


def replaced(connection: Connection, kind: str, case_id: UUID, values: Iterable[str]) -> None:
    """A handler replaced every row of ``kind`` of the case by ``values``."""
    held = _held(connection, case_id)
    if held is not None:
        held.values[kind][case_id] = set(values)


def known(connection: Connection, kind: str, case_id: UUID) -> set[str] | None:
    """The case's values of ``kind`` as the page's copy follows them; None when the copy cannot say (no page, a
    case the page did not read, or one marked unknown): then the table is the one to ask."""
    held = _held(connection, case_id)
    if held is None or case_id in held.unknown:
        return None
    return held.of(kind, case_id)


def unknown(connection: Connection, case_id: UUID | None = None) -> None:
    """A handler changed the case's related rows (None: of any case of the page) in a way not followed here."""
    held: Relations | None = connection.info.get(HELD)
    if held is not None:
        held.unknown.update(held.cases if case_id is None else {case_id} & held.cases)


def _held(connection: Connection, case_id: UUID) -> Relations | None:
    held: Relations | None = connection.info.get(HELD)
    return held if held is not None and case_id in held.cases else None


_IN: sa.BindParameter[Any] = sa.bindparam("cases", expanding=True)
_a, _t, _m, _x = case_agencies.c, case_issue_tags.c, case_meeting_agencies.c, case_transfers.c
_SELECT_RELATED = sa.union_all(
    sa.select(_a.case_id, sa.literal_column("'involved'"), _a.agency).where(_a.case_id.in_(_IN)),
    sa.select(_t.case_id, sa.literal_column("'tag'"), _t.tag).where(_t.case_id.in_(_IN)),
    sa.select(_m.case_id, sa.literal_column("'met'"), _m.agency).where(_m.case_id.in_(_IN)),
    sa.select(_x.case_id, sa.literal_column("'asked'"), _x.to_agency).where(
        _x.case_id.in_(_IN), _x.state == "requested"
    ),
)
"""The four tables' values of some cases in one statement, built once."""
