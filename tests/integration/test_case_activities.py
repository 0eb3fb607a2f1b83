"""Consultations, outreach visits and placements are logged against a case, dated within its life."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.activity import Consultation, OutreachVisit, Placement
from domain.application import Kasane
from domain.commands import CloseCase, EndPlacement, RecordConsultation, RecordOutreachVisit, StartPlacement
from domain.errors import AlreadyExists, DateInFuture, InvalidInput, KasaneError, NotFound, TransitionNotAllowed
from tests.builders import COORDINATOR, CSW, given_open_case, given_standard_setup
from tests.expectations import refused

OPENED = date(2026, 5, 11)


@pytest.fixture
def case_id(city: Kasane) -> uuid.UUID:
    return given_open_case(city, opened_on=OPENED)


def consult(app: Kasane, case_id: uuid.UUID, **overrides: object) -> uuid.UUID:
    fields: dict[str, object] = dict(
        actor=COORDINATOR,
        case_id=case_id,
        entry_id=uuid.uuid4(),
        occurred_on=date(2026, 6, 1),
        agency="fukushi-soudan",
        channel="phone",
        handler_role="consultation_staff",
        requester_type="family",
        is_new=False,
        issue_tags=("hikikomori",),
        summary="長女より電話。長男の様子について",
    )
    fields.update(overrides)
    command = RecordConsultation(**fields)  # type: ignore[arg-type]
    app.execute(command)
    return command.entry_id


def visit(app: Kasane, case_id: uuid.UUID, **overrides: object) -> uuid.UUID:
    fields: dict[str, object] = dict(
        actor=CSW,
        case_id=case_id,
        entry_id=uuid.uuid4(),
        occurred_on=date(2026, 6, 5),
        agency="shakyo",
        visit_kind="accompanied_visit",
        handler_role="csw",
        contact_made=True,
        accompanying_agencies=("houkatsu-kita",),
        note="本人と玄関先で会話",
    )
    fields.update(overrides)
    command = RecordOutreachVisit(**fields)  # type: ignore[arg-type]
    app.execute(command)
    return command.entry_id


def place(app: Kasane, case_id: uuid.UUID, **overrides: object) -> uuid.UUID:
    fields: dict[str, object] = dict(
        actor=CSW,
        case_id=case_id,
        entry_id=uuid.uuid4(),
        started_on=date(2026, 7, 1),
        agency="shakyo",
        resource_type="place_to_belong",
        host_organisation="NPO法人 居場所きた",
        note="週1回",
    )
    fields.update(overrides)
    command = StartPlacement(**fields)  # type: ignore[arg-type]
    app.execute(command)
    return command.entry_id


def end(
    app: Kasane, case_id: uuid.UUID, entry_id: object, *, on: date = date(2026, 9, 30), outcome: str = "moved_on"
) -> None:
    app.execute(
        EndPlacement(
            actor=CSW,
            case_id=case_id,
            entry_id=entry_id,  # type: ignore[arg-type]
            ended_on=on,
            outcome=outcome,
            note="就労体験へ移行",
        )
    )


# ---- consultations ----------------------------------------------------------------


def test_a_consultation_is_logged_on_the_case(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = consult(city, case_id)
    entry = city.case(case_id).entry(entry_id)
    assert entry == Consultation(
        entry_id=entry_id,
        occurred_on=date(2026, 6, 1),
        agency="fukushi-soudan",
        channel="phone",
        handler_role="consultation_staff",
        requester_type="family",
        is_new=False,
        issue_tags=("hikikomori",),
        summary="長女より電話。長男の様子について",
    )
    assert city.case(case_id).live_entries == [entry]


def test_activities_may_be_dated_on_the_day_the_case_opened_and_today(city: Kasane, case_id: uuid.UUID) -> None:
    consult(city, case_id, occurred_on=OPENED)
    consult(city, case_id, occurred_on=date(2026, 11, 20))
    assert len(city.case(case_id).live_entries) == 2


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"occurred_on": date(2026, 5, 10)}, InvalidInput, "occurred_on"),
        ({"occurred_on": date(2026, 11, 21)}, DateInFuture, "occurred_on"),
        ({"channel": "carrier_pigeon"}, InvalidInput, "channel"),
        ({"handler_role": "mayor"}, InvalidInput, "handler_role"),
        ({"requester_type": "stranger"}, InvalidInput, "requester_type"),
        ({"is_new": "yes"}, InvalidInput, "is_new"),
        ({"issue_tags": ("ufo",)}, InvalidInput, "issue_tags"),
        ({"summary": "x" * 4001}, InvalidInput, "summary"),
        ({"agency": "no-such-agency"}, NotFound, "agency"),
    ],
)
def test_invalid_consultations_are_refused(
    city: Kasane, case_id: uuid.UUID, overrides: dict[str, object], error: type[KasaneError], field: str
) -> None:
    with refused(city, error, field=field):
        consult(city, case_id, **overrides)


def test_the_same_entry_cannot_be_recorded_twice(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = consult(city, case_id)
    with refused(city, AlreadyExists, field="entry_id"):
        consult(city, case_id, entry_id=entry_id)
    with refused(city, AlreadyExists, field="entry_id"):
        visit(city, case_id, entry_id=entry_id)


# ---- outreach -------------------------------------------------------------------


def test_an_accompanied_visit_names_the_other_agencies_once(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = visit(city, case_id, accompanying_agencies=("houkatsu-kita", "shakyo", "houkatsu-kita", "jiritsu"))
    entry = city.case(case_id).entry(entry_id)
    assert isinstance(entry, OutreachVisit)
    assert entry.accompanying_agencies == ("houkatsu-kita", "jiritsu")
    assert entry.contact_made is True


def test_a_visit_without_contact_still_counts_as_outreach(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = visit(city, case_id, contact_made=False, visit_kind="home_visit", accompanying_agencies=())
    entry = city.case(case_id).entry(entry_id)
    assert isinstance(entry, OutreachVisit) and not entry.contact_made


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"visit_kind": "drive_by"}, InvalidInput, "visit_kind"),
        ({"contact_made": None}, InvalidInput, "contact_made"),
        ({"accompanying_agencies": ("no-such-agency",)}, NotFound, "accompanying_agencies"),
        ({"accompanying_agencies": "houkatsu-kita"}, InvalidInput, "accompanying_agencies"),
        ({"occurred_on": date(2026, 4, 30)}, InvalidInput, "occurred_on"),
        ({"occurred_on": date(2026, 12, 1)}, DateInFuture, "occurred_on"),
    ],
)
def test_invalid_visits_are_refused(
    city: Kasane, case_id: uuid.UUID, overrides: dict[str, object], error: type[KasaneError], field: str
) -> None:
    with refused(city, error, field=field):
        visit(city, case_id, **overrides)


# ---- placements ---------------------------------------------------------------------


def test_a_placement_starts_and_ends_with_an_outcome(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = place(city, case_id)
    started = city.case(case_id).entry(entry_id)
    assert isinstance(started, Placement)
    assert (started.occurred_on, started.ended_on, started.outcome) == (date(2026, 7, 1), None, None)
    end(city, case_id, entry_id)
    ended = city.case(case_id).entry(entry_id)
    assert isinstance(ended, Placement)
    assert (ended.ended_on, ended.outcome) == (date(2026, 9, 30), "moved_on")
    assert [h.event for h in city.history(case_id)][-2:] == ["PlacementStarted", "PlacementEnded"]


def test_a_placement_may_end_the_day_it_started(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = place(city, case_id, started_on=date(2026, 7, 1))
    end(city, case_id, entry_id, on=date(2026, 7, 1), outcome="dropped_out")


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"started_on": date(2026, 5, 10)}, InvalidInput, "started_on"),
        ({"started_on": date(2026, 11, 21)}, DateInFuture, "started_on"),
        ({"resource_type": "casino"}, InvalidInput, "resource_type"),
        ({"host_organisation": ""}, InvalidInput, "host_organisation"),
        ({"agency": "no-such-agency"}, NotFound, "agency"),
    ],
)
def test_invalid_placements_are_refused(
    city: Kasane, case_id: uuid.UUID, overrides: dict[str, object], error: type[KasaneError], field: str
) -> None:
    with refused(city, error, field=field):
        place(city, case_id, **overrides)


def test_a_placement_cannot_end_before_it_started(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = place(city, case_id, started_on=date(2026, 7, 1))
    with refused(city, InvalidInput, field="ended_on"):
        end(city, case_id, entry_id, on=date(2026, 6, 30))


def test_a_placement_cannot_end_in_the_future(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = place(city, case_id)
    with refused(city, DateInFuture, field="ended_on"):
        end(city, case_id, entry_id, on=date(2026, 11, 21))


def test_a_placement_ends_once(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = place(city, case_id)
    end(city, case_id, entry_id)
    with refused(city, TransitionNotAllowed, field="entry_id"):
        end(city, case_id, entry_id, on=date(2026, 10, 1))


def test_ending_needs_a_known_outcome(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = place(city, case_id)
    with refused(city, InvalidInput, field="outcome"):
        end(city, case_id, entry_id, outcome="vanished")


def test_only_placements_can_be_ended(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = consult(city, case_id)
    with refused(city, InvalidInput, field="entry_id"):
        end(city, case_id, entry_id)
    with refused(city, NotFound, field="entry_id"):
        end(city, case_id, uuid.uuid4())


def test_a_closed_case_starts_no_placement_but_can_end_one(city: Kasane, case_id: uuid.UUID) -> None:
    entry_id = place(city, case_id)
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 8, 1)))
    with refused(city, TransitionNotAllowed, field="status"):
        place(city, case_id, started_on=date(2026, 8, 2))
    end(city, case_id, entry_id, on=date(2026, 8, 1), outcome="completed")


def test_a_closed_case_takes_late_entries_dated_before_closure_but_not_after(app: Kasane) -> None:
    given_standard_setup(app)
    case_id = given_open_case(app)
    app.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 6, 30)))

    def late(on: date) -> RecordConsultation:
        return RecordConsultation(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=uuid.uuid4(),
            occurred_on=on,
            agency="fukushi-soudan",
            channel="phone",
            handler_role="consultation_staff",
            requester_type="self",
            is_new=False,
        )

    app.execute(late(date(2026, 6, 29)))
    before = app.recorder.max_notification_id()
    with pytest.raises(TransitionNotAllowed):
        app.execute(late(date(2026, 7, 1)))
    assert app.recorder.max_notification_id() == before
