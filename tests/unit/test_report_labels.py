"""Fiscal years and numbers are written the same way in every report format."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from projections.reports.labels import era_year, fiscal_year, moment, number


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2023, "令和5年度"),
        (2019, "令和元年度"),
        (2030, "令和12年度"),
        (2018, "平成30年度"),
    ],
)
def test_fiscal_years_are_named_by_their_era(year: int, label: str) -> None:
    assert era_year(year) == label


def test_a_fiscal_year_is_shown_in_both_calendars() -> None:
    assert fiscal_year(2023) == {"year": 2023, "label": "FY2023", "label_ja": "令和5年度"}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal(12), "12"),
        (Decimal("1.34"), "1.34"),
        (Decimal("66.6"), "66.6"),
        (Decimal("1E+2"), "100"),
        (3, "3"),
        ("検討", "検討"),
        (None, None),
    ],
)
def test_numbers_are_plain_decimal_text_and_statuses_stay_as_they_are(value: object, text: str | None) -> None:
    assert number(value) == text


def test_moments_are_shown_in_japan_time() -> None:
    assert moment(datetime(2024, 5, 31, 8, 0, tzinfo=UTC)) == "2024-05-31T17:00:00+09:00"
