"""What a spreadsheet program would read as a formula, and how a CSV cell is kept inert."""

from __future__ import annotations

import pytest

from projections.reports.spreadsheet_text import formula_like, inert


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x","y")'])
def test_text_starting_a_formula_is_prefixed_with_an_apostrophe(text: str) -> None:
    assert formula_like(text) and inert(text) == "'" + text


@pytest.mark.parametrize("value", ["-5", "+3.5", "-12%", "133.3%", "巡回相談", "", "a=b", 3, None])
def test_numbers_plain_text_and_other_values_are_left_alone(value: object) -> None:
    assert not formula_like(value) and inert(value) == value
