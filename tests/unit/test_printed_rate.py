"""The 達成率 a printed report shows: rounded half up to 0.1 % as the plans print, 100.0 % only when achieved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from projections.reports.labels import as_of_caption, era_date, printed_rate


def item(actual: str, reference: str, direction: str = "increase") -> dict[str, object]:
    return {"rate": "x", "actual": actual, "compared_with": reference, "direction": direction}


@pytest.mark.parametrize(
    ("actual", "reference", "direction", "shown"),
    [
        ("13", "14", "increase", "92.9"),  # 92.857…: rounded half up, never cut to 92.8
        ("2", "4", "increase", "50.0"),  # Komae's worked example, 2/4 = 50 %
        ("1", "3", "increase", "33.3"),
        ("4", "3", "increase", "133.3"),
        ("14", "13", "decrease", "92.9"),  # fewer is better: target ÷ actual
        ("9999", "10000", "increase", "99.9"),  # 99.99 % is not achieved: never printed as 100.0 %
        ("10", "10", "maintain", "100.0"),
    ],
)
def test_the_rate_is_rounded_as_the_plans_print_it(actual: str, reference: str, direction: str, shown: str) -> None:
    assert printed_rate(item(actual, reference, direction)) == Decimal(shown)


def test_no_rate_prints_nothing() -> None:
    assert printed_rate({"rate": None, "actual": "3", "compared_with": "4", "direction": "increase"}) is None


def test_the_as_of_caption_is_in_reiwa_and_japan_time() -> None:
    assert as_of_caption("2024-05-31T08:00:00+00:00") == "令和6年5月31日 17:00 時点の記録による"
    assert as_of_caption(None).startswith("現在の記録による")
    assert (era_date(date(2019, 5, 1)), era_date(date(2019, 4, 30))) == ("令和元年5月1日", "平成31年4月30日")
