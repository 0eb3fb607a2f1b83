"""Japanese labels and fixed formats of the plan reports (one place, so every format agrees)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from domain.rating import percent

JST = timezone(timedelta(hours=9), "JST")
"""Japan Standard Time (no daylight saving): the time of an ``--as-of`` given without an offset."""

REIWA_START = 2019
REIWA_FIRST_DAY = date(2019, 5, 1)
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
DRAFT = "案"
FINALIZED = "確定"
RESTATED = "訂正あり"
"""A year's report is 案 until a planner makes it 確定; a 確定 figure the log now restates is marked 訂正あり."""
STAGE_LABELS = {
    "study": "検討",
    "prepare": "準備",
    "trial": "試行",
    "implement": "実施",
    "expand": "拡充",
    "continue": "継続",
}
"""The 工程表's planned stages (``domain.roadmap.Stage``)."""
NO_FIGURE = "—"
"""A cell with nothing to show: no previous year in the plan period, or no figure for it."""


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


def signed(number_text: str) -> str:
    """A difference as printed: ``+3``, ``-2``, ``0``."""
    return number_text if number_text.startswith("-") or Decimal(number_text) == 0 else f"+{number_text}"


def moment(value: datetime | None) -> str | None:
    """A moment in Japan time, to the second or finer, with its offset."""
    return None if value is None else value.astimezone(JST).isoformat()


def era_date(day: date) -> str:
    """2024-05-31 → 令和6年5月31日; 2019-05-01 → 令和元年5月1日; 2019-04-30 → 平成31年4月30日."""
    if day >= REIWA_FIRST_DAY:
        era, number = "令和", day.year - REIWA_START + 1
    else:
        era, number = "平成", day.year - HEISEI_OFFSET
    return f"{era}{'元' if number == 1 else number}年{day.month}月{day.day}日"


def as_of_caption(as_of: str | None) -> str:
    """The caption under a report's title: the moment its records were taken, in Japan time and 令和 form."""
    if not as_of:
        return "現在の記録による（訂正・追加入力を反映）"
    moment = datetime.fromisoformat(as_of).astimezone(JST)
    return f"{era_date(moment.date())} {moment:%H:%M} 時点の記録による"


def printed_rate(item: dict[str, object]) -> Decimal | None:
    """An indicator's 達成率 as the printed report shows it: the one rounding of ``domain.rating.percent``.

    Recomputed from the item's actual and reference so a report row never depends on how its rate was stored.
    """
    rate, actual, reference = item.get("rate"), item.get("actual"), item.get("compared_with")
    if rate is None or actual is None or reference is None:
        return None
    got, wanted = Decimal(str(actual)), Decimal(str(reference))
    numerator, denominator = (wanted, got) if item.get("direction") == "decrease" else (got, wanted)
    return percent(numerator, denominator)
