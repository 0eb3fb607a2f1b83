"""Every check names its field and refuses with InvalidInput, so nothing half-valid is stored."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import pytest

from domain.errors import DateInFuture, InvalidInput
from domain.household import Relationship
from domain.validation import (
    MAX_TEXT,
    check_bool,
    check_choice,
    check_choices,
    check_code,
    check_count,
    check_date,
    check_not_future,
    check_optional_date,
    check_text,
    check_uuid,
)

TODAY = date(2026, 11, 20)


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


# ---- text ---------------------------------------------------------------------


def test_text_is_stripped() -> None:
    assert check_text("  相談内容 \n", "summary") == "相談内容"


@pytest.mark.parametrize("value", ["", "   ", None, "\u3000"])
def test_required_text_must_not_be_blank(value: object) -> None:
    with pytest.raises(InvalidInput, match="summary is required") as refused:
        check_text(value, "summary")
    assert refused.value.field == "summary"


@pytest.mark.parametrize("value", ["", None, "  "])
def test_optional_text_may_be_blank(value: object) -> None:
    assert check_text(value, "note", required=False) == ""


@pytest.mark.parametrize("value", [1, 1.5, b"bytes", ["a"], True])
def test_text_must_be_text(value: object) -> None:
    with pytest.raises(InvalidInput, match="must be text"):
        check_text(value, "note", required=False)


def test_text_at_the_limit_is_accepted_and_one_more_refused() -> None:
    assert len(check_text("あ" * MAX_TEXT, "note")) == MAX_TEXT
    with pytest.raises(InvalidInput, match="too long") as refused:
        check_text("あ" * (MAX_TEXT + 1), "note")
    assert refused.value.params["max_length"] == MAX_TEXT


def test_custom_length_limit() -> None:
    assert check_text("abc", "code", max_length=3) == "abc"
    with pytest.raises(InvalidInput, match="too long"):
        check_text("abcd", "code", max_length=3)


def test_text_with_a_nul_character_is_refused() -> None:
    with pytest.raises(InvalidInput, match="NUL") as refused:
        check_text("山田\x00太郎", "name")
    assert refused.value.field == "name"


# ---- dates --------------------------------------------------------------------


def test_a_date_is_a_date() -> None:
    assert check_date(date(2026, 4, 1), "opened_on") == date(2026, 4, 1)


@pytest.mark.parametrize("value", ["2026-04-01", datetime(2026, 4, 1, 9, 0), None, 20260401])
def test_strings_timestamps_and_numbers_are_not_dates(value: object) -> None:
    with pytest.raises(InvalidInput, match="must be a date") as refused:
        check_date(value, "opened_on")
    assert refused.value.field == "opened_on"


def test_optional_date_may_be_missing() -> None:
    assert check_optional_date(None, "expires_on") is None
    with pytest.raises(InvalidInput):
        check_optional_date("", "expires_on")


def test_today_is_not_in_the_future_but_tomorrow_is() -> None:
    assert check_not_future(TODAY, "occurred_on", TODAY) == TODAY
    with pytest.raises(DateInFuture) as refused:
        check_not_future(date(2026, 11, 21), "occurred_on", TODAY)
    assert refused.value.field == "occurred_on"
    assert refused.value.params["day"] == date(2026, 11, 21)


def test_a_future_date_is_also_invalid_input() -> None:
    assert issubclass(DateInFuture, InvalidInput)


# ---- codes and choices --------------------------------------------------------


def test_choice_returns_the_enumeration_member() -> None:
    assert check_choice("red", Colour, "colour") is Colour.RED


@pytest.mark.parametrize("value", ["green", "RED", "", None, 1, ["red"]])
def test_unknown_choice_lists_the_allowed_codes(value: object) -> None:
    with pytest.raises(InvalidInput, match="colour must be one of: red, blue") as refused:
        check_choice(value, Colour, "colour")
    assert refused.value.params["allowed"] == "red, blue"


def test_choices_are_deduplicated_in_order() -> None:
    assert check_choices(["blue", "red", "blue"], Colour, "colours") == (Colour.BLUE, Colour.RED)


def test_no_choices_is_an_empty_tuple() -> None:
    assert check_choices((), Colour, "colours") == ()


@pytest.mark.parametrize("value", ["red", None, 3, {"red": 1}])
def test_choices_must_be_a_list(value: object) -> None:
    with pytest.raises(InvalidInput, match="must be a list") as refused:
        check_choices(value, Colour, "colours")
    assert refused.value.field == "colours"


def test_one_bad_choice_refuses_the_whole_list() -> None:
    with pytest.raises(InvalidInput, match="must be one of"):
        check_choices(["red", "green"], Colour, "colours")


@pytest.mark.parametrize("value", ["fukushi-soudan", "area_1", "A1"])
def test_codes_are_ascii_words(value: str) -> None:
    assert check_code(value, "code") == value


@pytest.mark.parametrize("value", ["福祉課", "with space", "a/b", "a.b", "ｆｕｌｌ"])
def test_codes_with_unsafe_characters_are_refused(value: str) -> None:
    with pytest.raises(InvalidInput, match="may contain only"):
        check_code(value, "code")


def test_empty_and_over_long_codes_are_refused() -> None:
    with pytest.raises(InvalidInput, match="required"):
        check_code("", "code")
    with pytest.raises(InvalidInput, match="too long"):
        check_code("a" * 65, "code")
    assert check_code("a" * 64, "code") == "a" * 64


# ---- ids, booleans and counts -----------------------------------------------


def test_uuid_accepts_a_uuid_or_its_text() -> None:
    value = uuid.uuid4()
    assert check_uuid(value, "case_id") == value
    assert check_uuid(str(value), "case_id") == value
    assert check_uuid(value.hex, "case_id") == value


@pytest.mark.parametrize("value", ["", "not-an-id", None, 12, b"x"])
def test_uuid_refuses_anything_else(value: object) -> None:
    with pytest.raises(InvalidInput, match="must be an id") as refused:
        check_uuid(value, "case_id")
    assert refused.value.field == "case_id"


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_booleans(value: bool) -> None:
    assert check_bool(value, "is_new") is value


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, None])
def test_truthy_values_are_not_booleans(value: object) -> None:
    with pytest.raises(InvalidInput, match="yes or no"):
        check_bool(value, "is_new")


def test_counts_are_whole_numbers_in_range() -> None:
    assert check_count(0, "participants") == 0
    assert check_count(1_000_000, "participants") == 1_000_000
    for value in (-1, 1_000_001):
        with pytest.raises(InvalidInput, match="between"):
            check_count(value, "participants")
    for odd in (True, 1.0, "3", None):
        with pytest.raises(InvalidInput, match="whole number"):
            check_count(odd, "participants")


def test_a_value_outside_a_closed_list_is_refused_without_saying_it_back() -> None:
    """Whatever was typed into a choice may be a name: the message lists the choices, never the value."""
    with pytest.raises(InvalidInput) as caught:
        check_choice("秘密山 花子", Relationship, "relationship")
    assert caught.value.field == "relationship" and "principal" in caught.value.message
    assert "秘密山" not in caught.value.message and "秘密山" not in str(caught.value)
