"""Read models built a page at a time equal read models rebuilt from scratch, and never count twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, timedelta
from uuid import UUID

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.commands import (
    AddHouseholdMember,
    AnswerReferral,
    AssignCase,
    Command,
    InvolveAgency,
    ReleaseAgency,
    RemoveHouseholdMember,
    SendReferral,
    TagIssues,
    UpdateHouseholdMember,
)
from domain.erasure import ForgetCase
from domain.household import Member
from domain.master_data_commands import RegisterUser
from domain.meeting import MeetingStatus
from projections.cases.case_list import CaseList
from projections.community.queries import list_community_activities
from projections.engine.catalogue import ReadModels
from projections.engine.catch_up import DEFAULT_PAGE_SIZE, Progress, ProjectionOutdated, Runner
from projections.meetings.queries import meeting_calendar, meeting_detail
from tests.builders import ADMIN, COORDINATOR, TODAY, a_member, given_open_case
from tests.read_models import table_contents
from tests.scenarios import consult, given_busy_case, given_meeting_month, move
from web.demo.generator import load_demo


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


def test_meetings_and_community_work_caught_up_month_by_month_equal_a_rebuild(
    city: Kasane, read_models: ReadModels
) -> None:
    first, second = given_open_case(city), given_open_case(city, household_name="佐々木家")
    for held_on in (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)):
        given_meeting_month(city, first, second, held_on)
        read_models.catch_up()
    incremental = table_contents(read_models)

    read_models.rebuild()
    assert table_contents(read_models) == incremental
    with read_models.engine.connect() as connection:
        meetings = meeting_calendar(connection, date(2026, 4, 1), TODAY)
    assert Counter(m.status for m in meetings) == {"held": 3, "cancelled": 3, "voided": 3}
    assert len(incremental["meeting_discussions"]) == 9
    assert len(incremental["community_activities"]) == 6


def assert_meetings_and_activities_agree_with_aggregates(app: Kasane, read_models: ReadModels) -> None:
    with read_models.engine.connect() as connection:
        for shown in meeting_calendar(connection, date(2000, 1, 1), TODAY + timedelta(days=365)):
            meeting, detail = app.meeting(shown.meeting_id), meeting_detail(connection, shown.meeting_id)
            stands = meeting.status == MeetingStatus.HELD
            assert detail is not None
            assert (shown.version, shown.status, shown.scheduled_on, shown.held_on, shown.is_trial) == (
                meeting.version,
                meeting.status.value,
                meeting.scheduled_on,
                meeting.held_on,
                meeting.is_trial,
            )
            assert (shown.discussed_case_count, shown.open_action_item_count) == (
                len(meeting.discussions) if stands else 0,
                len(meeting.open_action_items) if stands else 0,
            )
            assert {(a.agency, a.role) for a in detail.attendees} == {(a.agency, a.role) for a in meeting.attendees}
            assert {i.item_id: i.done_on for i in detail.action_items} == {
                item_id: meeting.completed_items.get(item_id) for item_id in meeting.action_items
            }
        for activity in list_community_activities(connection, include_voided=True):
            recorded = app.community_activity(activity.activity_id)
            assert (activity.version, activity.voided, activity.void_reason) == (
                recorded.version,
                recorded.voided,
                recorded.void_reason,
            )
            assert {k: getattr(activity, k) for k in asdict(recorded.details)} == asdict(recorded.details)


def test_the_demo_city_built_page_by_page_equals_a_rebuild(app: Kasane, read_models: ReadModels) -> None:
    """Caught up in pages of 7, rebuilt in the pages of a real rebuild (``REBUILD_PAGE_SIZE``): the two sides cut
    the log at different places, and the rebuild is not 130 pages of 7 events for each of nine read models."""
    load_demo(app, seed=2, households=30)
    read_models.catch_up()
    assert_meetings_and_activities_agree_with_aggregates(app, read_models)
    incremental = table_contents(read_models)

    for runner in read_models.runners:
        runner.page_size = DEFAULT_PAGE_SIZE
    read_models.rebuild()
    assert table_contents(read_models) == incremental
    for table in ("case_list", "meeting_list", "meeting_action_items", "community_activities"):
        assert incremental[table], f"the demo should fill {table}"


def test_catch_up_reports_what_it_applied_and_then_has_nothing_to_do(city: Kasane, read_models: ReadModels) -> None:
    given_open_case(city)
    assert read_models.catch_up() == len(read_models.runners) * head(city)
    assert read_models.catch_up() == 0
    statuses = read_models.statuses()
    assert {(s.name, s.position, s.lag, s.outdated) for s in statuses} == {
        (runner.name, head(city), 0, False) for runner in read_models.runners
    }


def test_status_shows_the_lag_of_a_read_model_behind_the_log(city: Kasane, read_models: ReadModels) -> None:
    read_models.catch_up()
    case_id = given_open_case(city)
    move(city, case_id, "assessment", date(2026, 5, 12))
    assert [s.lag for s in read_models.statuses()] == [2] * len(read_models.runners)


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


def test_read_model_built_by_an_older_version_is_rebuilt_and_never_downgraded(
    city: Kasane, read_models: ReadModels
) -> None:
    given_open_case(city)
    read_models.catch_up()

    class NextCaseList(CaseList):
        version = CaseList.version + 1

    newer = Runner(NextCaseList(), city, read_models.engine)
    assert newer.status().outdated
    assert newer.catch_up() == head(city)  # built beside the old tables, then swapped in (test_projection_versions)
    assert newer.catch_up() == 0
    with pytest.raises(ProjectionOutdated, match="upgrade Kasane"):
        read_models.runners[0].catch_up()  # an older release never writes into the newer version's tables


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_tables_a_rebuild_swaps_in_on_postgresql_have_planner_statistics(city: Kasane, read_models: ReadModels) -> None:
    """PostgreSQL plans queries on tables it has never analysed as if they were tiny (one caseload query: 146 ms
    instead of 24 ms at city until ``ANALYZE``); autovacuum gets to them only later, so the swap analyses them."""
    given_busy_case(city, date(2026, 4, 1))
    read_models.rebuild()
    with read_models.engine.connect() as connection:
        never_analysed = (
            connection.exec_driver_sql(
                "SELECT relname FROM pg_class JOIN pg_namespace n ON n.oid = relnamespace"
                " WHERE nspname = current_schema() AND relkind = 'r' AND relname IN ('case_list', 'case_timeline')"
                " AND reltuples < 0"
            )
            .scalars()
            .all()
        )
    assert never_analysed == []


def indexes(read_models: ReadModels) -> dict[str, list[tuple[str, list[str | None], bool]]]:
    """Every read model table's indexes as the database reports them (name, columns, unique)."""
    with read_models.engine.connect() as connection:
        inspector = sa.inspect(connection)
        return {
            table.name: sorted(
                (i["name"] or "", list(i["column_names"]), bool(i["unique"])) for i in inspector.get_indexes(table.name)
            )
            for runner in read_models.runners
            for table in runner.projection.metadata.sorted_tables
        }


def test_a_rebuild_swaps_in_exactly_the_indexes_a_fresh_build_has(city: Kasane, read_models: ReadModels) -> None:
    """A rebuild creates some indexes only after loading the rows (``AFTER_LOAD``); the tables it swaps in must
    still have every index the tables declare, as a read model built from scratch has them."""
    given_busy_case(city, date(2026, 4, 1))
    read_models.catch_up()
    fresh = indexes(read_models)
    declared = {
        table.name: {index.name or "" for index in table.indexes}
        for runner in read_models.runners
        for table in runner.projection.metadata.sorted_tables
    }
    missing = {name: names - {i[0] for i in fresh[name]} for name, names in declared.items()}
    assert {name: names for name, names in missing.items() if names} == {}  # (PostgreSQL adds its unique keys)

    read_models.rebuild()

    assert indexes(read_models) == fresh


def test_cases_opened_and_relinked_within_one_page_of_a_rebuild_equal_them_caught_up_event_by_event(
    city: Kasane, read_models: ReadModels
) -> None:
    """A rebuild inserts the agencies, tags and members of the cases a page opens together, later in the page: the
    first change to one of those tables after a case is opened (each case here has another one) must find the new
    rows there already, in a rebuild's one page as in a catch-up of one event at a time."""
    city.execute(
        RegisterUser(actor=ADMIN, username=ADMIN.user_id, name="田中 管理者", role="admin", agency="fukushi-seisaku")
    )
    read_models.catch_up()
    on, added = date(2026, 6, 1), a_member("関連 次郎", relationship="child")
    first_changes: list[Callable[[UUID, tuple[Member, ...]], list[Command]]] = [
        lambda case, _: [
            AssignCase(actor=COORDINATOR, case_id=case, coordinator="suzuki", lead_agency="shakyo", occurred_on=on)
        ],
        lambda case, _: [InvolveAgency(actor=COORDINATOR, case_id=case, agency="shakyo", occurred_on=on)],
        lambda case, _: [
            ReleaseAgency(actor=COORDINATOR, case_id=case, agency="houkatsu-kita", reason="終了", occurred_on=on)
        ],
        lambda case, _: [TagIssues(actor=COORDINATOR, case_id=case, issue_tags=("poverty",), occurred_on=on)],
        lambda case, members: [
            UpdateHouseholdMember(
                actor=COORDINATOR, case_id=case, member=replace(members[1], name="山田 健一"), occurred_on=on
            )
        ],
        lambda case, members: [
            RemoveHouseholdMember(
                actor=COORDINATOR, case_id=case, member_id=members[1].member_id, reason="転居", occurred_on=on
            )
        ],
        lambda case, _: [
            AddHouseholdMember(actor=COORDINATOR, case_id=case, member=added, occurred_on=on),
            UpdateHouseholdMember(
                actor=COORDINATOR, case_id=case, member=replace(added, name="関連 二郎"), occurred_on=on
            ),
        ],
        lambda case, _: [
            SendReferral(
                actor=COORDINATOR,
                case_id=case,
                referral_id=REFERRAL,
                from_agency="shakyo",
                to_agency="fukushi-soudan",
                reason="就労支援",
                sent_on=on,
            ),
            AnswerReferral(actor=COORDINATOR, case_id=case, referral_id=REFERRAL, accepted=True, answered_on=on),
        ],
        lambda case, _: [ForgetCase(actor=ADMIN, case_id=case, reason="保存期間の経過")],
    ]
    for n, first_change in enumerate(first_changes):
        members = (a_member(), a_member("山田 健", relationship="child", born=date(1985, 9, 30)))
        case_id = given_open_case(city, household_name=f"関連{n}家", members=members, intake_agency="houkatsu-kita")
        read_models.catch_up()
        for command in first_change(case_id, members):
            city.execute(command)
            read_models.catch_up()
    incremental = table_contents(read_models)

    read_models.rebuild()
    assert table_contents(read_models) == incremental
    assert ("fukushi-soudan", "lead") in {(row[1], row[2]) for row in incremental["case_agencies"]}
    assert "山田 健一" in {row[2] for row in incremental["case_members"]}


REFERRAL = UUID("0b0e6ad4-5d2c-4f3e-9a51-3f1a1c4d2e77")
