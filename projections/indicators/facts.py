"""The indicator fact table: every countable occurrence, in every version it was ever recorded.

One row per version of a countable occurrence (the ``EVENT_KINDS`` of
``domain.rule``), valid from ``recorded_at`` (the write timestamp of the event
that recorded it) until ``superseded_at`` (the event that voided or corrected
it; NULL while current). So the table answers both "what counts now" and
"what counted as known at moment T", which makes reports reproducible as of
any past moment however many late entries and corrections came after it.

- a void supersedes the version without a replacement; a voided meeting
  supersedes all its facts; a cancelled meeting never produced any;
- a correction supersedes the version and inserts the corrected one, which
  keeps the case context (area, case issue tags) of the version it replaces.

Case facts carry the case's area and issue tags as recorded when the fact
was recorded (the small per-case state kept in ``indicator_fact_cases``).

Besides the ``units`` and ``facts`` documents (what provenance shows), every
row carries the same values in plain columns — one per unit of distinctness
(``unit_case`` …), per filter (``agency`` …, flags as booleans) and the issue
tags as ``|tag|tag|`` text — so that ``projections.indicators.counting`` can count a rule
in one SQL aggregate instead of decoding every row in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import Enum
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.activity import Consultation, Entry, OutreachVisit, Placement
from domain.anonymous_consultation import AnonymousConsultation
from domain.case import Case
from domain.community import CommunityActivity, CommunityActivityDetails
from domain.meeting import SupportMeeting
from domain.plan import PlanDefinition
from domain.rule import AMOUNTS, FLAG_FILTERS, LIST_FILTERS
from projections.cases.case_list import ENTRY_FIELDS
from projections.engine.catch_up import Projection
from projections.indicators import fact_summary
from projections.indicators.rule_sql import TAGS

metadata = sa.MetaData()

CODE = sa.String(64)

UNITS = ("case", "meeting", "agency", "area")
"""Units of distinctness (``domain.rule.EVENT_KINDS``), each a ``unit_<name>`` column."""
"""The one filter whose fact value is a list: a ``|tag|tag|`` text column."""
SCALAR_FILTERS = tuple(name for name in LIST_FILTERS if name != TAGS)
"""Filters with one text value per fact, each a column of its name."""
FLAGS = tuple(sorted(FLAG_FILTERS))
"""True/false filters, each a boolean column of its name."""

indicator_facts = sa.Table(
    "indicator_facts",
    metadata,
    sa.Column("fact_key", sa.String(160), primary_key=True, comment="the occurrence, e.g. entry:<id>"),
    sa.Column("notification_id", sa.BigInteger, primary_key=True, comment="the event that recorded this version"),
    sa.Column("kind", sa.String(60), nullable=False, comment="an EVENT_KINDS code"),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("units", sa.JSON, nullable=False, comment="case, meeting, agency, area ids"),
    sa.Column("facts", sa.JSON, nullable=False, comment="filter values, by filter name"),
    sa.Column("context", sa.JSON, comment="the case's area and issue tags when first recorded (case facts)"),
    sa.Column("source_id", sa.Uuid, nullable=False, index=True, comment="the aggregate whose event recorded it"),
    sa.Column("source_version", sa.Integer, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("superseded_at", sa.DateTime(timezone=True)),
    sa.Column("superseded_by", sa.BigInteger, comment="notification id of the void or correction"),
    *(sa.Column(f"unit_{unit}", sa.String(64), comment=f"the {unit} unit, if any") for unit in UNITS),
    *(sa.Column(name, CODE, comment=f"the {name} filter value, if any") for name in SCALAR_FILTERS),
    sa.Column(TAGS, sa.Text, comment="issue tags as |tag|tag| (NULL: the kind has none)"),
    *(sa.Column(name, sa.Boolean, comment=f"the {name} flag, if any") for name in FLAGS),
    *(
        sa.Column(name, sa.Integer, comment=f"the {name} a community activity reports (total_of rules)")
        for name in AMOUNTS
    ),
)
COUNTED_COLUMNS = (
    "kind",
    "occurred_on",
    "superseded_at",
    "recorded_at",
    *(f"unit_{u}" for u in UNITS),
    *SCALAR_FILTERS,
    TAGS,
    *FLAGS,
    *AMOUNTS,
)
sa.Index("ix_indicator_facts_counting", *(indicator_facts.c[name] for name in COUNTED_COLUMNS))
"""Everything ``projections.indicators.counting`` reads, so that a count never visits the wide rows (JSON documents):
the kinds and the period find the range, the validity and the rule's filters are read from the index."""

summary_tables = fact_summary.define(metadata)
"""The plans' 延べ rules, and per rule and month the current facts they match (``fact_summary``)."""

fact_cases = sa.Table(
    "indicator_fact_cases",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("area", CODE, nullable=False),
    sa.Column("issue_tags", sa.JSON, nullable=False),
)

fact_meetings = sa.Table(
    "indicator_fact_meetings",
    metadata,
    sa.Column("meeting_id", sa.Uuid, primary_key=True),
    sa.Column("meeting_type", CODE, nullable=False),
    sa.Column("convenor", CODE, nullable=False),
)

ENTRY_KINDS = {Consultation: "case.consultation", OutreachVisit: "case.outreach", Placement: "case.placement_started"}


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive value (SQLite reads timestamps back naive) is taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class _Page:
    """What one page of the log has recorded but not yet written: its fact rows, inserted together at the end.

    A rebuild replays every event, and one INSERT per fact was most of this
    read model's cost; rows are written in one executemany per page, and
    before anything reads them back (a void or correction ends a version).
    The case contexts the page may need are read at its start, in one SELECT
    (not one per case or per fact); the page's own writes keep them current.
    """

    def __init__(self, connection: Connection, cases: set[UUID] | None = None) -> None:
        self.connection = connection
        self.rows: list[dict[str, Any]] = []
        self.new_cases: list[dict[str, Any]] = []
        """``indicator_fact_cases`` rows of cases opened in the page, inserted with the facts."""
        self.contexts: dict[UUID, dict[str, Any]] = {}
        self._rules: fact_summary.Rules | None = None
        if cases:  # every context the page may need, in one query
            found = connection.execute(_SELECT_CASES, {"cases": sorted(cases)})
            self.contexts = {row.case_id: {"area": row.area, "issue_tags": list(row.issue_tags)} for row in found}

    @property
    def rules(self) -> fact_summary.Rules:
        """The rules the summary counts, read on first use in the page."""
        if self._rules is None:
            self._rules = fact_summary.Rules.load(self.connection, summary_tables[0])
        return self._rules

    def flush(self) -> None:
        if self.new_cases:
            self.connection.execute(_INSERT_CASE, self.new_cases)
            self.new_cases = []
        if self.rows:
            self.connection.execute(_INSERT_FACT, self.rows)
            fact_summary.add(self.connection, summary_tables[1], indicator_facts, self.rules, self.rows)
            self.rows = []


class _Recording:
    """One event being applied: where it is in the log and when it was written."""

    def __init__(self, event: Any, notification_id: int, page: _Page) -> None:
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
        self.page.rows.append(
            dict(
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
                **dimensions(units, facts),
            )
        )

    def supersede(self, *where: Any) -> dict[str, Any] | None:
        """End the current versions matching ``where``; returns the context of the last one ended."""
        self.page.flush()
        f = indicator_facts.c
        current = (*where, f.superseded_at.is_(None))
        ended = self.connection.execute(sa.select(f.context).where(*current)).all()
        context = ended[0].context if ended else None
        if ended:
            fact_summary.remove(self.connection, summary_tables[1], indicator_facts, self.page.rules, current)
        self.connection.execute(
            sa.update(indicator_facts).where(*current).values(superseded_at=self.at, superseded_by=self.notification_id)
        )
        return context


def dimensions(units: dict[str, str], facts: dict[str, Any]) -> dict[str, Any]:
    """The plain columns of a fact row: its units and filter values as ``domain.rule.Rule.matches`` reads them."""
    unknown = set(units) - set(UNITS)
    if unknown:
        raise ValueError(f"unknown unit {sorted(unknown)[0]!r}")
    columns: dict[str, Any] = {f"unit_{unit}": units.get(unit) for unit in UNITS}
    for name in SCALAR_FILTERS:
        value = facts.get(name)
        if isinstance(value, list | tuple | set | frozenset):
            raise TypeError(f"fact {name} must be one value, not {value!r}")
        columns[name] = value.value if isinstance(value, Enum) else value
    tags = facts.get(TAGS)
    if tags is None:
        columns[TAGS] = None
    else:
        offered = tags if isinstance(tags, list | tuple) else [tags]
        columns[TAGS] = "|" + "".join(f"{tag.value if isinstance(tag, Enum) else tag}|" for tag in offered)
    for name in FLAGS:
        value = facts.get(name)
        columns[name] = value if isinstance(value, bool) else None
    for name in AMOUNTS:
        value = facts.get(name)
        columns[name] = value if isinstance(value, int) and not isinstance(value, bool) else None
    return columns


class IndicatorFacts(Projection):
    name = "indicator_facts"
    version = 6
    """3: a voided referral's fact is superseded.
    4: anonymous consultations count as ``case.consultation`` facts without a case (decision 13);
    community activities' participants and contacts, for ``total_of`` rules.
    5: a voided plan version's fact is superseded (it no longer counts as a plan made).
    6: per 延べ rule of the plans, the current facts it matches per month (``fact_summary``), which a report
    "now" reads."""
    metadata = metadata

    def apply(self, event: Any, connection: Connection) -> None:
        raise TypeError("indicator facts record where each fact came from: apply them with apply_notification")

    def apply_notification(self, event: Any, notification_id: int, connection: Connection) -> None:
        self.apply_page(((notification_id, event),), connection)

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        pending = _Page(connection, _cases_of(page))
        for notification_id, event in page:
            self._on(event, _Recording(event, notification_id, pending))
        pending.flush()

    @singledispatchmethod
    def _on(self, event: Any, rec: _Recording) -> None:
        """Events that count nothing (master data, plans, consents …) pass through."""

    # ---- the plans' rules, for the summary -------------------------------------

    @_on.register(PlanDefinition.Loaded)
    @_on.register(PlanDefinition.Revised)
    def _plan_defined(self, event: Any, rec: _Recording) -> None:
        rec.page.flush()
        fact_summary.register(rec.connection, summary_tables, indicator_facts, rec.page.rules, event.plan)

    # ---- case context --------------------------------------------------------

    @_on.register(Case.Opened)
    def _opened(self, event: Any, rec: _Recording) -> None:
        tags = list(event.issue_tags)
        rec.page.new_cases.append({"case_id": event.originator_id, "area": event.area, "issue_tags": tags})
        rec.page.contexts[event.originator_id] = {"area": event.area, "issue_tags": list(tags)}
        rec.insert(
            f"case:{event.originator_id}",
            "case.opened",
            event.occurred_on,
            _case_units(event),
            {"agency": event.intake_agency, "area": event.area, "issue_tag": tags, "channel": event.channel},
        )

    @_on.register(Case.AreaChanged)
    def _area_changed(self, event: Any, rec: _Recording) -> None:
        _set_case(rec, event, area=event.area)

    @_on.register(Case.IssuesTagged)
    def _issues_tagged(self, event: Any, rec: _Recording) -> None:
        _set_case(rec, event, issue_tags=list(event.issue_tags))

    # ---- case activities -----------------------------------------------------

    @_on.register(Case.ConsultationRecorded)
    @_on.register(Case.OutreachVisitRecorded)
    @_on.register(Case.PlacementStarted)
    def _entry_recorded(self, event: Any, rec: _Recording) -> None:
        entry = getattr(event, ENTRY_FIELDS[type(event).__name__])
        _insert_entry(rec, entry, _case_context(rec, event.originator_id))

    @_on.register(Case.EntryVoided)
    def _entry_voided(self, event: Any, rec: _Recording) -> None:
        rec.supersede(indicator_facts.c.fact_key == f"entry:{event.entry_id}")

    @_on.register(Case.EntryCorrected)
    def _entry_corrected(self, event: Any, rec: _Recording) -> None:
        context = rec.supersede(indicator_facts.c.fact_key == f"entry:{event.entry.entry_id}")
        _insert_entry(rec, event.entry, context or _case_context(rec, event.originator_id))

    @_on.register(Case.PlanMade)
    @_on.register(Case.PlanRevised)
    def _plan_adopted(self, event: Any, rec: _Recording) -> None:
        plan = event.plan
        context = _case_context(rec, event.originator_id)
        kind = "case.plan_made" if isinstance(event, Case.PlanMade) else "case.plan_revised"
        rec.insert(
            f"plan:{event.originator_id}:{plan.version}",
            kind,
            event.occurred_on,
            _case_units(event),
            {**_case_facts(context), "plan_type": plan.plan_type},
            context,
        )

    @_on.register(Case.PlanVoided)
    def _plan_voided(self, event: Any, rec: _Recording) -> None:
        rec.supersede(indicator_facts.c.fact_key == f"plan:{event.originator_id}:{event.plan_version}")

    @_on.register(Case.ReferralSent)
    def _referral_sent(self, event: Any, rec: _Recording) -> None:
        referral = event.referral
        context = _case_context(rec, event.originator_id)
        rec.insert(
            f"referral:{referral.referral_id}",
            "case.referral_sent",
            referral.sent_on,
            _case_units(event),
            {
                **_case_facts(context),
                "agency": referral.from_agency,
                "to_agency": referral.to_agency,
                "via_sheet": referral.via_sheet,
            },
            context,
        )

    @_on.register(Case.ReferralVoided)
    def _referral_voided(self, event: Any, rec: _Recording) -> None:
        rec.supersede(indicator_facts.c.fact_key == f"referral:{event.referral_id}")

    @_on.register(Case.DiscussionWithdrawn)
    def _discussion_withdrawn(self, event: Any, rec: _Recording) -> None:
        rec.supersede(indicator_facts.c.fact_key == f"meeting:{event.meeting_id}:case:{event.originator_id}")

    # ---- meetings ------------------------------------------------------------

    @_on.register(SupportMeeting.Scheduled)
    def _scheduled(self, event: Any, rec: _Recording) -> None:
        rec.connection.execute(
            sa.insert(fact_meetings).values(
                meeting_id=event.originator_id,
                meeting_type=event.meeting_type,
                convenor=event.convenor_agency,
            )
        )

    @_on.register(SupportMeeting.Held)
    def _held(self, event: Any, rec: _Recording) -> None:
        meeting_id = event.originator_id
        meeting = rec.connection.execute(sa.select(fact_meetings).where(fact_meetings.c.meeting_id == meeting_id)).one()
        common = {"meeting_type": meeting.meeting_type, "is_trial": event.is_trial}
        key = f"meeting:{meeting_id}"
        rec.insert(
            key, "meeting.held", event.occurred_on, {"meeting": str(meeting_id)}, {**common, "agency": meeting.convenor}
        )
        for agency in dict.fromkeys(a.agency for a in event.attendees):
            rec.insert(
                f"{key}:agency:{agency}",
                "meeting.attendance",
                event.occurred_on,
                {"agency": agency, "meeting": str(meeting_id)},
                {**common, "agency": agency},
            )
        for discussion in event.discussions:
            context = _case_context(rec, discussion.case_id)
            rec.insert(
                f"{key}:case:{discussion.case_id}",
                "meeting.case_discussed",
                event.occurred_on,
                {"case": str(discussion.case_id), "meeting": str(meeting_id)},
                {**common, **_case_facts(context)},
                context,
            )

    @_on.register(SupportMeeting.Voided)
    def _meeting_voided(self, event: Any, rec: _Recording) -> None:
        rec.supersede(indicator_facts.c.source_id == event.originator_id)

    # ---- community activities ------------------------------------------------

    @_on.register(CommunityActivity.Recorded)
    def _activity_recorded(self, event: Any, rec: _Recording) -> None:
        _insert_activity(rec, event.details)

    @_on.register(CommunityActivity.Corrected)
    def _activity_corrected(self, event: Any, rec: _Recording) -> None:
        rec.supersede(indicator_facts.c.fact_key == f"activity:{event.originator_id}")
        _insert_activity(rec, event.details)

    @_on.register(CommunityActivity.Voided)
    def _activity_voided(self, event: Any, rec: _Recording) -> None:
        rec.supersede(indicator_facts.c.fact_key == f"activity:{event.originator_id}")

    @_on.register(AnonymousConsultation.Recorded)
    def _anonymous_consultation(self, event: Any, rec: _Recording) -> None:
        """A consultation without a case (decision 13): counted 延べ by every consultation rule, no case unit."""
        rec.insert(
            f"anonymous:{event.originator_id}",
            "case.consultation",
            event.occurred_on,
            {},
            {
                "agency": event.agency,
                "channel": event.channel,
                "handler_role": event.handler_role,
                "issue_tag": list(event.issue_tags),
            },
        )


def _cases_of(page: Sequence[tuple[int, Any]]) -> set[UUID]:
    """The cases whose context the page's facts may carry: each case event's case, each discussed case."""
    cases: set[UUID] = set()
    for _, event in page:
        if isinstance(event, Case.Event):
            cases.add(event.originator_id)
        elif isinstance(event, SupportMeeting.Held):
            cases.update(discussion.case_id for discussion in event.discussions)
    return cases


_INSERT_CASE = sa.insert(fact_cases)
_INSERT_FACT = sa.insert(indicator_facts)
_SELECT_CASES = sa.select(fact_cases).where(fact_cases.c.case_id.in_(sa.bindparam("cases", expanding=True)))


def _set_case(rec: _Recording, event: Any, **values: Any) -> None:
    rec.page.flush()
    rec.connection.execute(sa.update(fact_cases).where(fact_cases.c.case_id == event.originator_id).values(**values))
    rec.page.contexts.pop(event.originator_id, None)


def _case_context(rec: _Recording, case_id: UUID) -> dict[str, Any]:
    """The case's area and issue tags now (a fresh copy: rows keep the one they were recorded with)."""
    known = rec.page.contexts.get(case_id)
    if known is None:
        row = rec.connection.execute(sa.select(fact_cases).where(fact_cases.c.case_id == case_id)).one()
        known = rec.page.contexts[case_id] = {"area": row.area, "issue_tags": list(row.issue_tags)}
    return {"area": known["area"], "issue_tags": list(known["issue_tags"])}


def _case_units(event: Any) -> dict[str, str]:
    return {"case": str(event.originator_id)}


def _case_facts(context: dict[str, Any]) -> dict[str, Any]:
    return {"area": context["area"], "issue_tag": list(context["issue_tags"])}


def _insert_entry(rec: _Recording, entry: Entry, context: dict[str, Any]) -> None:
    facts: dict[str, Any] = {**_case_facts(context), "agency": entry.agency}
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
        f"entry:{entry.entry_id}", ENTRY_KINDS[type(entry)], entry.occurred_on, _case_units(rec.event), facts, context
    )


def _insert_activity(rec: _Recording, details: CommunityActivityDetails) -> None:
    units = {"agency": details.agency} | ({} if details.area is None else {"area": details.area})
    rec.insert(
        f"activity:{rec.event.originator_id}",
        f"community.{details.kind}",
        details.occurred_on,
        units,
        {
            "agency": details.agency,
            "area": details.area,
            "participants": details.participants,
            "contacts": details.contacts,
        },
    )
