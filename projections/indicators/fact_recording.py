"""Recording indicator facts: the page of fact rows being written, and the fact each kind of occurrence makes.

A rebuild replays every event, so fact rows wait in a ``Page`` and are
written together; a ``Recording`` is one event being applied (where it is in
the log, when it was written). The helpers below say which units and filter
values a case, entry or community activity gives its fact. Kept apart from
``projections.indicators.facts`` so the projection reads as what each event
records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.activity import Consultation, Entry, OutreachVisit, Placement
from domain.case import Case
from domain.community import CommunityActivityDetails
from domain.meeting import SupportMeeting
from projections.engine.bulk_rows import insert_rows
from projections.indicators import fact_summary
from projections.indicators.fact_tables import dimensions, fact_cases, indicator_facts, summary_tables, utc

ENTRY_KINDS = {Consultation: "case.consultation", OutreachVisit: "case.outreach", Placement: "case.placement_started"}


class Page:
    """What one page of the log has recorded but not yet written: its fact rows, inserted together at the end.

    A rebuild replays every event, and one INSERT per fact was most of this
    read model's cost; rows are written in one executemany per page, and
    before anything reads them back (a plan's rules registered). A void or
    correction of a row not written yet ends it in memory: it is written
    already superseded and never counted in the summary (where a write, a count
    and a count back per void had been a third of the read model's rebuild). The
    stored versions a page ends are taken out of the summary once, at the flush.
    The case contexts the page may need are read at its start, in one SELECT
    (not one per case or per fact); the page's own writes keep them current.
    """

    def __init__(self, connection: Connection, cases: set[UUID] | None = None) -> None:
        self.connection = connection
        self.rows: list[dict[str, Any]] = []
        self.new_cases: list[dict[str, Any]] = []
        """``indicator_fact_cases`` rows of cases opened in the page, inserted with the facts."""
        self.contexts: dict[UUID, dict[str, Any]] = {}
        self.held: dict[str, dict[str, Any]] = {}
        """The page's rows not written yet and still current, by fact key."""
        self.ended: set[tuple[str, int]] = set()
        """Stored versions (fact key, notification id) the page has superseded, not yet taken out of the summary."""
        self.changes = fact_summary.Changes()
        """What the supersedes and rows since the last flush change in the summary, written by ``flush``."""
        self._rules: fact_summary.Rules | None = None
        if cases:  # every context the page may need, in one query
            found = connection.execute(_SELECT_CASES, {"cases": sorted(cases)})
            self.contexts = {row.case_id: {"area": row.area, "issue_tags": list(row.issue_tags)} for row in found}

    @property
    def rules(self) -> fact_summary.Rules:
        """The rules the summary counts, read on first use in the page."""
        if self._rules is None:
            self._rules = fact_summary.Rules.load(self.connection, summary_tables.registry)
        return self._rules

    def flush(self) -> None:
        """Write the page's rows so far, and what they and the supersedes since the last flush change in the summary."""
        self.flush_cases()
        if self.ended:
            fact_summary.remove_versions(self.connection, indicator_facts, self.rules, self.ended, self.changes)
            self.ended = set()
        if self.rows:
            insert_rows(self.connection, indicator_facts, self.rows)
            current = [row for row in self.rows if row["superseded_by"] is None]
            fact_summary.add(self.connection, indicator_facts, self.rules, current, self.changes)
            self.rows, self.held = [], {}
        self.changes.write(self.connection, summary_tables)

    def flush_cases(self) -> None:
        if self.new_cases:
            self.connection.execute(_INSERT_CASE, self.new_cases)
            self.new_cases = []

    def end_held(self, keys: Sequence[str], source: UUID | None, at: datetime, by: int) -> list[dict[str, Any]]:
        """End the current rows not written yet that are ``keys`` (or come from ``source``); returns them."""
        if source is None:
            ended = [row for row in map(self.held.get, keys) if row is not None]
        else:
            ended = [row for row in self.held.values() if row["source_id"] == source]
        for row in ended:
            row["superseded_at"], row["superseded_by"] = at, by
            del self.held[row["fact_key"]]
        return ended


class Recording:
    """One event being applied: where it is in the log and when it was written."""

    def __init__(self, event: Any, notification_id: int, page: Page) -> None:
        self.event = event
        self.notification_id = notification_id
        self.page = page
        self.connection = page.connection
        self.at = utc(event.timestamp)

    def insert(
        self,
        key: str,
        kind: str,
        occurred_on: Any,
        units: dict[str, str],
        facts: dict[str, Any],
        context: dict[str, Any] | None = None,
    ) -> None:
        row = dict(
            fact_key=key,
            notification_id=self.notification_id,
            kind=kind,
            occurred_on=occurred_on,
            units=units,
            facts=facts,
            context=context,
            source_id=self.event.originator_id,
            source_version=self.event.originator_version,
            recorded_at=self.at,
            superseded_at=None,
            superseded_by=None,
            **dimensions(units, facts),
        )
        self.page.rows.append(row)
        self.page.held[key] = row

    def current(self, key: str) -> Current:
        """The current version of a fact (e.g. the referral an answer is to): the page's own, or the stored one."""
        held = self.page.held.get(key)
        if held is not None:
            return Current(dict(held["facts"]), held["context"])
        f = indicator_facts.c
        found = self.connection.execute(
            sa.select(f.facts, f.context).where(f.fact_key == key, f.superseded_at.is_(None))
        ).one()
        return Current(found.facts, found.context)

    def supersede(self, *keys: str, source: UUID | None = None) -> dict[str, Any] | None:
        """End the current versions of the facts ``keys`` (or of every fact of ``source``); returns the context of
        the last one ended. A version not written yet is ended in memory; the stored ones by one UPDATE."""
        held = self.page.end_held(keys, source, self.at, self.notification_id)
        f = indicator_facts.c
        chosen = f.source_id == source if source is not None else f.fact_key.in_(keys)
        current = (chosen, f.superseded_at.is_(None))
        ended = self.connection.execute(sa.select(f.context, f.fact_key, f.notification_id).where(*current)).all()
        if ended:
            self.page.ended.update((row.fact_key, row.notification_id) for row in ended)
            self.connection.execute(
                sa.update(indicator_facts)
                .where(*current)
                .values(superseded_at=self.at, superseded_by=self.notification_id)
            )
        if held:
            context: dict[str, Any] | None = held[0]["context"]
            return context
        return ended[0].context if ended else None


class Current(NamedTuple):
    """A fact's current version: what it counted and the case context it was recorded with."""

    facts: dict[str, Any]
    context: dict[str, Any] | None


def cases_of(page: Sequence[tuple[int, Any]]) -> set[UUID]:
    """The cases whose context the page's facts may carry: each case event's case, each discussed case."""
    cases: set[UUID] = set()
    for _, event in page:
        if isinstance(event, Case.Event):
            cases.add(event.originator_id)
        elif isinstance(event, SupportMeeting.Held):
            cases.update(discussion.case_id for discussion in event.discussions)
    return cases


_INSERT_CASE = sa.insert(fact_cases)
_SELECT_CASES = sa.select(fact_cases).where(fact_cases.c.case_id.in_(sa.bindparam("cases", expanding=True)))


def set_case(rec: Recording, event: Any, **values: Any) -> None:
    rec.page.flush_cases()
    rec.connection.execute(sa.update(fact_cases).where(fact_cases.c.case_id == event.originator_id).values(**values))
    rec.page.contexts.pop(event.originator_id, None)


def case_context(rec: Recording, case_id: UUID) -> dict[str, Any]:
    """The case's area and issue tags now (a fresh copy: rows keep the one they were recorded with)."""
    known = rec.page.contexts.get(case_id)
    if known is None:
        row = rec.connection.execute(sa.select(fact_cases).where(fact_cases.c.case_id == case_id)).one()
        known = rec.page.contexts[case_id] = {"area": row.area, "issue_tags": list(row.issue_tags)}
    return {"area": known["area"], "issue_tags": list(known["issue_tags"])}


def case_units(event: Any) -> dict[str, str]:
    return {"case": str(event.originator_id)}


def case_facts(context: dict[str, Any]) -> dict[str, Any]:
    return {"area": context["area"], "issue_tag": list(context["issue_tags"])}


def insert_entry(rec: Recording, entry: Entry, context: dict[str, Any]) -> None:
    facts: dict[str, Any] = {**case_facts(context), "agency": entry.agency}
    if isinstance(entry, Consultation):
        facts.update(
            issue_tag=list(dict.fromkeys((*entry.issue_tags, *context["issue_tags"]))),
            channel=entry.channel,
            handler_role=entry.handler_role,
            is_new=entry.is_new,
        )
    elif isinstance(entry, OutreachVisit):
        facts.update(handler_role=entry.handler_role, contact_made=entry.contact_made, visit_kind=entry.visit_kind)
    rec.insert(
        f"entry:{entry.entry_id}", ENTRY_KINDS[type(entry)], entry.occurred_on, case_units(rec.event), facts, context
    )


def ending_key(entry_id: UUID) -> str:
    """The fact of a placement's end: apart from its start's ``entry:<id>``, as each counts on its own day."""
    return f"placement-end:{entry_id}"


def insert_ending(rec: Recording, entry_id: UUID, ended_on: Any, outcome: str, context: dict[str, Any] | None) -> None:
    """A placement ended with ``outcome`` (employed: 就労者数), carrying the case's area and tags as then."""
    context = context or case_context(rec, rec.event.originator_id)
    facts = {**case_facts(context), "placement_outcome": outcome}
    rec.insert(ending_key(entry_id), "case.placement_ended", ended_on, case_units(rec.event), facts, context)


def insert_activity(rec: Recording, details: CommunityActivityDetails) -> None:
    units = {"agency": details.agency} | ({} if details.area is None else {"area": details.area})
    rec.insert(
        f"activity:{rec.event.originator_id}",
        f"community.{details.kind}",
        details.occurred_on,
        units,
        {
            "agency": details.agency,
            "area": details.area,
            "audience": details.audience or None,
            "participants": details.participants,
            "contacts": details.contacts,
        },
    )
