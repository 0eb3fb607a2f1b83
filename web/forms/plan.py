"""The planner's entry forms: what each asks, the plan command it becomes, and its history.

Every entry is an event of the year's ``PlanEvaluation`` (values, 達成/未達成
judgements, Do/Check/Act, 次年度方針, committee opinions, ratings given by
hand on the plan's own scale); the latest one
wins and the history lists them all. Forms name a measure, or one of its
programmes, with one choice ``measure`` or ``measure/programme``.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.actor import Actor
from domain.evaluation import PlanEvaluation
from domain.plan import Plan
from domain.plan_commands import (
    ClearMeasureRating,
    EvaluationCommand,
    JudgeProgramme,
    RateMeasure,
    RecordCommitteeOpinion,
    RecordIndicatorValue,
    SetNextYearPolicy,
    WriteReview,
)
from projections.indicators.evaluation_records import evaluation_records, year_records
from web.forms.reader import FormReader, Values, initial

Build = Callable[[FormReader, str, int, Actor], EvaluationCommand]


@dataclass(frozen=True)
class PlanForm:
    slug: str
    title: str
    """Key of the form's heading (a screen text of the catalogs, ``web/i18n/locale``)."""
    build: Build
    records: tuple[str, ...]
    """The evaluation events its history lists."""
    fresh: Callable[[date], dict[str, Any]]
    by_subject: bool = True
    """Chooses ``measure`` or ``measure/programme`` in one list (refusals about the programme are shown there)."""

    def shown_at(self, field: str) -> str:
        """The control beside which a refusal about ``field`` is shown."""
        return "measure" if self.by_subject and field == "programme" else field

    @property
    def template(self) -> str:
        return f"partials/plan_entry_{self.slug.replace('-', '_')}.html"

    def defaults(self, today: date) -> Values:
        return initial(occurred_on=today, **self.fresh(today))


def subject(value: str) -> tuple[str, str | None]:
    """``"3"`` → measure 3; ``"3/3-1"`` → programme 3-1 of measure 3."""
    measure, _, programme = value.partition("/")
    return measure, programme or None


def typed_value(text: str) -> Decimal | str:
    """A number when it reads as one (full-width digits too), else the text (a milestone's status)."""
    normal = unicodedata.normalize("NFKC", text).strip()
    try:
        number = Decimal(normal)
    except InvalidOperation:
        return text.strip()
    return number if number.is_finite() else text.strip()


def _command(
    kind: type[EvaluationCommand], f: FormReader, code: str, year: int, actor: Actor, **fields: Any
) -> EvaluationCommand:
    version, day = f.version(), f.day("occurred_on")
    f.check()
    assert day is not None, "a required field: check() refuses the form without it"
    return kind(actor=actor, plan_code=code, fiscal_year=year, occurred_on=day, expected_version=version, **fields)


def indicator_value(f: FormReader, code: str, year: int, actor: Actor) -> EvaluationCommand:
    return _command(
        RecordIndicatorValue,
        f,
        code,
        year,
        actor,
        indicator=f.text("indicator", required=True),
        value=typed_value(f.text("value", required=True)),
        note=f.text("note"),
    )


def judgement(f: FormReader, code: str, year: int, actor: Actor) -> EvaluationCommand:
    return _command(
        JudgeProgramme,
        f,
        code,
        year,
        actor,
        programme=f.text("programme", required=True),
        achieved=f.yes_no("achieved"),
        note=f.text("note", required=True),
    )


def review(f: FormReader, code: str, year: int, actor: Actor) -> EvaluationCommand:
    measure, programme = subject(f.text("measure", required=True))
    return _command(
        WriteReview,
        f,
        code,
        year,
        actor,
        measure=measure,
        programme=programme,
        do=f.text("do"),
        check=f.text("check"),
        act=f.text("act"),
    )


def policy(f: FormReader, code: str, year: int, actor: Actor) -> EvaluationCommand:
    measure, programme = subject(f.text("measure", required=True))
    return _command(
        SetNextYearPolicy,
        f,
        code,
        year,
        actor,
        measure=measure,
        programme=programme,
        policy=f.text("policy", required=True),
        note=f.text("note"),
    )


def opinion(f: FormReader, code: str, year: int, actor: Actor) -> EvaluationCommand:
    measure, programme = subject(f.text("measure", required=True))
    return _command(
        RecordCommitteeOpinion,
        f,
        code,
        year,
        actor,
        opinion_id=f.uuid("opinion_id"),
        measure=measure,
        programme=programme,
        opinion=f.text("opinion", required=True),
        committee=f.text("committee"),
    )


def rating(f: FormReader, code: str, year: int, actor: Actor) -> EvaluationCommand:
    return _command(
        RateMeasure,
        f,
        code,
        year,
        actor,
        measure=f.text("measure", required=True),
        rating=f.text("rating", required=True),
        note=f.text("note", required=True),
    )


def rating_clear(f: FormReader, code: str, year: int, actor: Actor) -> EvaluationCommand:
    return _command(
        ClearMeasureRating,
        f,
        code,
        year,
        actor,
        measure=f.text("measure", required=True),
        reason=f.text("reason", required=True),
    )


FORMS: dict[str, PlanForm] = {
    form.slug: form
    for form in (
        PlanForm(
            "indicator-values",
            "form_indicator_value",
            indicator_value,
            ("IndicatorValueRecorded", "IndicatorValueCleared"),
            lambda today: {},
            by_subject=False,
        ),
        PlanForm(
            "judgements",
            "form_judgement",
            judgement,
            ("ProgrammeJudged", "ProgrammeJudgementCleared"),
            lambda today: {},
            by_subject=False,
        ),
        PlanForm("reviews", "form_review", review, ("ReviewWritten",), lambda today: {}),
        PlanForm("policies", "form_policy", policy, ("NextYearPolicySet",), lambda today: {}),
        PlanForm(
            "opinions",
            "form_opinion",
            opinion,
            ("CommitteeOpinionRecorded",),
            lambda today: {"opinion_id": uuid.uuid4()},
        ),
        PlanForm(
            "ratings",
            "form_rating",
            rating,
            ("MeasureRated", "MeasureRatingCleared"),
            lambda today: {},
            by_subject=False,
        ),
        PlanForm(
            "rating-clears",
            "form_rating_clear",
            rating_clear,
            ("MeasureRatingCleared",),
            lambda today: {},
            by_subject=False,
        ),
    )
}


def evaluation_version(connection: Connection, code: str, year: int) -> int:
    """The version of the year's evaluation as the read model has it (0: nothing entered yet)."""
    r = evaluation_records.c
    found = connection.execute(
        sa.select(sa.func.max(r.source_version)).where(r.source_id == PlanEvaluation.id_for(code, year))
    ).scalar()
    return int(found or 0)


def history(connection: Connection, code: str, year: int, form: PlanForm) -> list[Any]:
    """The form's entries for the year, newest first."""
    rows = connection.execute(year_records(code, year).where(evaluation_records.c.record.in_(form.records)))
    return list(reversed(list(rows)))


def measures(plan: Plan) -> list[tuple[str, str]]:
    """(value, label) of every measure, labelled with the code the plan prints (``1-(2)-③``)."""
    return [(m.code, f"{plan.display_code(m)} {m.name}") for m in plan.measures]


def ratings(plan: Plan) -> list[tuple[str, str]]:
    """(value, label) of the plan's own ratings: A（進捗している）… or its status words."""
    return [(g.code, f"{g.code}（{g.definition}）" if g.definition else g.code) for g in plan.scale.grades]


def subjects(plan: Plan) -> list[tuple[str, str]]:
    """(value, label) of every measure and its programmes, for the ``measure`` choice, with their printed codes."""
    found = []
    for m in plan.measures:
        found.append((m.code, f"{plan.display_code(m)} {m.name}"))
        found += [(f"{m.code}/{p.code}", f"\u3000{plan.display_code(m, p)} {p.name}") for p in m.programmes]
    return found
