"""48時間以内の状況確認: marked with a due day two days on, overdue on the caseload after it, gone once recorded."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

from domain.application import Kasane
from domain.casework_commands import MarkUrgentCheck, RecordUrgentCheck
from domain.commands import CloseCase
from domain.errors import DateInFuture, InvalidInput, NotFound, TransitionNotAllowed
from projections.cases.casework_queries import casework_of, open_urgent_checks
from projections.cases.queries import case_detail
from projections.engine.catalogue import ReadModels
from tests.builders import COORDINATOR, TODAY, given_open_case
from tests.expectations import refused


def mark(app: Kasane, case_id: UUID, on: date = date(2026, 11, 17), *, reason: str = "近隣から怒鳴り声の通報") -> UUID:
    check_id = uuid.uuid4()
    app.execute(MarkUrgentCheck(actor=COORDINATOR, case_id=case_id, check_id=check_id, reason=reason, occurred_on=on))
    return check_id


def done(app: Kasane, case_id: UUID, check_id: UUID, on: date = TODAY, note: str = "訪問し安全を確認") -> None:
    app.execute(RecordUrgentCheck(actor=COORDINATOR, case_id=case_id, check_id=check_id, note=note, occurred_on=on))


def test_an_urgent_check_is_due_two_days_after_the_information_came_in(city: Kasane) -> None:
    case_id = given_open_case(city)
    check_id = mark(city, case_id, date(2026, 11, 17))
    assert city.case(case_id).urgent_checks[check_id].due_on == date(2026, 11, 19)


def test_an_overdue_check_shows_on_the_caseload_until_it_is_recorded(city: Kasane, read_models: ReadModels) -> None:
    late, in_time = given_open_case(city), given_open_case(city, household_name="田中家")
    late_check = mark(city, late, date(2026, 11, 17))
    mark(city, in_time, TODAY)
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        shown = open_urgent_checks(connection, TODAY, visible_to=("fukushi-soudan", "sato"))
        assert [(c.household_name, c.overdue) for c in shown] == [("山田家", True), ("田中家", False)]
        assert open_urgent_checks(connection, TODAY, visible_to=("hello-work", "nobody")) == []
        detail = case_detail(connection, late)
        assert detail is not None
        assert casework_of(connection, detail.case, TODAY).urgent_check == shown[0]  # the case page's one statement
    done(city, late, late_check)
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        assert [c.household_name for c in open_urgent_checks(connection, TODAY)] == ["田中家"]
        detail = case_detail(connection, late)
        assert detail is not None and casework_of(connection, detail.case, TODAY).urgent_check is None


def test_one_urgent_check_waits_at_a_time_and_is_recorded_once(city: Kasane) -> None:
    case_id = given_open_case(city)
    check_id = mark(city, case_id)
    with refused(city, TransitionNotAllowed, field="check_id"):
        mark(city, case_id)
    done(city, case_id, check_id)
    with refused(city, TransitionNotAllowed, field="check_id"):
        done(city, case_id, check_id)
    mark(city, case_id, TODAY)  # a new report: a new check


def test_bad_urgent_checks_are_refused_and_write_nothing(city: Kasane) -> None:
    case_id = given_open_case(city)
    with refused(city, InvalidInput, field="reason"):
        mark(city, case_id, reason=" ")
    with refused(city, DateInFuture, field="occurred_on"):
        mark(city, case_id, date(2026, 12, 1))
    with refused(city, NotFound, field="check_id"):
        done(city, case_id, uuid.uuid4())
    check_id = mark(city, case_id, date(2026, 11, 17))
    with refused(city, InvalidInput, field="occurred_on"):
        done(city, case_id, check_id, on=date(2026, 11, 16))
    with refused(city, InvalidInput, field="note"):
        done(city, case_id, check_id, note="")


def test_a_closed_case_gets_no_new_urgent_check(city: Kasane) -> None:
    case_id = given_open_case(city)
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=TODAY))
    with refused(city, TransitionNotAllowed, field="status"):
        mark(city, case_id)
