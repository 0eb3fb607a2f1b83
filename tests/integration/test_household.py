"""Household members are added, updated and removed by events; a household never becomes empty."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

from domain.application import Kasane
from domain.commands import AddHouseholdMember, RemoveHouseholdMember, UpdateHouseholdMember
from domain.errors import AlreadyExists, DateInFuture, InvalidInput, NotFound
from tests.builders import COORDINATOR, a_member, given_open_case
from tests.expectations import refused

DAY = date(2026, 6, 1)


def add(app: Kasane, case_id: uuid.UUID, member: object, on: date = DAY) -> None:
    app.execute(AddHouseholdMember(actor=COORDINATOR, case_id=case_id, member=member, occurred_on=on))  # type: ignore[arg-type]


def test_a_member_joins_the_household(city: Kasane) -> None:
    case_id = given_open_case(city)
    daughter = a_member("山田 花子", relationship="child", born=date(1988, 3, 3), flags=("carer",))
    add(city, case_id, daughter)
    assert city.case(case_id).members[daughter.member_id] == daughter
    assert city.history(case_id)[-1].event == "MemberAdded"


def test_the_same_member_cannot_be_added_twice(city: Kasane) -> None:
    case_id = given_open_case(city)
    member = next(iter(city.case(case_id).members.values()))
    with refused(city, AlreadyExists, field="member_id"):
        add(city, case_id, member)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"relationship": "cousin"}, "relationship"),
        ({"name": ""}, "name"),
        ({"name": "あ" * 201}, "name"),
        ({"flags": ("astronaut",)}, "flags"),
        ({"birth_date": "1990-01-01"}, "birth_date"),
    ],
)
def test_a_member_with_invalid_details_is_refused(city: Kasane, change: dict[str, object], field: str) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field=field):
        add(city, case_id, replace(a_member(), **change))  # type: ignore[arg-type]


def test_a_member_born_tomorrow_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, DateInFuture, field="birth_date"):
        add(city, case_id, a_member(born=date(2026, 11, 21)))


def test_a_member_must_be_a_member_value(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="member"):
        add(city, case_id, {"name": "山田 花子", "relationship": "child"})


def test_member_changes_are_dated_within_the_case(city: Kasane) -> None:
    case_id = given_open_case(city, opened_on=date(2026, 5, 11))
    with refused(city, InvalidInput, field="occurred_on", match="before the case was opened"):
        add(city, case_id, a_member(), on=date(2026, 5, 10))
    with refused(city, DateInFuture, field="occurred_on"):
        add(city, case_id, a_member(), on=date(2026, 11, 21))


def test_a_case_opened_with_invalid_members_is_refused(city: Kasane) -> None:
    with refused(city, InvalidInput, field="relationship"):
        given_open_case(city, members=(replace(a_member(), relationship="landlord"),))


def test_a_case_opened_with_the_same_member_twice_is_refused(city: Kasane) -> None:
    member = a_member()
    with refused(city, InvalidInput, field="members"):
        given_open_case(city, members=(member, member))


def test_a_member_is_updated_for_example_after_marriage(city: Kasane) -> None:
    case_id = given_open_case(city)
    son = next(m for m in city.case(case_id).members.values() if m.relationship == "child")
    married = replace(son, name="田中 健", kana="タナカ ケン")
    city.execute(UpdateHouseholdMember(actor=COORDINATOR, case_id=case_id, member=married, occurred_on=DAY))
    assert city.case(case_id).members[son.member_id].name == "田中 健"
    assert city.history(case_id)[0].data["members"][1].name == "山田 健"


def test_updating_an_unknown_member_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, NotFound, field="member_id"):
        city.execute(UpdateHouseholdMember(actor=COORDINATOR, case_id=case_id, member=a_member(), occurred_on=DAY))


def test_an_update_that_changes_nothing_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    member = next(iter(city.case(case_id).members.values()))
    with refused(city, InvalidInput, field="member", match="changes nothing"):
        city.execute(UpdateHouseholdMember(actor=COORDINATOR, case_id=case_id, member=member, occurred_on=DAY))


def test_an_update_with_invalid_details_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    member = next(iter(city.case(case_id).members.values()))
    with refused(city, InvalidInput, field="relationship"):
        city.execute(
            UpdateHouseholdMember(
                actor=COORDINATOR, case_id=case_id, member=replace(member, relationship="pet"), occurred_on=DAY
            )
        )


def remove(app: Kasane, case_id: uuid.UUID, member_id: object, reason: str = "転居のため世帯分離") -> None:
    app.execute(
        RemoveHouseholdMember(
            actor=COORDINATOR,
            case_id=case_id,
            member_id=member_id,  # type: ignore[arg-type]
            reason=reason,
            occurred_on=DAY,
        )
    )


def test_a_member_leaves_the_household_with_a_reason(city: Kasane) -> None:
    case_id = given_open_case(city)
    son = next(m for m in city.case(case_id).members.values() if m.relationship == "child")
    remove(city, case_id, son.member_id)
    assert son.member_id not in city.case(case_id).members
    assert city.history(case_id)[-1].data["reason"] == "転居のため世帯分離"


def test_removing_a_member_needs_a_reason(city: Kasane) -> None:
    case_id = given_open_case(city)
    son = next(m for m in city.case(case_id).members.values() if m.relationship == "child")
    with refused(city, InvalidInput, field="reason"):
        remove(city, case_id, son.member_id, reason=" ")


def test_the_last_member_cannot_be_removed(city: Kasane) -> None:
    only = a_member()
    case_id = given_open_case(city, members=(only,))
    with refused(city, InvalidInput, field="member_id", match="last household member"):
        remove(city, case_id, only.member_id)


def test_removing_down_to_one_member_then_stops(city: Kasane) -> None:
    case_id = given_open_case(city)
    first, second = city.case(case_id).members
    remove(city, case_id, first)
    with refused(city, InvalidInput, field="member_id"):
        remove(city, case_id, second)


def test_removing_an_unknown_member_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, NotFound, field="member_id"):
        remove(city, case_id, uuid.uuid4())
    with refused(city, InvalidInput, field="member_id"):
        remove(city, case_id, "not-an-id")


def test_a_removed_member_can_rejoin(city: Kasane) -> None:
    case_id = given_open_case(city)
    son = next(m for m in city.case(case_id).members.values() if m.relationship == "child")
    remove(city, case_id, son.member_id)
    add(city, case_id, son)
    assert city.case(case_id).members[son.member_id] == son
