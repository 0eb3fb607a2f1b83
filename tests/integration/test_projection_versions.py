"""A new release's read model is built beside the old one and swapped in when ready: nothing is deleted by hand.

Every test runs on a SQLite file and on PostgreSQL. "Release 2" is a subclass
of a real projection with a higher version, or with a changed table schema.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from typer.testing import CliRunner

from domain.application import Kasane
from domain.case import Case
from projections.cases import tables as case_list_tables
from projections.cases.case_list import CaseList
from projections.cases.queries import list_cases
from projections.engine import positions
from projections.engine.catalogue import ReadModels
from projections.engine.catch_up import Progress, Runner
from projections.engine.versioning import SHADOW_PREFIX
from projections.timeline import CaseTimeline
from tests.builders import given_open_case, given_standard_setup
from tests.read_models import table_contents
from tests.scenarios import given_busy_case
from web.cli.main import cli

PAGE = 7


class NextCaseTimeline(CaseTimeline):
    """Release 2 of the timeline: same tables, a handler whose meaning changed (so the version is bumped)."""

    version = CaseTimeline.version + 1


wider_metadata = sa.MetaData()
for _table in case_list_tables.metadata.sorted_tables:
    _table.to_metadata(wider_metadata)
wider_case_list = wider_metadata.tables["case_list"]
wider_case_list.append_column(sa.Column("household_name_length", sa.Integer))


class WiderCaseList(CaseList):
    """Release 2 of the case list: a new column, and the version bump forgotten (the schema change is noticed)."""

    metadata = wider_metadata

    def apply(self, event: Any, connection: Connection) -> None:
        super().apply(event, connection)
        if isinstance(event, Case.Event):
            row = wider_case_list.c
            connection.execute(
                sa.update(wider_case_list)
                .where(row.case_id == event.originator_id)
                .values(household_name_length=sa.func.length(row.household_name))
            )


def head(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def rows(read_models: ReadModels, table: sa.Table) -> list[tuple[Any, ...]]:
    with read_models.engine.connect() as connection:
        return sorted((tuple(r) for r in connection.execute(sa.select(table))), key=repr)


def stored(read_models: ReadModels, name: str) -> positions.Position:
    with read_models.engine.connect() as connection:
        found = positions.read(connection, name)
    assert found is not None
    return found


def shadows_left(read_models: ReadModels, tmp_path: Path) -> list[str]:
    if read_models.engine.dialect.name == "sqlite":
        return [p.name for p in tmp_path.iterdir() if SHADOW_PREFIX in p.name]
    with read_models.engine.connect() as connection:
        return [s for s in sa.inspect(connection).get_schema_names() if s.startswith(SHADOW_PREFIX)]


def from_scratch(runner: Runner, read_models: ReadModels) -> None:
    """The plain way a never-seen read model is built: forget its position, catch up from the first event."""
    with read_models.engine.begin() as connection:
        connection.execute(sa.delete(positions.positions).where(positions.positions.c.name == runner.name))
    runner.catch_up()


@pytest.fixture(autouse=True)
def no_shadow_left_by_an_earlier_run(read_models: ReadModels) -> None:
    """PostgreSQL tests share one database: a build left by a failed run must not be resumed by the next one."""
    if read_models.engine.dialect.name == "postgresql":
        with read_models.engine.begin() as connection:
            for schema in sa.inspect(connection).get_schema_names():
                if schema.startswith(SHADOW_PREFIX):
                    connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def city(app: Kasane, read_models: ReadModels) -> Kasane:
    given_standard_setup(app)
    for opened_on in (date(2026, 4, 1), date(2026, 6, 30)):
        given_busy_case(app, opened_on)
    read_models.catch_up()
    return app


def test_a_new_version_is_built_beside_the_old_one_and_readers_see_the_old_one_until_the_swap(
    city: Kasane, read_models: ReadModels, tmp_path: Path
) -> None:
    from projections.timeline import case_timeline

    release_1 = rows(read_models, case_timeline)
    release_2 = Runner(NextCaseTimeline(), city, read_models.engine, page_size=PAGE)
    assert release_2.status().outdated
    seen_during_rebuild: list[tuple[int, list[tuple[Any, ...]]]] = []

    def a_reader_meanwhile(step: Progress) -> None:
        seen_during_rebuild.append((stored(read_models, "case_timeline").version, rows(read_models, case_timeline)))

    assert release_2.catch_up(on_page=a_reader_meanwhile) == head(city)  # no manual step: catching up upgrades

    assert len(seen_during_rebuild) == -(-head(city) // PAGE)
    assert all(seen == (CaseTimeline.version, release_1) for seen in seen_during_rebuild)
    assert stored(read_models, "case_timeline").version == NextCaseTimeline.version
    upgraded = rows(read_models, case_timeline)
    from_scratch(release_2, read_models)
    assert rows(read_models, case_timeline) == upgraded == release_1
    assert not release_2.status().outdated
    assert shadows_left(read_models, tmp_path) == []


def test_a_changed_table_schema_is_rebuilt_even_without_a_version_bump(
    city: Kasane, read_models: ReadModels, tmp_path: Path
) -> None:
    before = rows(read_models, case_list_tables.case_list)
    release_2 = Runner(WiderCaseList(), city, read_models.engine, page_size=PAGE)
    assert release_2.status().schema_changed

    def old_rows_still_readable(step: Progress) -> None:
        with read_models.engine.connect() as connection:
            assert len(list_cases(connection)) == len(before)  # the old table, the old columns

    assert release_2.catch_up(on_page=old_rows_still_readable) == head(city)
    after = rows(read_models, wider_case_list)
    assert [r[:-1] for r in after] == before
    assert all(r[-1] == len(r[2]) for r in after)  # the new column, filled by release 2's handler
    from_scratch(release_2, read_models)
    assert rows(read_models, wider_case_list) == after
    assert shadows_left(read_models, tmp_path) == []


def test_an_interrupted_rebuild_keeps_the_old_tables_and_the_next_catch_up_resumes_it(
    city: Kasane, read_models: ReadModels, tmp_path: Path, database_url: str
) -> None:
    from projections.timeline import case_timeline

    release_1 = rows(read_models, case_timeline)
    release_2 = Runner(NextCaseTimeline(), city, read_models.engine, page_size=PAGE)

    class Killed(Exception):
        pass

    def killed_after_three_pages(step: Progress) -> None:
        if step.processed >= 3 * PAGE:
            raise Killed

    with pytest.raises(Killed):
        release_2.catch_up(on_page=killed_after_three_pages)
    assert stored(read_models, "case_timeline").version == CaseTimeline.version
    assert rows(read_models, case_timeline) == release_1
    assert release_2.status().rebuilding
    assert shadows_left(read_models, tmp_path)
    status = CliRunner().invoke(cli, ["projections", "status"], env={"KASANE_DATABASE_URL": database_url})
    assert f"case_timeline\tv{CaseTimeline.version}\t" in status.output and "ok (rebuilding beside)" in status.output

    assert release_2.catch_up() == head(city) - 3 * PAGE  # resumed after the committed pages, nothing twice
    assert rows(read_models, case_timeline) == release_1
    assert stored(read_models, "case_timeline").version == NextCaseTimeline.version
    assert shadows_left(read_models, tmp_path) == []


def test_two_processes_upgrading_at_once_swap_once_and_agree(
    city: Kasane, read_models: ReadModels, tmp_path: Path
) -> None:
    from projections.timeline import case_timeline

    release_1 = rows(read_models, case_timeline)
    web = Runner(NextCaseTimeline(), city, read_models.engine, page_size=PAGE)
    projector = Runner(NextCaseTimeline(), city, read_models.engine, page_size=PAGE)
    overtaken: list[int] = []

    def the_projector_finishes_first(step: Progress) -> None:
        if not overtaken:
            overtaken.append(projector.catch_up())

    web.catch_up(on_page=the_projector_finishes_first)
    assert overtaken == [head(city) - PAGE]  # the projector resumed the web's build after its first page
    assert web.catch_up() == projector.catch_up() == 0
    assert rows(read_models, case_timeline) == release_1
    assert stored(read_models, "case_timeline").version == NextCaseTimeline.version
    assert shadows_left(read_models, tmp_path) == []


def test_events_recorded_during_the_rebuild_reach_the_new_version(city: Kasane, read_models: ReadModels) -> None:
    release_2 = Runner(NextCaseTimeline(), city, read_models.engine, page_size=PAGE)
    recorded: list[object] = []

    def someone_records_a_case(step: Progress) -> None:
        if not recorded:
            recorded.append(given_open_case(city, household_name="途中家"))

    release_2.catch_up(on_page=someone_records_a_case)
    release_2.catch_up()
    assert stored(read_models, "case_timeline").position == head(city)
    with read_models.engine.connect() as connection:
        from projections.cases.queries import timeline

        assert timeline(connection, recorded[0])  # type: ignore[arg-type]


def test_rebuild_command_swaps_too_and_leaves_the_read_models_equal(city: Kasane, read_models: ReadModels) -> None:
    before = table_contents(read_models)
    assert read_models.rebuild() == len(read_models.runners) * head(city)
    assert table_contents(read_models) == before
    assert all(not s.outdated and not s.rebuilding for s in read_models.statuses())


def test_a_positions_table_made_by_an_earlier_release_gains_its_new_column(
    app: Kasane, read_models: ReadModels
) -> None:
    given_standard_setup(app)
    given_open_case(app)
    read_models.catch_up()
    before = table_contents(read_models)
    with read_models.engine.begin() as connection:  # as release 0.1 left it: no fingerprint column
        connection.execute(sa.text("ALTER TABLE projection_positions DROP COLUMN fingerprint"))
    positions._upgraded.clear()  # this process has seen the table with its column before (PostgreSQL: same URL)

    assert read_models.catch_up() == len(read_models.runners) * head(app)  # each rebuilt once, beside the old
    assert all(not s.outdated for s in read_models.statuses())
    assert table_contents(read_models) == before
