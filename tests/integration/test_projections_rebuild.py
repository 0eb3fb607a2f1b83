"""Read models built a page at a time equal read models rebuilt from scratch, and never count twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.application import Kasane
from projections.case_list import CaseList
from projections.catalogue import ReadModels
from projections.catch_up import Progress, ProjectionOutdated, Runner
from tests.builders import given_open_case, given_standard_setup
from tests.read_models import table_contents
from tests.scenarios import consult, given_busy_case, move


@pytest.fixture
def city(app: Kasane) -> Kasane:
    given_standard_setup(app)
    return app


def head(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def test_small_incremental_catch_ups_equal_a_rebuild(city: Kasane, read_models: ReadModels) -> None:
    read_models.catch_up()
    for opened_on in (date(2026, 4, 1), date(2026, 5, 11), date(2026, 6, 30)):
        case_id = given_busy_case(city, opened_on)
        read_models.catch_up()
        consult(city, case_id, opened_on + timedelta(days=100))  # a late entry, dated before the closure
        read_models.catch_up()
    given_open_case(city, household_name="田中家")
    read_models.catch_up()
    incremental = table_contents(read_models)

    assert read_models.rebuild() == len(read_models.runners) * head(city)
    assert table_contents(read_models) == incremental
    assert len(incremental["case_list"]) == 4
    assert len(incremental["case_timeline"]) > 60


def test_catch_up_reports_what_it_applied_and_then_has_nothing_to_do(city: Kasane, read_models: ReadModels) -> None:
    given_open_case(city)
    assert read_models.catch_up() == len(read_models.runners) * head(city)
    assert read_models.catch_up() == 0
    statuses = read_models.statuses()
    assert {(s.name, s.position, s.lag, s.outdated) for s in statuses} == {
        (r.name, head(city), 0, False) for r in read_models.runners
    }


def test_status_shows_the_lag_of_a_read_model_behind_the_log(city: Kasane, read_models: ReadModels) -> None:
    read_models.catch_up()
    case_id = given_open_case(city)
    move(city, case_id, "assessment", date(2026, 5, 12))
    assert {s.lag for s in read_models.statuses()} == {2}


def test_catch_up_pages_through_the_log_in_order(city: Kasane, read_models: ReadModels) -> None:
    given_busy_case(city, date(2026, 5, 11))
    runner = read_models.runners[0]
    steps: list[Progress] = []
    runner.catch_up(on_page=steps.append)
    assert [s.processed for s in steps] == [min(7 * (i + 1), head(city)) for i in range(len(steps))]
    assert steps[-1].position == steps[-1].target == head(city)


def test_two_processes_catching_up_at_once_never_apply_a_page_twice(city: Kasane, read_models: ReadModels) -> None:
    given_busy_case(city, date(2026, 5, 11))
    first = read_models.runners[0]
    second = Runner(CaseList(), city, read_models.engine, page_size=5)
    applied_by_second: list[int] = []

    def second_process_overtakes(step: Progress) -> None:
        if not applied_by_second:
            applied_by_second.append(second.catch_up())

    applied_by_first = first.catch_up(on_page=second_process_overtakes)
    assert applied_by_first == 7
    assert applied_by_first + applied_by_second[0] == head(city)
    read_models.catch_up()
    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental


def test_read_model_built_by_another_version_must_be_rebuilt(city: Kasane, read_models: ReadModels) -> None:
    given_open_case(city)
    read_models.catch_up()

    class NextCaseList(CaseList):
        version = CaseList.version + 1

    newer = Runner(NextCaseList(), city, read_models.engine)
    assert newer.status().outdated
    with pytest.raises(ProjectionOutdated, match="kasane projections rebuild"):
        newer.catch_up()
    assert newer.rebuild() == head(city)
    assert newer.catch_up() == 0
