"""A case moves through its lifecycle on both stores, and refusals write nothing."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.application import Kasane
from domain.commands import ChangeCaseStatus, CloseCase, OpenCase, RecordConsultation, ReopenCase
from domain.errors import (
    AlreadyExists,
    ConcurrentChange,
    DateInFuture,
    InvalidInput,
    NotFound,
    TransitionNotAllowed,
)
from domain.lifecycle import CaseStatus
from tests.builders import COORDINATOR, a_member, given_open_case
from tests.expectations import refused


def event_count(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def test_case_opens_at_intake_with_its_household(city: Kasane) -> None:
    case_id = given_open_case(city)
    case = city.case(case_id)
    assert case.status == CaseStatus.INTAKE
    assert case.household_name == "山田家"
    assert sorted(m.relationship for m in case.members.values()) == ["child", "principal"]
    assert case.involved_agencies == {"fukushi-soudan": "lead"}


def test_case_walks_the_whole_lifecycle_and_reopens(city: Kasane) -> None:
    case_id = given_open_case(city)
    for day, status in [(12, "assessment"), (20, "planning"), (28, "in_support"), (30, "monitoring")]:
        city.execute(
            ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status=status, occurred_on=date(2026, 5, day))
        )
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 6, 1)))
    assert city.case(case_id).status == CaseStatus.CLOSED
    city.execute(ReopenCase(actor=COORDINATOR, case_id=case_id, reason="再度の相談", occurred_on=date(2026, 7, 1)))
    case = city.case(case_id)
    assert case.status == CaseStatus.INTAKE
    assert [h.event for h in city.history(case_id)][-2:] == ["Closed", "Reopened"]


def test_skipping_lifecycle_steps_is_refused_and_writes_nothing(city: Kasane) -> None:
    case_id = given_open_case(city)
    before = event_count(city)
    with pytest.raises(TransitionNotAllowed):
        city.execute(
            ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status="monitoring", occurred_on=date(2026, 5, 12))
        )
    assert event_count(city) == before


def test_closed_case_takes_no_status_change_until_reopened(city: Kasane) -> None:
    case_id = given_open_case(city)
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="moved_away", occurred_on=date(2026, 5, 20)))
    with pytest.raises(TransitionNotAllowed):
        city.execute(
            ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status="assessment", occurred_on=date(2026, 5, 21))
        )


def test_opening_a_case_for_an_unknown_agency_names_the_field(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        given_open_case(city, lead_agency="no-such-agency")
    assert refused.value.field == "lead_agency"


def test_opening_a_case_dated_tomorrow_is_refused(city: Kasane) -> None:
    with pytest.raises(DateInFuture):
        given_open_case(city, opened_on=date(2026, 11, 21))


def test_opening_the_same_case_twice_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with pytest.raises(AlreadyExists):
        given_open_case(city, case_id=case_id)


def test_a_case_needs_a_household_member(city: Kasane) -> None:
    with pytest.raises(InvalidInput) as refused:
        given_open_case(city, members=())
    assert refused.value.field == "members"


def test_unknown_issue_tag_is_refused_with_the_allowed_list(city: Kasane) -> None:
    with pytest.raises(InvalidInput, match="issue_tags must be one of"):
        given_open_case(city, issue_tags=("elderly", "aliens"))


def test_form_showing_an_old_version_gets_a_conflict(city: Kasane) -> None:
    case_id = given_open_case(city)
    seen = city.case(case_id).version
    city.execute(
        ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status="assessment", occurred_on=date(2026, 5, 12))
    )
    with pytest.raises(ConcurrentChange):
        city.execute(
            RecordConsultation(
                actor=COORDINATOR,
                case_id=case_id,
                expected_version=seen,
                entry_id=uuid.uuid4(),
                occurred_on=date(2026, 5, 13),
                agency="fukushi-soudan",
                channel="phone",
                handler_role="consultation_staff",
                requester_type="family",
                is_new=False,
            )
        )


def test_history_records_who_did_what_and_when(city: Kasane) -> None:
    case_id = given_open_case(city)
    (opened,) = city.history(case_id)
    assert opened.event == "Opened"
    assert opened.occurred_on == date(2026, 5, 11)
    assert opened.actor == COORDINATOR
    assert opened.recorded_at.tzinfo is not None
    assert opened.data["household_name"] == "山田家"


def test_anonymous_member_may_have_no_name(city: Kasane) -> None:
    member = a_member(name="")
    anonymous = type(member)(**{**member.__dict__, "anonymous": True})
    case_id = given_open_case(city, members=(anonymous,), channel="anonymous")
    assert city.case(case_id).members[anonymous.member_id].anonymous


def test_open_case_command_is_plain_data() -> None:
    assert OpenCase.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_closing_goes_through_close_not_a_status_change(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, TransitionNotAllowed, field="status", match="use close"):
        city.execute(
            ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status="closed", occurred_on=date(2026, 5, 12))
        )


def test_unknown_status_and_closure_reason_are_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="status"):
        city.execute(
            ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status="finished", occurred_on=date(2026, 5, 12))
        )
    with refused(city, InvalidInput, field="reason"):
        city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="bored", occurred_on=date(2026, 5, 12)))


def test_a_status_change_cannot_predate_the_current_status(city: Kasane) -> None:
    case_id = given_open_case(city, opened_on=date(2026, 5, 11))
    city.execute(
        ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status="assessment", occurred_on=date(2026, 5, 20))
    )
    with refused(city, InvalidInput, field="occurred_on"):
        city.execute(
            ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status="planning", occurred_on=date(2026, 5, 19))
        )
    with refused(city, InvalidInput, field="occurred_on"):
        city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 5, 19)))


def test_only_a_closed_case_can_be_reopened_and_only_with_a_reason(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, TransitionNotAllowed, field="status"):
        city.execute(ReopenCase(actor=COORDINATOR, case_id=case_id, reason="再相談", occurred_on=date(2026, 6, 1)))
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="contact_lost", occurred_on=date(2026, 6, 1)))
    with refused(city, InvalidInput, field="reason"):
        city.execute(ReopenCase(actor=COORDINATOR, case_id=case_id, reason="", occurred_on=date(2026, 6, 2)))
    with refused(city, TransitionNotAllowed, field="status"):
        city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 6, 2)))


def test_commands_for_an_unknown_case_are_refused(city: Kasane) -> None:
    with refused(city, NotFound, field="case_id"):
        city.execute(
            CloseCase(actor=COORDINATOR, case_id=uuid.uuid4(), reason="resolved", occurred_on=date(2026, 6, 1))
        )
