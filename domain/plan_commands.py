"""Commands of plan evaluation: load a plan file, enter values, judgements and texts.

Every evaluation command names the plan and fiscal year, the business date
(``occurred_on``: e.g. the day of the self-evaluation or committee meeting)
and may carry ``expected_version`` of the year's evaluation it was based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from domain.commands import Command


@dataclass(frozen=True, kw_only=True)
class LoadPlan(Command):
    """Load a plan file's text; for a plan already loaded this records a new version (``reason`` required)."""

    source: str
    occurred_on: date
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class EvaluationCommand(Command):
    plan_code: str
    fiscal_year: int
    occurred_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordIndicatorValue(EvaluationCommand):
    """Enter the year's actual of a manual indicator: a number, or a status for a milestone."""

    indicator: str
    value: Decimal | int | str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ClearIndicatorValue(EvaluationCommand):
    indicator: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class JudgeProgramme(EvaluationCommand):
    """Record 達成 (``achieved=True``) or 未達成 by hand, with the reason."""

    programme: str
    achieved: bool
    note: str


@dataclass(frozen=True, kw_only=True)
class ClearProgrammeJudgement(EvaluationCommand):
    programme: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class WriteReview(EvaluationCommand):
    """Do/Check/Act of a measure, or of one of its programmes when ``programme`` is given."""

    measure: str
    programme: str | None = None
    do: str = ""
    check: str = ""
    act: str = ""


@dataclass(frozen=True, kw_only=True)
class SetNextYearPolicy(EvaluationCommand):
    """次年度方針: one of ``domain.evaluation_entries.NextYearPolicy``."""

    measure: str
    policy: str
    programme: str | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordCommitteeOpinion(EvaluationCommand):
    """委員会からの意見; recording the same ``opinion_id`` again revises it."""

    opinion_id: UUID
    measure: str
    opinion: str
    programme: str | None = None
    committee: str = ""


@dataclass(frozen=True, kw_only=True)
class RateMeasure(EvaluationCommand):
    """A qualitative A–D rating of a measure (Kiyose style); it overrides the computed one."""

    measure: str
    rating: str
    note: str


@dataclass(frozen=True, kw_only=True)
class ClearMeasureRating(EvaluationCommand):
    measure: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class FinalizeEvaluation(EvaluationCommand):
    """Make the year's report 確定: its document as of ``as_of`` hashes to ``document_sha256``."""

    as_of: datetime
    document_sha256: str
