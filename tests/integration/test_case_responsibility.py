"""Who is responsible for a case, where it belongs and what it is about change only by events."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.application import Kasane
from domain.commands import AssignCase, InvolveAgency, MoveCaseToArea, ReleaseAgency, TagIssues
from domain.errors import AlreadyExists, InvalidInput, NotFound
from domain.master_data_commands import RetireRecord
from tests.builders import ADMIN, COORDINATOR, given_open_case
from tests.expectations import refused

DAY = date(2026, 6, 1)


# ---- issues -----------------------------------------------------------------


def tag(app: Kasane, case_id: UUID, *tags: str) -> None:
    app.execute(TagIssues(actor=COORDINATOR, case_id=case_id, issue_tags=tags, occurred_on=DAY))


def test_issue_tags_are_replaced_as_a_whole(city: Kasane) -> None:
    case_id = given_open_case(city, issue_tags=("elderly",))
    tag(city, case_id, "elderly", "hikikomori", "poverty", "poverty")
    assert city.case(case_id).issue_tags == ("elderly", "hikikomori", "poverty")


def test_a_case_keeps_at_least_one_issue(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="issue_tags"):
        tag(city, case_id)


def test_unknown_issue_tags_are_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="issue_tags", match="must be one of"):
        tag(city, case_id, "elderly", "ufo")


def test_tagging_the_same_issues_again_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city, issue_tags=("elderly", "hikikomori"))
    with refused(city, InvalidInput, field="issue_tags", match="already has"):
        tag(city, case_id, "hikikomori", "elderly")


# ---- area ---------------------------------------------------------------------


def move(app: Kasane, case_id: UUID, area: str) -> None:
    app.execute(MoveCaseToArea(actor=COORDINATOR, case_id=case_id, area=area, occurred_on=DAY))


def test_a_case_moves_to_another_area(city: Kasane) -> None:
    case_id = given_open_case(city, area="kita")
    move(city, case_id, "minami")
    assert city.case(case_id).area == "minami"


def test_moving_to_the_same_area_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city, area="kita")
    with refused(city, InvalidInput, field="area"):
        move(city, case_id, "kita")


def test_moving_to_an_unknown_or_retired_area_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city, area="kita")
    with refused(city, NotFound, field="area"):
        move(city, case_id, "higashi")
    city.execute(RetireRecord(actor=ADMIN, kind="area", code="chuo", reason="圏域再編"))
    with refused(city, InvalidInput, field="area", match="retired"):
        move(city, case_id, "chuo")


# ---- coordinator and lead agency ----------------------------------------------


def assign(app: Kasane, case_id: UUID, coordinator: str, lead_agency: str) -> None:
    app.execute(
        AssignCase(
            actor=COORDINATOR,
            case_id=case_id,
            coordinator=coordinator,
            lead_agency=lead_agency,
            occurred_on=DAY,
        )
    )


def test_handing_over_the_lead_keeps_the_old_lead_involved(city: Kasane) -> None:
    case_id = given_open_case(city, lead_agency="fukushi-soudan", coordinator="sato")
    assign(city, case_id, "suzuki", "shakyo")
    case = city.case(case_id)
    assert (case.coordinator, case.lead_agency) == ("suzuki", "shakyo")
    assert case.involved_agencies == {"fukushi-soudan": "involved", "shakyo": "lead"}


def test_an_involved_agency_can_take_the_lead(city: Kasane) -> None:
    case_id = given_open_case(city, intake_agency="houkatsu-kita", lead_agency="fukushi-soudan")
    assign(city, case_id, "sato", "houkatsu-kita")
    assert city.case(case_id).involved_agencies == {"fukushi-soudan": "involved", "houkatsu-kita": "lead"}


def test_changing_only_the_coordinator_keeps_the_lead(city: Kasane) -> None:
    case_id = given_open_case(city, lead_agency="fukushi-soudan", coordinator="sato")
    assign(city, case_id, "suzuki", "fukushi-soudan")
    case = city.case(case_id)
    assert case.coordinator == "suzuki"
    assert case.involved_agencies == {"fukushi-soudan": "lead"}


def test_assigning_the_case_as_it_already_is_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city, lead_agency="fukushi-soudan", coordinator="sato")
    with refused(city, InvalidInput, field="coordinator"):
        assign(city, case_id, "sato", "fukushi-soudan")


@pytest.mark.parametrize(
    ("coordinator", "lead_agency", "field"),
    [("tanaka", "shakyo", "coordinator"), ("suzuki", "no-such-agency", "lead_agency")],
)
def test_assigning_to_unknown_people_or_agencies_is_refused(
    city: Kasane, coordinator: str, lead_agency: str, field: str
) -> None:
    case_id = given_open_case(city)
    with refused(city, NotFound, field=field):
        assign(city, case_id, coordinator, lead_agency)


# ---- involved agencies ----------------------------------------------------------


def involve(app: Kasane, case_id: UUID, agency: str) -> None:
    app.execute(InvolveAgency(actor=COORDINATOR, case_id=case_id, agency=agency, occurred_on=DAY))


def release(app: Kasane, case_id: UUID, agency: str, reason: str = "支援終了") -> None:
    app.execute(
        ReleaseAgency(
            actor=COORDINATOR,
            case_id=case_id,
            agency=agency,
            reason=reason,
            occurred_on=DAY,
        )
    )


def test_an_agency_is_involved_and_later_released(city: Kasane) -> None:
    case_id = given_open_case(city)
    involve(city, case_id, "jiritsu")
    assert city.case(case_id).involved_agencies["jiritsu"] == "involved"
    release(city, case_id, "jiritsu")
    assert "jiritsu" not in city.case(case_id).involved_agencies


def test_involving_an_agency_twice_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    involve(city, case_id, "jiritsu")
    with refused(city, AlreadyExists, field="agency"):
        involve(city, case_id, "jiritsu")
    with refused(city, AlreadyExists, field="agency"):
        involve(city, case_id, "fukushi-soudan")


def test_involving_an_unknown_agency_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, NotFound, field="agency"):
        involve(city, case_id, "no-such-agency")


def test_the_lead_agency_cannot_be_released(city: Kasane) -> None:
    case_id = given_open_case(city, lead_agency="fukushi-soudan")
    with refused(city, InvalidInput, field="agency", match="assign another lead"):
        release(city, case_id, "fukushi-soudan")


def test_releasing_an_agency_that_is_not_involved_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, NotFound, field="agency"):
        release(city, case_id, "hello-work")


def test_releasing_an_agency_needs_a_reason(city: Kasane) -> None:
    case_id = given_open_case(city)
    involve(city, case_id, "jiritsu")
    with refused(city, InvalidInput, field="reason"):
        release(city, case_id, "jiritsu", reason="")


def test_the_intake_agency_can_be_released_once_another_leads(city: Kasane) -> None:
    case_id = given_open_case(city, intake_agency="houkatsu-kita", lead_agency="fukushi-soudan")
    assert city.case(case_id).involved_agencies["houkatsu-kita"] == "intake"
    release(city, case_id, "houkatsu-kita")
    assert city.case(case_id).involved_agencies == {"fukushi-soudan": "lead"}
