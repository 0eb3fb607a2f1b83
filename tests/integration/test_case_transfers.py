"""Decision 10: reassigning within the lead agency is one step; moving the lead needs the receiver's yes."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

import pytest

from domain.actor import Actor
from domain.application import Kasane
from domain.casework_commands import (
    AcceptTransfer,
    DeclineTransfer,
    ReassignCoordinator,
    RequestTransfer,
    WithdrawTransfer,
)
from domain.commands import CloseCase
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from domain.master_data_commands import RegisterUser
from domain.transfer import NotTheLeadAgency, NotTheReceivingAgency
from tests.builders import ADMIN, COORDINATOR, CSW, given_open_case, given_standard_setup
from tests.expectations import refused

DAY = date(2026, 6, 1)
TAKAHASHI = Actor(user_id="takahashi", role="coordinator", agency_id="fukushi-soudan")


@pytest.fixture
def city(app: Kasane) -> Kasane:
    given_standard_setup(app)
    app.execute(
        RegisterUser(actor=ADMIN, username="takahashi", name="高橋 誠", role="coordinator", agency="fukushi-soudan")
    )
    return app


def request(
    app: Kasane,
    case_id: UUID,
    to_agency: str = "shakyo",
    *,
    actor: Actor = COORDINATOR,
    reason: str = "就労支援が中心となるため",
) -> UUID:
    transfer_id = uuid.uuid4()
    app.execute(
        RequestTransfer(
            actor=actor, case_id=case_id, transfer_id=transfer_id, to_agency=to_agency, reason=reason, occurred_on=DAY
        )
    )
    return transfer_id


# ---- reassigning within the agency -------------------------------------------------


def test_a_coordinator_hands_the_case_to_a_colleague_in_one_step(city: Kasane) -> None:
    case_id = given_open_case(city)
    city.execute(
        ReassignCoordinator(
            actor=COORDINATOR, case_id=case_id, coordinator="takahashi", reason="担当地区の変更", occurred_on=DAY
        )
    )
    case = city.case(case_id)
    assert (case.coordinator, case.lead_agency) == ("takahashi", "fukushi-soudan")
    assigned = city.history(case_id)[-1]
    assert assigned.event == "Assigned" and assigned.data["reason"] == "担当地区の変更"


def test_reassigning_to_a_coordinator_of_another_agency_is_refused(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="coordinator", match="transfer"):
        city.execute(
            ReassignCoordinator(
                actor=COORDINATOR, case_id=case_id, coordinator="suzuki", reason="移管", occurred_on=DAY
            )
        )


def test_reassigning_needs_a_reason_and_a_new_coordinator(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="reason"):
        city.execute(
            ReassignCoordinator(
                actor=COORDINATOR, case_id=case_id, coordinator="takahashi", reason=" ", occurred_on=DAY
            )
        )
    with refused(city, InvalidInput, field="coordinator", match="already"):
        city.execute(
            ReassignCoordinator(actor=COORDINATOR, case_id=case_id, coordinator="sato", reason="確認", occurred_on=DAY)
        )
    with refused(city, NotFound, field="coordinator"):
        city.execute(
            ReassignCoordinator(
                actor=COORDINATOR, case_id=case_id, coordinator="nobody", reason="確認", occurred_on=DAY
            )
        )


def test_a_planner_of_the_agency_cannot_be_given_the_case(city: Kasane) -> None:
    city.execute(RegisterUser(actor=ADMIN, username="hayashi", name="林 誠", role="planner", agency="fukushi-soudan"))
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="coordinator", match="not a coordinator or supervisor"):
        city.execute(
            ReassignCoordinator(
                actor=COORDINATOR, case_id=case_id, coordinator="hayashi", reason="確認", occurred_on=DAY
            )
        )


def test_only_the_lead_agency_reassigns_its_case(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, NotTheLeadAgency):
        city.execute(
            ReassignCoordinator(actor=CSW, case_id=case_id, coordinator="takahashi", reason="確認", occurred_on=DAY)
        )


# ---- transferring the lead ---------------------------------------------------------


def test_nothing_changes_until_the_receiving_agency_accepts(city: Kasane) -> None:
    case_id = given_open_case(city)
    transfer_id = request(city, case_id)
    case = city.case(case_id)
    assert (case.coordinator, case.lead_agency) == ("sato", "fukushi-soudan")
    assert case.pending_transfer is not None and case.pending_transfer.to_agency == "shakyo"
    assert "shakyo" not in case.involved_agencies

    city.execute(
        AcceptTransfer(actor=CSW, case_id=case_id, transfer_id=transfer_id, coordinator="suzuki", occurred_on=DAY)
    )
    case = city.case(case_id)
    assert (case.coordinator, case.lead_agency) == ("suzuki", "shakyo")
    assert case.involved_agencies == {"shakyo": "lead", "fukushi-soudan": "involved"}
    assert case.pending_transfer is None


def test_a_declined_transfer_leaves_the_case_where_it_was(city: Kasane) -> None:
    case_id = given_open_case(city)
    transfer_id = request(city, case_id)
    city.execute(
        DeclineTransfer(actor=CSW, case_id=case_id, transfer_id=transfer_id, reason="対象外のため", occurred_on=DAY)
    )
    case = city.case(case_id)
    assert (case.coordinator, case.lead_agency) == ("sato", "fukushi-soudan")
    assert case.transfers[transfer_id].state == "declined"
    request(city, case_id, "jiritsu")  # a new request may follow


def test_the_sender_may_withdraw_an_unanswered_request(city: Kasane) -> None:
    case_id = given_open_case(city)
    transfer_id = request(city, case_id)
    city.execute(
        WithdrawTransfer(
            actor=COORDINATOR, case_id=case_id, transfer_id=transfer_id, reason="本人の希望で継続", occurred_on=DAY
        )
    )
    assert city.case(case_id).pending_transfer is None
    with refused(city, TransitionNotAllowed, field="transfer_id"):
        city.execute(
            AcceptTransfer(actor=CSW, case_id=case_id, transfer_id=transfer_id, coordinator="suzuki", occurred_on=DAY)
        )


def test_only_the_receiving_agency_answers_and_with_its_own_coordinator(city: Kasane) -> None:
    case_id = given_open_case(city)
    transfer_id = request(city, case_id)
    with refused(city, NotTheReceivingAgency):
        city.execute(
            AcceptTransfer(
                actor=COORDINATOR, case_id=case_id, transfer_id=transfer_id, coordinator="sato", occurred_on=DAY
            )
        )
    with refused(city, InvalidInput, field="coordinator"):
        city.execute(
            AcceptTransfer(
                actor=CSW, case_id=case_id, transfer_id=transfer_id, coordinator="takahashi", occurred_on=DAY
            )
        )
    with refused(city, InvalidInput, field="reason"):
        city.execute(DeclineTransfer(actor=CSW, case_id=case_id, transfer_id=transfer_id, reason="", occurred_on=DAY))


def test_transfer_requests_are_refused_when_they_cannot_work(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, NotTheLeadAgency):
        request(city, case_id, actor=CSW)
    with refused(city, InvalidInput, field="to_agency"):
        request(city, case_id, "fukushi-soudan")
    with refused(city, NotFound, field="to_agency"):
        request(city, case_id, "no-such-agency")
    with refused(city, InvalidInput, field="reason"):
        request(city, case_id, reason="")
    request(city, case_id)
    with refused(city, TransitionNotAllowed, field="to_agency"):
        request(city, case_id, "jiritsu")


def test_a_closed_case_is_not_transferred(city: Kasane) -> None:
    case_id = given_open_case(city)
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=DAY))
    with refused(city, TransitionNotAllowed, field="status"):
        request(city, case_id)
