"""Dates as Japanese offices write and type them (domain brief §5)."""

from __future__ import annotations

from datetime import date

import pytest

from web.views.dates import parse_day, wareki


@pytest.mark.parametrize(
    "day, written",
    [
        (date(2026, 11, 20), "令和8年11月20日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1941, 2, 11), "昭和16年2月11日"),
        (date(1900, 1, 1), "1900年1月1日"),
    ],
)
def test_a_date_is_written_in_its_era(day: date, written: str) -> None:
    assert wareki(day) == written


@pytest.mark.parametrize(
    "typed, day",
    [
        ("2026-05-11", date(2026, 5, 11)),
        ("2026/5/11", date(2026, 5, 11)),
        ("２０２６－０５－１１", date(2026, 5, 11)),
        ("2026年5月11日", date(2026, 5, 11)),
        ("令和8年5月11日", date(2026, 5, 11)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R8.5.11", date(2026, 5, 11)),
        ("r8/5/11", date(2026, 5, 11)),
        ("H31.4.30", date(2019, 4, 30)),
        ("昭和55年3月1日", date(1980, 3, 1)),
    ],
)
def test_a_typed_date_is_read_in_iso_or_wareki(typed: str, day: date) -> None:
    assert parse_day(typed) == day


@pytest.mark.parametrize("typed", ["2026-02-30", "令和8年13月1日", "令和元年4月30日", "昨日", "", "2026-05", "R8"])
def test_an_impossible_or_unreadable_date_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_day(typed)
