"""The Japanese fiscal year (年度) runs 1 April – 31 March; 令和元年度 is FY2019."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.fiscal_year import FiscalYear


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2024, 3, 31), 2023),
        (date(2024, 4, 1), 2024),
        (date(2025, 1, 1), 2024),
        (date(2025, 2, 28), 2024),
        (date(2025, 3, 31), 2024),
        (date(2024, 12, 31), 2024),
        (date(2024, 2, 29), 2023),
    ],
)
def test_fiscal_year_of_a_date(day: date, year: int) -> None:
    assert FiscalYear.of(day) == FiscalYear(year)


def test_january_to_march_belong_to_the_year_that_began_the_previous_april() -> None:
    for month in (1, 2, 3):
        assert FiscalYear.of(date(2026, month, 15)) == FiscalYear(2025)


def test_fiscal_year_runs_from_first_april_to_thirty_first_march() -> None:
    fy = FiscalYear(2023)
    assert (fy.start, fy.end) == (date(2023, 4, 1), date(2024, 3, 31))


def test_boundary_days_are_inside_and_their_neighbours_outside() -> None:
    fy = FiscalYear(2023)
    assert date(2023, 4, 1) in fy
    assert date(2024, 3, 31) in fy
    assert date(2023, 3, 31) not in fy
    assert date(2024, 4, 1) not in fy


def test_membership_agrees_with_of_across_a_whole_year() -> None:
    day = date(2024, 1, 1)
    while day < date(2025, 12, 31):
        assert day in FiscalYear.of(day)
        day = date.fromordinal(day.toordinal() + 1)


@pytest.mark.parametrize(("year", "reiwa"), [(2019, 1), (2023, 5), (2024, 6), (2026, 8), (2030, 12)])
def test_reiwa_numbering(year: int, reiwa: int) -> None:
    assert FiscalYear(year).reiwa == reiwa


def test_fiscal_years_before_reiwa_have_no_reiwa_number() -> None:
    with pytest.raises(ValueError, match="令和"):
        _ = FiscalYear(2018).reiwa


def test_a_timestamp_is_not_mistaken_for_a_local_date() -> None:
    with pytest.raises(TypeError):
        FiscalYear.of(datetime(2024, 3, 31, 20, 0))


def test_non_dates_are_not_in_a_fiscal_year() -> None:
    assert "2023-05-01" not in FiscalYear(2023)


def test_neighbouring_years_and_order() -> None:
    fy = FiscalYear(2024)
    assert fy.previous() == FiscalYear(2023) < fy < fy.next() == FiscalYear(2025)
    assert str(fy) == "FY2024"


def test_a_timestamp_is_not_tested_for_membership() -> None:
    with pytest.raises(TypeError):
        _ = datetime(2024, 3, 31, 20, 0) in FiscalYear(2023)
