"""Reading submitted forms: every unreadable field is named at once, before any command exists."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.actor import Actor
from web.forms import intake as intake_form
from web.forms.case import FORMS, next_statuses
from web.forms.reader import FormInvalid, FormReader, initial

ACTOR = Actor(user_id="sato", role="coordinator", agency_id="fukushi-soudan")


def test_every_problem_in_a_form_is_reported_together() -> None:
    values = initial(occurred_on="2026-02-30", entry_id="x", agency="", expected_version="v2")
    with pytest.raises(FormInvalid) as refused:
        FORMS["consultations"].build(FormReader(values), uuid.uuid4(), ACTOR)
    assert refused.value.errors == {
        "entry_id": "bad_id",
        "occurred_on": "bad_date",
        "agency": "required",
        "channel": "required",
        "handler_role": "required",
        "requester_type": "required",
        "expected_version": "bad_number",
    }


def test_a_form_becomes_its_command_with_the_version_the_user_saw() -> None:
    values = initial(
        **{
            **dict(FORMS["status"].defaults(ACTOR, date(2026, 11, 20)).multi_items()),
            "status": "assessment",
            "expected_version": ["3", "4"],
        }
    )
    command = FORMS["status"].build(FormReader(values), uuid.uuid4(), ACTOR)
    assert (command.status, command.occurred_on, command.expected_version) == (  # type: ignore[attr-defined]
        "assessment",
        date(2026, 11, 20),
        4,
    )


def test_checkboxes_and_radios_read_with_the_blank_a_browser_sends() -> None:
    reader = FormReader(initial(is_new=["", "on"], via_sheet=[""], contact_made=["", "no"], tags=["", "a", "b"]))
    assert (reader.flag("is_new"), reader.flag("via_sheet"), reader.yes_no("contact_made")) == (True, False, False)
    assert reader.many("tags") == ("a", "b")


def test_only_moves_the_lifecycle_allows_are_offered() -> None:
    assert next_statuses("intake") == ["assessment"]
    assert next_statuses("closed") == []


def test_intake_ignores_blank_member_rows_and_dates_consent_on_the_opening_day() -> None:
    values = initial(
        **{
            **dict(intake_form.defaults(ACTOR, date(2026, 11, 20)).multi_items()),
            "household_name": "高橋家",
            "area": "kita",
            "members-0-name": "高橋 恵",
            "members-2-name": "",
            "consent_decision": "given",
            "consent_scopes": ["meeting_discussion"],
        }
    )
    command, consent = intake_form.open_case(values, ACTOR)
    assert [m.name for m in command.members] == ["高橋 恵"]
    assert consent is not None and consent.decided_on == command.opened_on == date(2026, 11, 20)
