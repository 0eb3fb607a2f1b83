"""A mistaken entry is never edited: it is voided or replaced by a correction, and history keeps both."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.activity import Consultation, Placement
from domain.application import Kasane
from domain.commands import CorrectCaseEntry, EndPlacement, RecordConsultation, StartPlacement, VoidCaseEntry
from domain.errors import AlreadyExists, DateInFuture, InvalidInput, KasaneError, NotFound
from domain.master_data_commands import RetireRecord
from tests.builders import ADMIN, COORDINATOR, given_open_case
from tests.expectations import refused

CORRECTED_ON = date(2026, 7, 1)


@pytest.fixture
def case_id(city: Kasane) -> uuid.UUID:
    return given_open_case(city, opened_on=date(2026, 5, 11))


@pytest.fixture
def entry_id(city: Kasane, case_id: uuid.UUID) -> uuid.UUID:
    command = RecordConsultation(
        actor=COORDINATOR,
        case_id=case_id,
        entry_id=uuid.uuid4(),
        occurred_on=date(2026, 6, 1),
        agency="fukushi-soudan",
        channel="phone",
        handler_role="consultation_staff",
        requester_type="family",
        is_new=True,
        issue_tags=("hikikomori",),
        summary="長女より電話",
    )
    city.execute(command)
    return command.entry_id


def void(app: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID, reason: str = "別世帯の記録を誤入力") -> None:
    app.execute(
        VoidCaseEntry(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=entry_id,
            reason=reason,
            occurred_on=CORRECTED_ON,
        )
    )


def correct(
    app: Kasane,
    case_id: uuid.UUID,
    entry_id: uuid.UUID,
    changes: dict[str, object],
    reason: str = "入力誤りの訂正",
    on: date = CORRECTED_ON,
) -> None:
    app.execute(
        CorrectCaseEntry(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=entry_id,
            changes=changes,
            reason=reason,
            occurred_on=on,
        )
    )


# ---- voiding ---------------------------------------------------------------------


def test_a_voided_entry_no_longer_counts_but_history_keeps_it(
    city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID
) -> None:
    void(city, case_id, entry_id)
    case = city.case(case_id)
    assert case.live_entries == []
    assert case.voided == {entry_id: "別世帯の記録を誤入力"}
    assert entry_id in case.entries
    with pytest.raises(NotFound):
        case.entry(entry_id)
    recorded, voided = city.history(case_id)[-2:]
    assert recorded.event == "ConsultationRecorded" and recorded.data["consultation"].summary == "長女より電話"
    assert (voided.event, voided.data["entry_id"]) == ("EntryVoided", entry_id)


def test_an_entry_is_voided_once(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    void(city, case_id, entry_id)
    with refused(city, NotFound, field="entry_id"):
        void(city, case_id, entry_id)


def test_voiding_needs_a_reason_and_a_known_entry(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    with refused(city, InvalidInput, field="reason"):
        void(city, case_id, entry_id, reason="")
    with refused(city, NotFound, field="entry_id"):
        void(city, case_id, uuid.uuid4())


def test_a_voided_entry_id_cannot_be_reused(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    void(city, case_id, entry_id)
    with refused(city, AlreadyExists, field="entry_id"):
        city.execute(
            RecordConsultation(
                actor=COORDINATOR,
                case_id=case_id,
                entry_id=entry_id,
                occurred_on=date(2026, 6, 2),
                agency="fukushi-soudan",
                channel="window",
                handler_role="consultation_staff",
                requester_type="self",
                is_new=False,
            )
        )


# ---- correcting -------------------------------------------------------------------


def test_a_correction_changes_a_field_and_keeps_the_original_event(
    city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID
) -> None:
    correct(city, case_id, entry_id, {"channel": "window", "is_new": False})
    entry = city.case(case_id).entry(entry_id)
    assert isinstance(entry, Consultation)
    assert (entry.channel, entry.is_new, entry.summary) == ("window", False, "長女より電話")
    recorded, corrected = city.history(case_id)[-2:]
    assert (recorded.event, corrected.event) == ("ConsultationRecorded", "EntryCorrected")
    assert recorded.data["consultation"].channel == "phone"
    assert corrected.data["entry"] == entry
    assert corrected.data["reason"] == "入力誤りの訂正"
    assert corrected.occurred_on == CORRECTED_ON


def test_correcting_the_date_moves_the_entry(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    correct(city, case_id, entry_id, {"occurred_on": date(2026, 5, 28)})
    assert city.case(case_id).entry(entry_id).occurred_on == date(2026, 5, 28)


def test_correcting_the_agency_to_a_known_agency(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    correct(city, case_id, entry_id, {"agency": "shakyo"})
    assert city.case(case_id).entry(entry_id).agency == "shakyo"


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({}, InvalidInput, "changes"),
        ({"channel": "phone"}, InvalidInput, "changes"),
        ({"summary": "  長女より電話 "}, InvalidInput, "changes"),
        ({"mood": "sad"}, InvalidInput, "changes"),
        ({"entry_id": uuid.uuid4()}, InvalidInput, "entry_id"),
        ({"agency": "no-such-agency"}, NotFound, "agency"),
        ({"channel": "fax"}, InvalidInput, "channel"),
        ({"is_new": "no"}, InvalidInput, "is_new"),
        ({"occurred_on": date(2026, 11, 21)}, DateInFuture, "occurred_on"),
        ({"occurred_on": date(2026, 5, 10)}, InvalidInput, "occurred_on"),
    ],
)
def test_invalid_corrections_are_refused(
    city: Kasane,
    case_id: uuid.UUID,
    entry_id: uuid.UUID,
    changes: dict[str, object],
    error: type[KasaneError],
    field: str,
) -> None:
    with refused(city, error, field=field):
        correct(city, case_id, entry_id, changes)


def test_a_correction_needs_a_reason(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    with refused(city, InvalidInput, field="reason"):
        correct(city, case_id, entry_id, {"channel": "window"}, reason="")


def test_a_correction_cannot_be_dated_in_the_future(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    with refused(city, DateInFuture, field="occurred_on"):
        correct(city, case_id, entry_id, {"channel": "window"}, on=date(2026, 11, 21))


def test_a_voided_entry_cannot_be_corrected(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    void(city, case_id, entry_id)
    with refused(city, NotFound, field="entry_id"):
        correct(city, case_id, entry_id, {"channel": "window"})


def test_an_unknown_entry_cannot_be_corrected(city: Kasane, case_id: uuid.UUID) -> None:
    with refused(city, NotFound, field="entry_id"):
        correct(city, case_id, uuid.uuid4(), {"channel": "window"})


def test_correcting_to_a_retired_agency_is_refused(city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID) -> None:
    city.execute(RetireRecord(actor=ADMIN, kind="agency", code="hello-work", reason="連携終了"))
    with refused(city, InvalidInput, field="agency", match="retired"):
        correct(city, case_id, entry_id, {"agency": "hello-work"})


def test_a_corrected_entry_can_be_corrected_again_and_then_voided(
    city: Kasane, case_id: uuid.UUID, entry_id: uuid.UUID
) -> None:
    correct(city, case_id, entry_id, {"channel": "window"})
    correct(city, case_id, entry_id, {"channel": "visit"})
    void(city, case_id, entry_id)
    assert city.case(case_id).live_entries == []
    assert [h.event for h in city.history(case_id)][-3:] == ["EntryCorrected", "EntryCorrected", "EntryVoided"]


# ---- placements ----------------------------------------------------------------------


@pytest.fixture
def placement_id(city: Kasane, case_id: uuid.UUID) -> uuid.UUID:
    command = StartPlacement(
        actor=COORDINATOR,
        case_id=case_id,
        entry_id=uuid.uuid4(),
        started_on=date(2026, 6, 1),
        agency="shakyo",
        resource_type="work_experience",
        host_organisation="社会福祉法人 きた福祉会",
    )
    city.execute(command)
    return command.entry_id


def test_an_ended_placement_can_have_its_end_corrected(
    city: Kasane, case_id: uuid.UUID, placement_id: uuid.UUID
) -> None:
    city.execute(
        EndPlacement(
            actor=COORDINATOR, case_id=case_id, entry_id=placement_id, ended_on=date(2026, 6, 30), outcome="completed"
        )
    )
    correct(city, case_id, placement_id, {"ended_on": date(2026, 6, 29), "outcome": "employed"})
    entry = city.case(case_id).entry(placement_id)
    assert isinstance(entry, Placement)
    assert (entry.ended_on, entry.outcome) == (date(2026, 6, 29), "employed")


def test_a_placement_end_cannot_be_corrected_into_the_future(
    city: Kasane, case_id: uuid.UUID, placement_id: uuid.UUID
) -> None:
    city.execute(
        EndPlacement(
            actor=COORDINATOR, case_id=case_id, entry_id=placement_id, ended_on=date(2026, 6, 30), outcome="completed"
        )
    )
    with refused(city, DateInFuture, field="ended_on"):
        correct(city, case_id, placement_id, {"ended_on": date(2026, 12, 31)})
    with refused(city, InvalidInput, field="ended_on"):
        correct(city, case_id, placement_id, {"ended_on": date(2026, 5, 31)})


def test_a_placement_is_ended_by_ending_it_not_by_correcting_it(
    city: Kasane, case_id: uuid.UUID, placement_id: uuid.UUID
) -> None:
    with refused(city, InvalidInput, field="ended_on", match="end_placement"):
        correct(city, case_id, placement_id, {"ended_on": date(2026, 6, 30), "outcome": "completed"})


def test_an_ended_placement_is_not_reopened_by_a_correction(
    city: Kasane, case_id: uuid.UUID, placement_id: uuid.UUID
) -> None:
    city.execute(
        EndPlacement(
            actor=COORDINATOR, case_id=case_id, entry_id=placement_id, ended_on=date(2026, 6, 30), outcome="completed"
        )
    )
    with refused(city, InvalidInput, field="ended_on"):
        correct(city, case_id, placement_id, {"ended_on": None, "outcome": None})


def test_a_placement_start_cannot_be_corrected_past_its_end(
    city: Kasane, case_id: uuid.UUID, placement_id: uuid.UUID
) -> None:
    city.execute(
        EndPlacement(
            actor=COORDINATOR, case_id=case_id, entry_id=placement_id, ended_on=date(2026, 6, 30), outcome="completed"
        )
    )
    with refused(city, InvalidInput, field="ended_on"):
        correct(city, case_id, placement_id, {"occurred_on": date(2026, 7, 1)})
