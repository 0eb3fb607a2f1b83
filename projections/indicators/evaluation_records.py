"""Every plan definition and every evaluation entry, as recorded, with its write time.

Plans (``PlanDefinition``) and what people enter for a year (``PlanEvaluation``:
values, judgements, Do/Check/Act, 次年度方針, opinions, manual ratings) are
kept one row per event, never overwritten, so a report as of moment T uses
the plan as it was defined at T and only the entries recorded by T; the
latest entry (by version) recorded by T wins, as it does in the aggregate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache, singledispatchmethod
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.errors import NotFound
from domain.evaluation import PlanEvaluation
from domain.evaluation_entries import Opinion, Review, Subject
from domain.indicator import Value
from domain.plan import Plan, PlanDefinition
from domain.plan_file import parse_plan
from projections.engine.catch_up import Projection
from projections.engine.handlers import Handlers
from projections.indicators.fact_tables import utc

metadata = sa.MetaData()

evaluation_records = sa.Table(
    "evaluation_records",
    metadata,
    sa.Column("source_id", sa.Uuid, primary_key=True, comment="the plan definition or the year's evaluation"),
    sa.Column("source_version", sa.Integer, primary_key=True),
    sa.Column("notification_id", sa.BigInteger, nullable=False),
    sa.Column("plan_code", sa.String(64), nullable=False, index=True),
    sa.Column("fiscal_year", sa.Integer, comment="NULL for plan definitions"),
    sa.Column("record", sa.String(40), nullable=False, comment="the event: Loaded, ProgrammeJudged …"),
    sa.Column("subject", sa.String(200), nullable=False, comment="indicator, programme or measure code, opinion id"),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("occurred_on", sa.Date, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
)

DEFINITIONS = ("Loaded", "Revised")
_SUBJECTS = {
    "IndicatorValueRecorded": "indicator",
    "IndicatorValueCleared": "indicator",
    "ProgrammeJudged": "programme",
    "ProgrammeJudgementCleared": "programme",
    "MeasureRated": "measure",
    "MeasureRatingCleared": "measure",
    "CommitteeOpinionRecorded": "opinion_id",
    "Finalized": "document_sha256",
}
_ENVELOPE = frozenset({"originator_id", "originator_version", "originator_topic", "timestamp", "occurred_on", "actor"})


class EvaluationRecords(Projection):
    name = "evaluation_records"
    version = 1
    metadata = metadata

    def apply(self, event: Any, connection: Connection) -> None:
        raise TypeError("evaluation records show where each entry came from: apply them with apply_notification")

    def apply_notification(self, event: Any, notification_id: int, connection: Connection) -> None:
        self._on(event, notification_id, connection)

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        on = Handlers(self, "_on")
        for notification_id, event in page:
            on(event, notification_id, connection)

    @singledispatchmethod
    def _on(self, event: Any, notification_id: int, connection: Connection) -> None:
        """Only plans and their evaluations are kept here."""

    @_on.register(PlanDefinition.Loaded)
    @_on.register(PlanDefinition.Revised)
    def _definition(self, event: Any, notification_id: int, connection: Connection) -> None:
        plan = event.plan
        payload = {
            "name": plan.name,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "source": event.source,
            "digest": event.digest,
            "reason": getattr(event, "reason", ""),
        }
        _insert(connection, event, notification_id, plan.code, None, "", payload)

    @_on.register(PlanEvaluation.Started)
    def _started(self, event: Any, notification_id: int, connection: Connection) -> None:
        _insert(connection, event, notification_id, event.plan_code, event.fiscal_year, "", {})

    @_on.register(PlanEvaluation.Event)
    def _entry(self, event: Any, notification_id: int, connection: Connection) -> None:
        r = evaluation_records.c
        started = connection.execute(
            sa.select(r.plan_code, r.fiscal_year).where(r.source_id == event.originator_id, r.source_version == 1)
        ).one()
        payload = {k: _jsonable(v) for k, v in sorted(vars(event).items()) if k not in _ENVELOPE}
        if isinstance(getattr(event, "value", None), Decimal):
            payload["number"] = True
        name = type(event).__name__
        subject = payload[_SUBJECTS[name]] if name in _SUBJECTS else _subject_key(payload)
        _insert(connection, event, notification_id, started.plan_code, started.fiscal_year, subject, payload)


def _insert(
    connection: Connection,
    event: Any,
    notification_id: int,
    plan_code: str,
    fiscal_year: int | None,
    subject: str,
    payload: dict[str, Any],
) -> None:
    connection.execute(
        sa.insert(evaluation_records).values(
            source_id=event.originator_id,
            source_version=event.originator_version,
            notification_id=notification_id,
            plan_code=plan_code,
            fiscal_year=fiscal_year,
            record=type(event).__name__,
            subject=subject,
            payload=payload,
            occurred_on=event.occurred_on,
            recorded_at=utc(event.timestamp),
            actor=event.actor.user_id,
        )
    )


def _subject_key(payload: dict[str, Any]) -> str:
    """A measure, or one of its programmes, as ``measure/programme``."""
    programme = payload.get("programme")
    return payload["measure"] if programme is None else f"{payload['measure']}/{programme}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


# ---- reading: the plan and the entries as known at a moment ------------------------------


def known_by(as_of: datetime | None) -> Any:
    """Rows recorded by ``as_of`` (every row when None)."""
    return sa.true() if as_of is None else evaluation_records.c.recorded_at <= utc(as_of)


@dataclass(frozen=True)
class PlanVersion:
    plan: Plan
    revision: int
    digest: str


def plan_at(connection: Connection, code: str, as_of: datetime | None) -> PlanVersion:
    """The plan's definition as it stood at ``as_of`` (now when None)."""
    row = _definition(connection, code, as_of)
    if row is None:
        when = "" if as_of is None else f" by {as_of.isoformat()}"
        raise NotFound(f"no plan with code {code!r} had been loaded{when}", field="plan_code")
    return _version(row)


def current_plan(connection: Connection, code: str) -> tuple[PlanListing, PlanVersion]:
    """The plan's current version and what the list of plans says of it, from one read of its latest definition."""
    row = _definition(connection, code, None)
    if row is None:
        raise NotFound(f"no plan with code {code!r} has been loaded", field="plan_code")
    return _listing(code, row), _version(row)


def _definition(connection: Connection, code: str, as_of: datetime | None) -> Any:
    r = evaluation_records.c
    return connection.execute(
        sa.select(r.source_version, r.payload, r.occurred_on)
        .where(r.plan_code == code, r.record.in_(DEFINITIONS), known_by(as_of))
        .order_by(r.source_version.desc())
        .limit(1)
    ).first()


def _version(row: Any) -> PlanVersion:
    return PlanVersion(parsed(row.payload["source"]), row.source_version, row.payload["digest"])


@lru_cache(maxsize=32)
def parsed(source: str) -> Plan:
    """A stored plan file, parsed once per process: every report reads its plan, and a plan is immutable."""
    return parse_plan(source)


@dataclass(frozen=True)
class PlanListing:
    code: str
    name: str
    first_year: int
    last_year: int
    revisions: int
    loaded_on: date
    """Business date of the latest version."""


def plans(connection: Connection) -> list[PlanListing]:
    """Every loaded plan in its current version, by code."""
    r = evaluation_records.c
    rows = connection.execute(
        sa.select(r.plan_code, r.source_version, r.payload, r.occurred_on)
        .where(r.record.in_(DEFINITIONS))
        .order_by(r.plan_code, r.source_version)
    ).all()
    latest = {row.plan_code: row for row in rows}
    return [_listing(code, row) for code, row in sorted(latest.items())]


def _listing(code: str, row: Any) -> PlanListing:
    payload = row.payload
    return PlanListing(
        code, payload["name"], payload["first_year"], payload["last_year"], row.source_version, row.occurred_on
    )


@dataclass
class Entered:
    """What people had entered for one plan and year: the state of ``PlanEvaluation`` at a moment."""

    values: dict[str, Value] = field(default_factory=dict)
    value_notes: dict[str, str] = field(default_factory=dict)
    judgements: dict[str, bool] = field(default_factory=dict)
    judgement_notes: dict[str, str] = field(default_factory=dict)
    reviews: dict[Subject, Review] = field(default_factory=dict)
    policies: dict[Subject, tuple[str, str]] = field(default_factory=dict)
    opinions: dict[str, Opinion] = field(default_factory=dict)
    manual_ratings: dict[str, str] = field(default_factory=dict)
    rating_notes: dict[str, str] = field(default_factory=dict)
    rated_by: dict[str, tuple[str, date]] = field(default_factory=dict)
    """Who gave each manual rating, and on which business date: reports show both beside it."""

    def apply(self, record: str, p: dict[str, Any], actor: str = "", occurred_on: date | None = None) -> None:
        """Fold one record in, as the matching ``PlanEvaluation`` event method assigns."""
        subject: Subject = (p.get("measure", ""), p.get("programme"))
        if record == "IndicatorValueRecorded":
            self.values[p["indicator"]] = Decimal(p["value"]) if p.get("number") else p["value"]
            self.value_notes[p["indicator"]] = p["note"]
        elif record == "IndicatorValueCleared":
            self.values.pop(p["indicator"], None)
            self.value_notes.pop(p["indicator"], None)
        elif record == "ProgrammeJudged":
            self.judgements[p["programme"]] = p["achieved"]
            self.judgement_notes[p["programme"]] = p["note"]
        elif record == "ProgrammeJudgementCleared":
            self.judgements.pop(p["programme"], None)
            self.judgement_notes.pop(p["programme"], None)
        elif record == "ReviewWritten":
            self.reviews[subject] = Review(do=p["do"], check=p["check"], act=p["act"])
        elif record == "NextYearPolicySet":
            self.policies[subject] = (p["policy"], p["note"])
        elif record == "CommitteeOpinionRecorded":
            self.opinions[p["opinion_id"]] = Opinion(p["measure"], p["programme"], p["opinion"], p["committee"])
        elif record == "MeasureRated":
            self.manual_ratings[p["measure"]] = p["rating"]
            self.rating_notes[p["measure"]] = p["note"]
            if occurred_on is not None:
                self.rated_by[p["measure"]] = (actor, occurred_on)
        elif record == "MeasureRatingCleared":
            self.manual_ratings.pop(p["measure"], None)
            self.rating_notes.pop(p["measure"], None)
            self.rated_by.pop(p["measure"], None)


def entered_at(connection: Connection, code: str, fiscal_year: int, as_of: datetime | None) -> Entered:
    """The year's entries recorded by ``as_of`` (all when None), folded oldest first."""
    return entered_in_years(connection, code, (fiscal_year,), as_of)[fiscal_year]


def entered_in_years(
    connection: Connection, code: str, fiscal_years: tuple[int, ...], as_of: datetime | None
) -> dict[int, Entered]:
    """Each year's entries recorded by ``as_of``, read in one query and folded per year, oldest first."""
    r = evaluation_records.c
    entered = {year: Entered() for year in fiscal_years}
    years = {PlanEvaluation.id_for(code, year): year for year in fiscal_years}
    query = (  # one equality per year, not IN: an IN list is expanded into the SQL again on every execution
        sa.select(evaluation_records)
        .where(sa.or_(*(r.source_id == source for source in years)), known_by(as_of))
        .order_by(r.source_id, r.source_version)
    )
    for row in connection.execute(query):
        entered[years[row.source_id]].apply(row.record, row.payload, row.actor, row.occurred_on)
    return entered


def year_records(code: str, fiscal_year: int) -> sa.Select[Any]:
    r = evaluation_records.c
    return (
        sa.select(evaluation_records)
        .where(r.source_id == PlanEvaluation.id_for(code, fiscal_year))
        .order_by(r.source_version)
    )


def definition_records(code: str) -> sa.Select[Any]:
    r = evaluation_records.c
    return sa.select(evaluation_records).where(r.source_id == PlanDefinition.id_for(code)).order_by(r.source_version)


def value_records(
    connection: Connection, code: str, fiscal_year: int, indicator: str, as_of: datetime | None
) -> list[Any]:
    """The entries that set or cleared one indicator's value, recorded by ``as_of``, oldest first."""
    r = evaluation_records.c
    query = year_records(code, fiscal_year).where(
        known_by(as_of), r.subject == indicator, r.record.in_(("IndicatorValueRecorded", "IndicatorValueCleared"))
    )
    return list(connection.execute(query))
