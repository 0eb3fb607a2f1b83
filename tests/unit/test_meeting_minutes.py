"""The minutes' time, place and recorder: what a coordinator may type, and what is refused."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.meeting_minutes import NOT_GIVEN, Sitting, check_sitting


def test_times_are_kept_as_hh_mm_and_everything_may_be_left_blank() -> None:
    typed = Sitting(starts_at=" 9:05", ends_at="10:30", place=" 社協 会議室 ", recorder="佐藤")
    assert check_sitting(typed) == Sitting(starts_at="09:05", ends_at="10:30", place="社協 会議室", recorder="佐藤")
    assert check_sitting(NOT_GIVEN) == Sitting()


def test_a_meeting_may_have_a_start_without_an_end() -> None:
    assert check_sitting(Sitting(starts_at="14:00")).ends_at == ""


@pytest.mark.parametrize(
    ("sitting", "field"),
    [
        (Sitting(starts_at="14:00", ends_at="13:59"), "ends_at"),
        (Sitting(starts_at="14:00", ends_at="14:00"), "ends_at"),
        (Sitting(ends_at="15:00"), "starts_at"),
        (Sitting(starts_at="24:00"), "starts_at"),
        (Sitting(starts_at="14:60"), "starts_at"),
        (Sitting(starts_at="14時"), "starts_at"),
        (Sitting(place="会" * 201), "place"),
        (Sitting(recorder="\x00"), "recorder"),
    ],
)
def test_a_malformed_time_or_an_end_before_the_start_is_refused(sitting: Sitting, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_sitting(sitting)
    assert refused.value.field == field
