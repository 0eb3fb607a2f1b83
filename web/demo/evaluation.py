"""The example community welfare plans (examples/*.toml) and last year's self-evaluation of one of them.

Loaded by the demo so the planner's screens have figures to show; separate from the casework because these are
the policy division's records, not a coordinator's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TypedDict

from domain.actor import Actor
from domain.commands import Command
from domain.fiscal_year import FiscalYear
from domain.plan_commands import (
    JudgeProgramme,
    LoadPlan,
    RecordCommitteeOpinion,
    RecordIndicatorValue,
    SetNextYearPolicy,
    WriteReview,
)
from domain.plan_file import parse_plan
from web.demo.city import SYSTEM, City

EXAMPLE_PLANS = Path(__file__).resolve().parents[2] / "examples"
"""The plan files shipped with the repository, loaded by the demo."""


class EvaluationEntry(TypedDict):
    """What every command of one self-evaluation shares (the fields of ``EvaluationCommand``)."""

    actor: Actor
    plan_code: str
    fiscal_year: int
    occurred_on: date


def example_plans(city: City) -> Iterator[Command]:
    """The example plans (examples/*.toml), so the planner's screens have figures to show."""
    for path in sorted(EXAMPLE_PLANS.glob("*.toml")):
        source = path.read_text(encoding="utf-8")
        yield LoadPlan(actor=SYSTEM, source=source, occurred_on=city.start)
        plan = parse_plan(source)
        if plan.code == "komae-layered-1" and plan.covers(city.start.year):
            yield from self_evaluation(city, plan.code, city.start.year)


def self_evaluation(city: City, code: str, year: int) -> Iterator[Command]:
    """Last year's self-evaluation (自己評価), entered by the policy division in May, as the seeds describe."""
    day = min(FiscalYear(year).end + timedelta(days=50), city.today)
    entry = EvaluationEntry(actor=city.actor_for("hayashi"), plan_code=code, fiscal_year=year, occurred_on=day)
    yield RecordIndicatorValue(**entry, indicator="K1-1", value=2, note="市外の研修会で2回紹介")
    yield RecordIndicatorValue(**entry, indicator="K3-2", value="導入検討", note="先行自治体の調査を実施")
    yield JudgeProgramme(**entry, programme="7-1", achieved=True, note="巡回相談会を計画どおり実施")
    yield WriteReview(
        **entry,
        measure="7",
        do="CSWが市内各所で巡回相談会を開催",
        check="接点のなかった住民に届いた",
        act="ピアサポーターの活用を検討する",
    )
    yield SetNextYearPolicy(**entry, measure="7", policy="enhance", note="アウトリーチの強化")
    yield RecordCommitteeOpinion(
        **entry,
        opinion_id=city.new_id(),
        measure="7",
        committee="地域福祉推進委員会",
        opinion="対象者の把握の方法を関係機関と検討されたい",
    )
