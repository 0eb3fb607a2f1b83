"""Household members are validated on entry, and ages are counted in whole years."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.errors import DateInFuture, InvalidInput
from domain.household import Member

TODAY = date(2026, 11, 20)


def checked(**overrides: object) -> Member:
    fields: dict[str, object] = dict(
        member_id=uuid.uuid4(),
        name=" 山田 花子 ",
        kana="ヤマダ ハナコ",
        birth_date=date(1990, 7, 7),
        relationship="spouse",
        flags=["carer", "carer"],
        today=TODAY,
    )
    fields.update(overrides)
    return Member.checked(**fields)  # type: ignore[arg-type]


def test_checked_member_is_normalised() -> None:
    member = checked()
    assert member.name == "山田 花子"
    assert member.flags == ("carer",)
    assert member.relationship == "spouse"
    assert member.anonymous is False


def test_member_id_may_be_given_as_text() -> None:
    member_id = uuid.uuid4()
    assert checked(member_id=str(member_id)).member_id == member_id


def test_a_named_member_needs_a_name() -> None:
    with pytest.raises(InvalidInput) as refused:
        checked(name="  ")
    assert refused.value.field == "name"


def test_an_anonymous_member_may_have_no_name() -> None:
    member = checked(name="", anonymous=True)
    assert member.name == ""
    assert member.anonymous


def test_birth_date_is_optional_but_not_in_the_future() -> None:
    assert checked(birth_date=None).birth_date is None
    assert checked(birth_date=TODAY).birth_date == TODAY
    with pytest.raises(DateInFuture) as refused:
        checked(birth_date=date(2026, 11, 21))
    assert refused.value.field == "birth_date"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("relationship", "cousin"),
        ("flags", ["young_carer", "astronaut"]),
        ("flags", "carer"),
        ("anonymous", "yes"),
        ("birth_date", "1990-07-07"),
        ("member_id", "m-1"),
        ("name", "あ" * 201),
        ("kana", "ア" * 201),
        ("name", "山田\x00"),
    ],
)
def test_bad_member_input_is_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        checked(**{field: value})
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2026, 7, 6), 35),
        (date(2026, 7, 7), 36),
        (date(2026, 12, 31), 36),
        (date(1990, 7, 7), 0),
    ],
)
def test_age_counts_completed_years(day: date, age: int) -> None:
    assert checked(birth_date=date(1990, 7, 7)).age_on(day) == age


def test_leap_day_birthday_comes_of_age_on_first_march_in_common_years() -> None:
    member = checked(birth_date=date(2008, 2, 29))
    assert member.age_on(date(2026, 2, 28)) == 17
    assert member.age_on(date(2026, 3, 1)) == 18
    assert member.age_on(date(2028, 2, 29)) == 20


def test_age_is_unknown_without_a_birth_date() -> None:
    assert checked(birth_date=None).age_on(TODAY) is None


def test_age_is_unknown_before_birth() -> None:
    """A member born after a consultation has no age on that consultation's date."""
    assert checked(birth_date=date(2026, 10, 1)).age_on(date(2026, 9, 1)) is None
