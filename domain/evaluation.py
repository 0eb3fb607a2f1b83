"""A plan's evaluation for one fiscal year (進捗管理・評価), as events.

One aggregate per (plan, fiscal year), id ``uuid5`` of both: each year's
report is its own document, written by departments and the committee months
after the year ends, so years never contend with each other and replaying one
year stays cheap. It holds what people enter; counted actuals come from the
log. Every entry is an event: entering a value or text again is a new event,
the latest wins, and the history keeps every earlier one.

Values of calendar-year indicators (令和X年中) are kept in the evaluation of
the fiscal year with the same number, as the seeds' reports do.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from domain.evaluation_entries import (
    SHA256,
    Finalization,
    NextYearPolicy,
    Opinion,
    Review,
    Subject,
    check_subject,
    check_year,
)
from domain.indicator import Value, check_value
from domain.plan import Plan
from domain.validation import MAX_NAME, check_bool, check_choice, check_code, check_text, check_uuid


class PlanEvaluation(Aggregate):
    @staticmethod
    def id_for(plan_code: str, fiscal_year: int) -> UUID:
        return uuid5(NAMESPACE_URL, f"kasane:plan-evaluation:{plan_code}:{fiscal_year}")

    class Started(Aggregate.Created):
        occurred_on: date
        actor: Actor
        plan_code: str
        fiscal_year: int

    @event(Started)
    def __init__(self, id: UUID, occurred_on: date, actor: Actor, plan_code: str, fiscal_year: int) -> None:  # noqa: A002
        self.plan_code = plan_code
        self.fiscal_year = fiscal_year
        self.values: dict[str, Value] = {}
        self.value_notes: dict[str, str] = {}
        self.judgements: dict[str, bool] = {}
        self.reviews: dict[Subject, Review] = {}
        self.policies: dict[Subject, str] = {}
        self.opinions: dict[UUID, Opinion] = {}
        self.manual_ratings: dict[str, str] = {}

    @classmethod
    def start(cls, *, plan: Plan, fiscal_year: object, on: date, actor: Actor, today: date) -> PlanEvaluation:
        year = check_year(plan, fiscal_year, today)
        return cls(id=cls.id_for(plan.code, year), occurred_on=on, actor=actor, plan_code=plan.code, fiscal_year=year)

    # ---- indicator values entered by hand ------------------------------------

    def record_value(
        self, plan: Plan, *, indicator: object, value: object, note: object, on: date, actor: Actor
    ) -> None:
        """Enter the year's actual of a manual indicator (a figure from elsewhere, a survey, a milestone)."""
        checked = plan.indicator(check_code(indicator, "indicator"))
        if not checked.is_manual:
            raise InvalidInput(
                f"indicator {checked.code} is counted from the log, not entered by hand", field="indicator"
            )
        self._value_recorded(
            occurred_on=on,
            actor=actor,
            indicator=checked.code,
            value=check_value(value, "value", unit=checked.unit, statuses=checked.statuses),
            note=check_text(note, "note", required=False),
        )

    class IndicatorValueRecorded(Aggregate.Event):
        occurred_on: date
        actor: Actor
        indicator: str
        value: Value
        note: str

    @event(IndicatorValueRecorded)
    def _value_recorded(self, occurred_on: date, actor: Actor, indicator: str, value: Value, note: str) -> None:
        self.values[indicator] = value
        self.value_notes[indicator] = note

    def clear_value(self, *, indicator: object, reason: object, on: date, actor: Actor) -> None:
        code = check_code(indicator, "indicator")
        if code not in self.values:
            raise NotFound(f"no value has been entered for {code} in FY{self.fiscal_year}", field="indicator")
        self._value_cleared(occurred_on=on, actor=actor, indicator=code, reason=check_text(reason, "reason"))

    class IndicatorValueCleared(Aggregate.Event):
        occurred_on: date
        actor: Actor
        indicator: str
        reason: str

    @event(IndicatorValueCleared)
    def _value_cleared(self, occurred_on: date, actor: Actor, indicator: str, reason: str) -> None:
        del self.values[indicator]
        del self.value_notes[indicator]

    # ---- programme judgements (達成/未達成) -----------------------------------

    def judge_programme(
        self, plan: Plan, *, programme: object, achieved: object, note: object, on: date, actor: Actor
    ) -> None:
        """Record a manual 達成/未達成; it wins over the indicators until cleared."""
        code = plan.programme(check_code(programme, "programme")).code
        self._programme_judged(
            occurred_on=on,
            actor=actor,
            programme=code,
            achieved=check_bool(achieved, "achieved"),
            note=check_text(note, "note"),
        )

    class ProgrammeJudged(Aggregate.Event):
        occurred_on: date
        actor: Actor
        programme: str
        achieved: bool
        note: str

    @event(ProgrammeJudged)
    def _programme_judged(self, occurred_on: date, actor: Actor, programme: str, achieved: bool, note: str) -> None:
        self.judgements[programme] = achieved

    def clear_judgement(self, *, programme: object, reason: object, on: date, actor: Actor) -> None:
        code = check_code(programme, "programme")
        if code not in self.judgements:
            raise NotFound(f"programme {code} has no manual judgement", field="programme")
        self._judgement_cleared(occurred_on=on, actor=actor, programme=code, reason=check_text(reason, "reason"))

    class ProgrammeJudgementCleared(Aggregate.Event):
        occurred_on: date
        actor: Actor
        programme: str
        reason: str

    @event(ProgrammeJudgementCleared)
    def _judgement_cleared(self, occurred_on: date, actor: Actor, programme: str, reason: str) -> None:
        del self.judgements[programme]

    # ---- progress-sheet texts -------------------------------------------------

    def write_review(
        self,
        plan: Plan,
        *,
        measure: object,
        programme: object,
        do: object,
        check: object,
        act: object,
        on: date,
        actor: Actor,
    ) -> None:
        """Write the Do/Check/Act of a measure, or of one of its programmes."""
        subject = check_subject(plan, measure, programme)
        review = Review(
            do=check_text(do, "do", required=False),
            check=check_text(check, "check", required=False),
            act=check_text(act, "act", required=False),
        )
        if not any((review.do, review.check, review.act)):
            raise InvalidInput("write at least one of Do, Check and Act", field="do")
        self._review_written(
            occurred_on=on,
            actor=actor,
            measure=subject[0],
            programme=subject[1],
            do=review.do,
            check=review.check,
            act=review.act,
        )

    class ReviewWritten(Aggregate.Event):
        occurred_on: date
        actor: Actor
        measure: str
        programme: str | None
        do: str
        check: str
        act: str

    @event(ReviewWritten)
    def _review_written(
        self, occurred_on: date, actor: Actor, measure: str, programme: str | None, do: str, check: str, act: str
    ) -> None:
        self.reviews[(measure, programme)] = Review(do=do, check=check, act=act)

    def set_policy(
        self, plan: Plan, *, measure: object, programme: object, policy: object, note: object, on: date, actor: Actor
    ) -> None:
        """Set the 次年度方針 of a measure or programme."""
        subject = check_subject(plan, measure, programme)
        self._policy_set(
            occurred_on=on,
            actor=actor,
            measure=subject[0],
            programme=subject[1],
            policy=check_choice(policy, NextYearPolicy, "policy").value,
            note=check_text(note, "note", required=False),
        )

    class NextYearPolicySet(Aggregate.Event):
        occurred_on: date
        actor: Actor
        measure: str
        programme: str | None
        policy: str
        note: str

    @event(NextYearPolicySet)
    def _policy_set(
        self, occurred_on: date, actor: Actor, measure: str, programme: str | None, policy: str, note: str
    ) -> None:
        self.policies[(measure, programme)] = policy

    def record_opinion(
        self,
        plan: Plan,
        *,
        opinion_id: object,
        measure: object,
        programme: object,
        opinion: object,
        committee: object,
        on: date,
        actor: Actor,
    ) -> None:
        """Record a committee opinion; the same ``opinion_id`` again revises its text."""
        subject = check_subject(plan, measure, programme)
        self._opinion_recorded(
            occurred_on=on,
            actor=actor,
            opinion_id=check_uuid(opinion_id, "opinion_id"),
            measure=subject[0],
            programme=subject[1],
            opinion=check_text(opinion, "opinion"),
            committee=check_text(committee, "committee", required=False, max_length=MAX_NAME),
        )

    class CommitteeOpinionRecorded(Aggregate.Event):
        occurred_on: date
        actor: Actor
        opinion_id: UUID
        measure: str
        programme: str | None
        opinion: str
        committee: str

    @event(CommitteeOpinionRecorded)
    def _opinion_recorded(
        self,
        occurred_on: date,
        actor: Actor,
        opinion_id: UUID,
        measure: str,
        programme: str | None,
        opinion: str,
        committee: str,
    ) -> None:
        self.opinions[opinion_id] = Opinion(measure=measure, programme=programme, opinion=opinion, committee=committee)

    # ---- manual ratings (Kiyose style) ---------------------------------------

    def rate_measure(
        self, plan: Plan, *, measure: object, rating: object, note: object, on: date, actor: Actor
    ) -> None:
        """Rate a measure by hand on the plan's scale (A–D, or its status words); it wins until cleared."""
        code = plan.measure(check_code(measure, "measure")).code
        self._measure_rated(
            occurred_on=on,
            actor=actor,
            measure=code,
            rating=plan.scale.check(rating, "rating"),
            note=check_text(note, "note"),
        )

    class MeasureRated(Aggregate.Event):
        occurred_on: date
        actor: Actor
        measure: str
        rating: str
        note: str

    @event(MeasureRated)
    def _measure_rated(self, occurred_on: date, actor: Actor, measure: str, rating: str, note: str) -> None:
        self.manual_ratings[measure] = rating

    def clear_rating(self, *, measure: object, reason: object, on: date, actor: Actor) -> None:
        code = check_code(measure, "measure")
        if code not in self.manual_ratings:
            raise InvalidInput(f"measure {code} has no manual rating to clear", field="measure")
        self._rating_cleared(occurred_on=on, actor=actor, measure=code, reason=check_text(reason, "reason"))

    class MeasureRatingCleared(Aggregate.Event):
        occurred_on: date
        actor: Actor
        measure: str
        reason: str

    @event(MeasureRatingCleared)
    def _rating_cleared(self, occurred_on: date, actor: Actor, measure: str, reason: str) -> None:
        del self.manual_ratings[measure]

    # ---- the committee cycle: 案 → 確定 -------------------------------------------

    finalization: Finalization | None = None
    """Set once the year's report is 確定; entries may still follow, as restatements beside it."""

    def finalize(self, *, as_of: datetime, document_sha256: object, on: date, actor: Actor) -> None:
        """Record the year's report as 確定: the moment its document was made as of, and that document's SHA-256."""
        if self.finalization is not None:
            raise TransitionNotAllowed(f"FY{self.fiscal_year} was already finalized", field="fiscal_year")
        if not isinstance(as_of, datetime) or as_of.tzinfo is None:
            raise InvalidInput("as_of must be a moment with its time zone", field="as_of")
        if not isinstance(document_sha256, str) or not SHA256.fullmatch(document_sha256):
            raise InvalidInput("document_sha256 must be 64 lowercase hex digits", field="document_sha256")
        self._finalized(occurred_on=on, actor=actor, as_of=as_of, document_sha256=document_sha256)

    class Finalized(Aggregate.Event):
        occurred_on: date
        actor: Actor
        as_of: datetime
        document_sha256: str

    @event(Finalized)
    def _finalized(self, occurred_on: date, actor: Actor, as_of: datetime, document_sha256: str) -> None:
        self.finalization = Finalization(as_of, document_sha256, occurred_on)
