"""The municipal plan (計画) as data, and its versioned record in the log.

Not to be confused with a case's support plan (``domain.support_plan``).
A plan (e.g. 重層的支援体制整備事業実施計画) has measures (施策), each with
programmes (事業), each with indicators (指標). It is written as a TOML
file (``domain.plan_file``) and loaded into the log as an event, so every
version a city adopted (first plan, 中間見直し …) stays readable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import InvalidInput, NotFound
from domain.indicator import Baseline, Indicator, Target
from domain.rating_scale import RatingGrade, RatingScale
from domain.roadmap import PlannedStage
from domain.rule import Rule

MAX_DEPTH = 4
"""Levels a plan prints, rated unit included: 基本目標 → 施策の柱 → 方向性 → 取り組み."""


@dataclass(frozen=True)
class Programme:
    """A programme (事業) and the department responsible (担当課, as printed)."""

    code: str
    name: str
    department: str
    indicators: tuple[Indicator, ...]
    relists: tuple[str, ...] = ()
    """Codes of indicators defined under another programme and re-listed here (再掲)."""
    note: str = ""
    label: str = ""
    """Its number as printed under its measure, e.g. ``(2)`` or ``ア``."""
    roadmap: tuple[PlannedStage, ...] = ()
    """Its 工程表: the stage planned for each year of the plan period that the file names."""


@dataclass(frozen=True)
class Measure:
    """A measure (施策); its rating is derived from its programmes."""

    code: str
    name: str
    order: int
    programmes: tuple[Programme, ...]
    note: str = ""
    label: str = ""
    """Its number as printed at its own level, e.g. ``①`` (``1-(2)-①``); empty: its code is shown."""
    heading: str = ""
    """The code of the heading it sits under (基本目標, 方向性 …); empty for a plan printed flat."""
    roadmap: tuple[PlannedStage, ...] = ()
    """Its 工程表 (a measure rated without programmes, or one the plan schedules as a whole)."""


@dataclass(frozen=True)
class PlanHeading:
    """A level above the rated measures (基本目標, 施策の柱, 方向性), as the plan prints it."""

    code: str
    name: str
    label: str = ""
    parent: str = ""


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    first_year: int
    """First fiscal year of the plan period."""
    last_year: int
    measures: tuple[Measure, ...]
    note: str = ""
    headings: tuple[PlanHeading, ...] = ()
    levels: tuple[str, ...] = ()
    """What the plan calls each level, top first, e.g. ("基本目標", "施策", "方向性", "取り組み")."""
    scale: RatingScale = RatingScale()

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def indicators(self) -> list[Indicator]:
        return [i for m in self.measures for p in m.programmes for i in p.indicators]

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators():
            if indicator.code == code:
                return indicator
        raise NotFound(f"plan {self.code} has no indicator {code!r}", field="indicator")

    def measure(self, code: str) -> Measure:
        for measure in self.measures:
            if measure.code == code:
                return measure
        raise NotFound(f"plan {self.code} has no measure {code!r}", field="measure")

    def programme(self, code: str) -> Programme:
        for measure in self.measures:
            for programme in measure.programmes:
                if programme.code == code:
                    return programme
        raise NotFound(f"plan {self.code} has no programme {code!r}", field="programme")

    def headings_of(self, measure: Measure) -> list[PlanHeading]:
        """The headings above ``measure``, top first."""
        by_code = {h.code: h for h in self.headings}
        chain: list[PlanHeading] = []
        code = measure.heading
        while code:
            chain.insert(0, by_code[code])
            code = by_code[code].parent
        return chain

    def display_code(self, measure: Measure, programme: Programme | None = None) -> str:
        """The code as the plan prints it, e.g. ``1-(2)-③`` or ``7-(2)``: the labels of its headings and its own.

        A heading without a label is not part of the printed code (Kiyose numbers its 取り組み 1–39 across the
        plan); a measure without a label shows its plain code.
        """
        if not measure.label:
            shown = measure.code
        else:
            shown = "-".join([*(h.label for h in self.headings_of(measure) if h.label), measure.label])
        if programme is None:
            return shown
        return f"{shown}-{programme.label}" if programme.label else programme.code

    def programme_indicators(self, programme: Programme) -> list[Indicator]:
        """The programme's own indicators followed by those it re-lists."""
        return [*programme.indicators, *(self.indicator(code) for code in programme.relists)]


PLAN_VALUE_OBJECTS: list[type[Any]] = [
    Plan,
    Measure,
    Programme,
    Indicator,
    Rule,
    Baseline,
    Target,
    PlanHeading,
    RatingScale,
    RatingGrade,
    PlannedStage,
]
"""The dataclasses stored inside ``PlanDefinition`` events."""


class PlanDefinition(Aggregate):
    """Every version of one plan's definition, identified by the plan code."""

    @staticmethod
    def id_for(code: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"kasane:plan:{code}")

    class Loaded(Aggregate.Created):
        occurred_on: date
        actor: Actor
        plan: Plan
        source: str
        digest: str

    @event(Loaded)
    def __init__(self, id: UUID, occurred_on: date, actor: Actor, plan: Plan, source: str, digest: str) -> None:  # noqa: A002
        self.plan = plan
        self.source = source
        self.digest = digest
        self.revisions = 1

    @classmethod
    def load(cls, *, plan: Plan, source: str, on: date, actor: Actor) -> PlanDefinition:
        """Record a plan parsed from ``source`` (the file text, kept for audit and download)."""
        return cls(
            id=cls.id_for(plan.code), occurred_on=on, actor=actor, plan=plan, source=source, digest=_digest(source)
        )

    def revise(self, *, plan: Plan, source: str, reason: str, on: date, actor: Actor) -> None:
        """Adopt a changed definition (e.g. after a 中間見直し); an identical one is refused."""
        if plan.code != self.plan.code:
            raise InvalidInput("a revision must keep the plan code", field="code")
        if plan == self.plan:
            raise InvalidInput(
                f"plan {plan.code} already has this definition (revision {self.revisions}); nothing to load",
                field="source",
            )
        self._revised(occurred_on=on, actor=actor, plan=plan, source=source, digest=_digest(source), reason=reason)

    class Revised(Aggregate.Event):
        occurred_on: date
        actor: Actor
        plan: Plan
        source: str
        digest: str
        reason: str

    @event(Revised)
    def _revised(self, occurred_on: date, actor: Actor, plan: Plan, source: str, digest: str, reason: str) -> None:
        self.plan = plan
        self.source = source
        self.digest = digest
        self.revisions += 1


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()
