"""Use cases of plans and their yearly evaluation (a mixin of ``Kasane``).

Each loads the plan definition and the year's evaluation, lets the aggregate
decide and saves it. The first entry of a year starts its evaluation in the
same atomic save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.agency import Agency
from domain.application_core import KasaneCore
from domain.area import Area
from domain.audience import Audience
from domain.errors import ConcurrentChange, NotFound
from domain.evaluation import PlanEvaluation
from domain.evaluation_entries import check_year
from domain.master_data import MasterRecord
from domain.meeting_type import MeetingType
from domain.plan import Plan, PlanDefinition
from domain.plan_commands import (
    ClearIndicatorValue,
    ClearMeasureRating,
    ClearProgrammeJudgement,
    EvaluationCommand,
    FinalizeEvaluation,
    JudgeProgramme,
    LoadPlan,
    RateMeasure,
    RecordCommitteeOpinion,
    RecordIndicatorValue,
    SetNextYearPolicy,
    WriteReview,
)
from domain.plan_file import parse_plan
from domain.rule import MASTER_FILTERS
from domain.use_cases import Recorded
from domain.validation import check_code, check_not_future, check_text

if TYPE_CHECKING:
    from datetime import date

MAX_PLAN_FILE = 500_000
"""Characters in a plan file (a 40-indicator plan is about 20,000)."""

_MASTER_KINDS: dict[str, type[MasterRecord]] = {
    "agency": Agency,
    "area": Area,
    "meeting_type": MeetingType,
    "audience": Audience,
}


class PlanUseCases(KasaneCore):
    # ---- plan definitions ------------------------------------------------------

    def load_plan(self, cmd: LoadPlan) -> Recorded:
        source = check_text(cmd.source, "source", max_length=MAX_PLAN_FILE)
        plan = parse_plan(source)
        self._check_plan_references(plan)
        day = check_not_future(cmd.occurred_on, "occurred_on", self.today())
        try:
            definition = self.plan_definition(plan.code)
        except NotFound:
            created = PlanDefinition.load(plan=plan, source=source, on=day, actor=cmd.actor)
            return self._create(created, f"plan {plan.code}")
        definition.revise(plan=plan, source=source, reason=check_text(cmd.reason, "reason"), on=day, actor=cmd.actor)
        return self._save(definition)

    def _check_plan_references(self, plan: Plan) -> None:
        """Agencies, areas, meeting types and audiences named in rules must exist (retired ones still count)."""
        for m, measure in enumerate(plan.measures):
            for p, programme in enumerate(measure.programmes):
                for i, indicator in enumerate(programme.indicators):
                    if indicator.rule is None:
                        continue
                    path = f"measures[{m}].programmes[{p}].indicators[{i}].rule"
                    for name, kind in MASTER_FILTERS.items():
                        for code in getattr(indicator.rule, name):
                            self.master(_MASTER_KINDS[kind], code, f"{path}.{name}")

    # ---- yearly evaluation -----------------------------------------------------

    def record_indicator_value(self, cmd: RecordIndicatorValue) -> Recorded:
        plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.record_value(plan, indicator=cmd.indicator, value=cmd.value, note=cmd.note, on=day, actor=cmd.actor)
        return self._save(evaluation)

    def clear_indicator_value(self, cmd: ClearIndicatorValue) -> Recorded:
        _plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.clear_value(indicator=cmd.indicator, reason=cmd.reason, on=day, actor=cmd.actor)
        return self._save(evaluation)

    def judge_programme(self, cmd: JudgeProgramme) -> Recorded:
        plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.judge_programme(
            plan, programme=cmd.programme, achieved=cmd.achieved, note=cmd.note, on=day, actor=cmd.actor
        )
        return self._save(evaluation)

    def clear_programme_judgement(self, cmd: ClearProgrammeJudgement) -> Recorded:
        _plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.clear_judgement(programme=cmd.programme, reason=cmd.reason, on=day, actor=cmd.actor)
        return self._save(evaluation)

    def write_review(self, cmd: WriteReview) -> Recorded:
        plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.write_review(
            plan,
            measure=cmd.measure,
            programme=cmd.programme,
            do=cmd.do,
            check=cmd.check,
            act=cmd.act,
            on=day,
            actor=cmd.actor,
        )
        return self._save(evaluation)

    def set_next_year_policy(self, cmd: SetNextYearPolicy) -> Recorded:
        plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.set_policy(
            plan,
            measure=cmd.measure,
            programme=cmd.programme,
            policy=cmd.policy,
            note=cmd.note,
            on=day,
            actor=cmd.actor,
        )
        return self._save(evaluation)

    def record_committee_opinion(self, cmd: RecordCommitteeOpinion) -> Recorded:
        plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.record_opinion(
            plan,
            opinion_id=cmd.opinion_id,
            measure=cmd.measure,
            programme=cmd.programme,
            opinion=cmd.opinion,
            committee=cmd.committee,
            on=day,
            actor=cmd.actor,
        )
        return self._save(evaluation)

    def rate_measure(self, cmd: RateMeasure) -> Recorded:
        plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.rate_measure(plan, measure=cmd.measure, rating=cmd.rating, note=cmd.note, on=day, actor=cmd.actor)
        return self._save(evaluation)

    def clear_measure_rating(self, cmd: ClearMeasureRating) -> Recorded:
        _plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.clear_rating(measure=cmd.measure, reason=cmd.reason, on=day, actor=cmd.actor)
        return self._save(evaluation)

    def finalize_evaluation(self, cmd: FinalizeEvaluation) -> Recorded:
        _plan, evaluation, day = self._evaluation_for(cmd)
        evaluation.finalize(as_of=cmd.as_of, document_sha256=cmd.document_sha256, on=day, actor=cmd.actor)
        return self._save(evaluation)

    def _evaluation_for(self, cmd: EvaluationCommand) -> tuple[Plan, PlanEvaluation, date]:
        """The plan, the year's evaluation (started if new) and the checked business date."""
        plan = self.plan(cmd.plan_code)
        today = self.today()
        day = check_not_future(cmd.occurred_on, "occurred_on", today)
        year = check_year(plan, cmd.fiscal_year, today)
        evaluation = self.plan_evaluation(plan.code, year)
        if evaluation is None:
            return plan, PlanEvaluation.start(plan=plan, fiscal_year=year, on=day, actor=cmd.actor, today=today), day
        if cmd.expected_version is not None and evaluation.version != cmd.expected_version:
            raise ConcurrentChange(
                "the evaluation was changed by someone else after you opened it; reload and try again",
                field="expected_version",
            )
        return plan, evaluation, day

    # ---- reading ---------------------------------------------------------------

    def plan_definition(self, code: object) -> PlanDefinition:
        checked = check_code(code, "plan_code")
        try:
            return self.get(PlanDefinition, PlanDefinition.id_for(checked), "plan")
        except NotFound:
            raise NotFound(f"no plan with code {checked!r} has been loaded", field="plan_code") from None

    def plan(self, code: object) -> Plan:
        """The current definition of a loaded plan."""
        return self.plan_definition(code).plan

    def plan_evaluation(self, code: str, fiscal_year: int) -> PlanEvaluation | None:
        try:
            return self.get(PlanEvaluation, PlanEvaluation.id_for(code, fiscal_year), "evaluation")
        except NotFound:
            return None
