"""Read models caught up together: each page read once, applied to all in one transaction, each page exactly once.

A read model that joined late (or was caught up on its own) catches up until
it reaches the others; one read model failing leaves none of the page
behind; two processes catching up at once never apply a page twice, and a
catch-up returns only when every read model has reached the log's head.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.application import Kasane
from domain.case import Case
from projections.cases.case_list import CaseList
from projections.engine import positions
from projections.engine.catalogue import ReadModels, all_projections
from projections.engine.catch_up import Runner
from projections.timeline import CaseTimeline
from tests.builders import TODAY, given_open_case
from tests.read_models import table_contents
from tests.scenarios import consult, given_busy_case
from web.storage.bootstrap import build_read_models
from web.storage.settings import Settings, eventsourcing_env

pytestmark = pytest.mark.never_started  # these tests read every stored position: only their read models' may be there


def head(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def stored_positions(read_models: ReadModels) -> dict[str, int]:
    with read_models.engine.connect() as connection:
        return {name: at.position for name, at in positions.read_all(connection).items()}


class TimelineThatBreaks(CaseTimeline):
    """The timeline of a release with a bug: it fails on the first consultation it meets."""

    def apply(self, event: Any, connection: Connection) -> None:
        super().apply(event, connection)
        if isinstance(event, Case.ConsultationRecorded):
            raise RuntimeError("a bug in the timeline")


def test_read_models_at_different_positions_join_up_and_equal_a_rebuild(city: Kasane, read_models: ReadModels) -> None:
    case_id = given_busy_case(city, date(2026, 4, 1))
    Runner(CaseList(), city, read_models.engine, page_size=7).catch_up()  # case_list ahead of every other
    consult(city, case_id, date(2026, 7, 3))
    timeline = read_models.runners[1]
    timeline.catch_up()  # the timeline ahead of case_list now, the rest never run
    given_open_case(city, household_name="田中家")

    read_models.catch_up()

    assert set(stored_positions(read_models).values()) == {head(city)}
    caught_up = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == caught_up


def test_a_read_model_added_later_catches_up_while_the_others_stay_level(
    city: Kasane, settings: Settings, read_models: ReadModels
) -> None:
    given_busy_case(city, date(2026, 4, 1))
    first_release = build_read_models(settings, city, page_size=7, projections=all_projections()[:-1])
    try:
        first_release.catch_up()
    finally:
        first_release.close()
    level = head(city)
    given_open_case(city, household_name="田中家")
    new_events = head(city) - level

    applied = read_models.catch_up()

    newest = read_models.runners[-1].name
    assert applied == head(city) + (len(read_models.runners) - 1) * new_events  # the newcomer replays everything
    assert stored_positions(read_models)[newest] == head(city)
    assert set(stored_positions(read_models).values()) == {head(city)}


def test_one_read_model_failing_mid_page_commits_nothing_of_that_page_for_any(city: Kasane, settings: Settings) -> None:
    case_id = given_open_case(city)
    broken = build_read_models(settings, city, page_size=500, projections=(CaseList(), TimelineThatBreaks()))
    try:
        broken.catch_up()  # both level with the log before the broken page
        before, level = table_contents(broken), head(city)
        consult(city, case_id, date(2026, 7, 3))
        given_open_case(city, household_name="田中家")

        with pytest.raises(RuntimeError, match="a bug in the timeline"):
            broken.catch_up()

        assert table_contents(broken) == before  # case_list applied its part of the page: rolled back with it
        assert set(stored_positions(broken).values()) == {level}
    finally:
        broken.close()


def test_two_processes_catching_up_at_once_apply_each_page_exactly_once(
    city: Kasane, settings: Settings, read_models: ReadModels
) -> None:
    """Each "process" has its own engine (its own connections); both race through the same pages."""
    opened = [given_busy_case(city, date(2026, 4, 1) + timedelta(days=i)) for i in range(3)]
    other = build_read_models(settings, city, page_size=7)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def race(models: ReadModels) -> None:
        try:
            start.wait()
            models.catch_up()
            models.catch_up()
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    try:
        threads = [threading.Thread(target=race, args=(m,)) for m in (read_models, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.close()

    assert errors == []
    assert set(stored_positions(read_models).values()) == {head(city)}
    raced = table_contents(read_models)
    with read_models.engine.connect() as connection:
        listed = connection.execute(sa.select(sa.func.count()).select_from(sa.table("case_list"))).scalar_one()
    assert listed == len(opened)
    read_models.rebuild()
    assert table_contents(read_models) == raced  # nothing applied twice, nothing skipped


def test_a_catch_up_beside_a_projector_returns_only_when_every_read_model_is_level(
    city: Kasane, settings: Settings, read_models: ReadModels
) -> None:
    projector = build_read_models(settings, city, page_size=7)
    stop = threading.Event()
    following = threading.Thread(target=projector.follow, args=(stop,), kwargs={"interval": 0.01})
    following.start()
    try:
        for day in range(4):
            given_busy_case(city, date(2026, 4, 1) + timedelta(days=day))
            target = head(city)
            read_models.catch_up()
            assert min(stored_positions(read_models).values()) >= target
    finally:
        stop.set()
        following.join()
        projector.close()


def test_a_request_finding_every_read_model_level_asks_the_database_once(city: Kasane, read_models: ReadModels) -> None:
    given_open_case(city)
    read_models.catch_up()
    engines = (read_models.engine, city.factory.datastore.engine)  # type: ignore[attr-defined]
    asked: list[str] = []
    for engine in engines:
        sa.event.listen(engine, "before_cursor_execute", lambda _c, _k, statement, *_: asked.append(statement))
        sa.event.listen(engine.pool, "checkout", lambda *_: asked.append("checkout"))

    assert read_models.catch_up_pages() == 0

    assert asked.count("checkout") == 1  # one connection, so one pre-ping on PostgreSQL
    assert len(asked) == 2  # the log's head and every position in one statement
    assert read_models.caught_up_to == head(city)


def test_a_request_applies_its_own_commands_events_without_reading_them_back(
    city: Kasane, read_models: ReadModels
) -> None:
    case_id = given_open_case(city)
    read_models.catch_up()
    consult(city, case_id, date(2026, 6, 1))
    reads = log_reads(city, read_models)

    read_models.catch_up_pages()

    assert reads == []  # main selected the command's events back
    assert_equal_to_a_rebuild(read_models)


def test_a_request_reads_the_log_when_another_process_recorded_events_after_its_command(
    city: Kasane, settings: Settings
) -> None:
    case_id = given_open_case(city)
    other = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    read_models = build_read_models(settings, city)
    try:
        read_models.catch_up()
        consult(city, case_id, date(2026, 6, 1))
        consult(other, case_id, date(2026, 6, 2))
        reads = log_reads(city, read_models)

        read_models.catch_up_pages()

        assert len(reads) == 1  # the page holds the other's event too: read from the log
        assert read_models.caught_up_to == head(city)
        assert_equal_to_a_rebuild(read_models)
    finally:
        read_models.close()
        other.close()


def log_reads(app: Kasane, read_models: ReadModels) -> list[str]:
    """The selects of stored events' state (a page read back) from now on."""
    reads: list[str] = []
    for engine in (read_models.engine, app.factory.datastore.engine):  # type: ignore[attr-defined]
        sa.event.listen(
            engine,
            "before_cursor_execute",
            lambda _c, _k, statement, *_: reads.append(statement) if "kasane_events.state" in statement else None,
        )
    return reads


def assert_equal_to_a_rebuild(read_models: ReadModels) -> None:
    read_models.catch_up()  # the report read models too
    caught_up = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == caught_up
