"""Dates as Japanese offices write them: 令和8年11月20日, next to 2026-11-20.

Only the eras a case record can meet are known (domain brief §5); 令和 began
on 2019-05-01, and its first year is written 元年.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

ERAS: tuple[tuple[str, str, date], ...] = (
    # name, initial, first day
    ("令和", "R", date(2019, 5, 1)),
    ("平成", "H", date(1989, 1, 8)),
    ("昭和", "S", date(1926, 12, 25)),
)

_WAREKI = re.compile(r"^(令和|平成|昭和|[RHS])\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?$")
_WESTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def wareki(day: date) -> str:
    """``date(2026, 11, 20)`` → ``令和8年11月20日``; dates before 昭和 stay Western."""
    for name, _, first in ERAS:
        if day >= first:
            year = day.year - first.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def parse_day(text: str) -> date:
    """Read a date typed as ``2026-05-11``, ``2026/5/11``, ``令和8年5月11日`` or ``R8.5.11``.

    Raises ``ValueError`` for anything else, including impossible dates (2026-02-30).
    """
    value = unicodedata.normalize("NFKC", text).strip().upper()
    western = _WESTERN.match(value)
    if western:
        return date(*(int(part) for part in western.groups()))
    japanese = _WAREKI.match(value)
    if japanese is None:
        raise ValueError(f"not a date: {text!r}")
    era, year, month, day = japanese.groups()
    first = next(f for name, initial, f in ERAS if era in (name, initial))
    result = date(first.year + (1 if year == "元" else int(year)) - 1, int(month), int(day))
    if result < first:
        raise ValueError(f"{text!r} is before the era began")
    return result
