"""Request bodies of the plan API: each names the plan command it becomes.

The plan code and fiscal year come from the path; ``expected_version`` is
the year's evaluation version the client last read (0: nothing entered
yet), so an entry based on a stale view is refused with 409.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from domain.actor import Actor
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


class EntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    command_type: ClassVar[type[EvaluationCommand]]

    occurred_on: date = Field(description="business date of the entry, e.g. the self-evaluation or committee day")
    expected_version: int | None = Field(
        default=None, description="the evaluation version the client last read; a newer one answers 409"
    )

    def command(self, actor: Actor, plan_code: str, fiscal_year: int) -> EvaluationCommand:
        fields: dict[str, Any] = self.model_dump()
        return self.command_type(actor=actor, plan_code=plan_code, fiscal_year=fiscal_year, **fields)


class IndicatorValueIn(EntryIn):
    """The year's actual of a hand-entered indicator: a number, or a status of a milestone."""

    command_type = RecordIndicatorValue
    indicator: str = Field(examples=["K1-1"])
    value: int | Decimal | str = Field(examples=[3, "導入検討"])
    note: str = ""


class JudgementIn(EntryIn):
    """A manual 達成/未達成 of a programme; it wins over the indicators."""

    command_type = JudgeProgramme
    programme: str = Field(examples=["7-1"])
    achieved: bool
    note: str = Field(examples=["巡回相談会を計画どおり実施"])


class ReviewIn(EntryIn):
    """Do (実行) / Check (評価) / Act (課題及び改善点) of a measure, or of one of its programmes."""

    command_type = WriteReview
    measure: str = Field(examples=["7"])
    programme: str | None = None
    do: str = ""
    check: str = ""
    act: str = ""


class PolicyIn(EntryIn):
    """次年度方針: new, continue, enhance, improve, reduce or abolish (新規/継続/充実/改善/縮小/廃止)."""

    command_type = SetNextYearPolicy
    measure: str = Field(examples=["7"])
    programme: str | None = None
    policy: str = Field(examples=["enhance"])
    note: str = ""


class OpinionIn(EntryIn):
    """委員会からの意見; the same ``opinion_id`` again revises it."""

    command_type = RecordCommitteeOpinion
    opinion_id: UUID = Field(default_factory=uuid.uuid4)
    measure: str = Field(examples=["7"])
    programme: str | None = None
    opinion: str = Field(examples=["アウトリーチの対象者把握の方法を検討されたい"])
    committee: str = ""


class RatingIn(EntryIn):
    """A measure's rating given by hand on the plan's own scale (A–D, or its status words such as 順調)."""

    command_type = RateMeasure
    measure: str = Field(examples=["3-1"])
    rating: str = Field(examples=["C", "一部遅れ"])
    note: str = Field(examples=["改定素案の協議まで進んだ"])


class RatingClearIn(EntryIn):
    """Withdraw a measure's hand-given rating: a Komae-scale measure shows its computed rating again."""

    command_type = ClearMeasureRating
    measure: str = Field(examples=["3-1"])
    reason: str = Field(examples=["数値による評価に戻す"])
