"""Japanese labels and fixed formats of the plan reports (one place, so every format agrees)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

JST = timezone(timedelta(hours=9), "JST")
"""Japan Standard Time (no daylight saving): the time of an ``--as-of`` given without an offset."""

REIWA_START = 2019
HEISEI_OFFSET = 1988

UNRATED = "評価なし"
OUTCOME_LABELS = {"achieved": "達成", "not_achieved": "未達成", "not_evaluated": "未評価"}
POLICY_LABELS = {
    "new": "新規",
    "continue": "継続",
    "enhance": "充実",
    "improve": "改善",
    "reduce": "縮小",
    "abolish": "廃止",
}
COUNTING_LABELS = {"total": "延べ", "distinct": "実", "new": "新規"}
PERIOD_LABELS = {"fiscal_year": "年度", "calendar_year": "年中"}
DIRECTION_LABELS = {"increase": "増加", "maintain": "維持", "decrease": "減少"}
BASIS_LABELS = {"annual_target": "年次目標", "final_target": "最終目標", "baseline": "現状値", None: ""}
UNMEASURED_LABELS = {
    "no_actual": "実績なし",
    "no_target": "目標なし",
    "target_tbd": "目標値未設定",
    "no_baseline": "現状値なし",
    None: "",
}
MANUAL = "（手動）"
RELISTED = "（再掲）"
TBD = "未設定"


def era_year(year: int) -> str:
    """FY2023 → 令和5年度; FY2019 → 令和元年度; FY2018 → 平成30年度."""
    if year >= REIWA_START:
        number = year - REIWA_START + 1
        return "令和元年度" if number == 1 else f"令和{number}年度"
    return f"平成{year - HEISEI_OFFSET}年度"


def fiscal_year(year: int) -> dict[str, object]:
    return {"year": year, "label": f"FY{year}", "label_ja": era_year(year)}


def number(value: object) -> str | None:
    """A value as fixed text: numbers in plain decimal notation as written, statuses as they are."""
    if value is None:
        return None
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format(Decimal(value), "f")
    return str(value)


def moment(value: datetime | None) -> str | None:
    """A moment in Japan time, to the second or finer, with its offset."""
    return None if value is None else value.astimezone(JST).isoformat()
