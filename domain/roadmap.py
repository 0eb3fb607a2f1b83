"""The 工程表 (roadmap) of a plan: each programme's or measure's planned stage per fiscal year.

Plans print a roadmap as the plan period in columns and, per measure or
programme, the stage planned for each year (Wako's 工程表: 目標 row against
実績 row; Asaka's 検討 → 整備). Kasane keeps the planned stages as a small coded
list; what happened in a year is the year's own evaluation (達成/未達成, A–D).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidInput


class Stage(StrEnum):
    """A planned stage, in the order a programme usually goes through them."""

    STUDY = "study"
    """検討"""
    PREPARE = "prepare"
    """準備"""
    TRIAL = "trial"
    """試行"""
    IMPLEMENT = "implement"
    """実施"""
    EXPAND = "expand"
    """拡充"""
    CONTINUE = "continue"
    """継続"""


PLAN_FILE_WORDS = {
    "検討": Stage.STUDY,
    "準備": Stage.PREPARE,
    "試行": Stage.TRIAL,
    "実施": Stage.IMPLEMENT,
    "拡充": Stage.EXPAND,
    "継続": Stage.CONTINUE,
}
"""The words the plans print, accepted in a plan file beside the codes."""


@dataclass(frozen=True)
class PlannedStage:
    """The stage a measure or programme is planned to be at in one fiscal year."""

    year: int
    stage: str


def check_stage(value: object, where: str) -> str:
    """The stage's code, from its code or its word (``"検討"`` or ``"study"``).

    Raised when the value is neither: InvalidInput naming the plan-file path.
    """
    if isinstance(value, str) and value in PLAN_FILE_WORDS:
        return PLAN_FILE_WORDS[value].value
    try:
        return Stage(str(value)).value
    except ValueError:
        words = "、".join(PLAN_FILE_WORDS)
        raise InvalidInput(f"{where}: {value!r} is not a stage ({words})", field=where) from None
