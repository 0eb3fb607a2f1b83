"""A catch-up killed mid-way resumes from its last committed page without counting anything twice."""

from __future__ import annotations

import select
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from projections.cases.tables import case_list as case_list_table
from projections.engine.catalogue import ReadModels
from projections.engine.positions import positions
from tests.builders import given_standard_setup
from tests.read_models import table_contents
from tests.scenarios import given_busy_case
from web.storage.settings import Settings

ROOT = Path(__file__).resolve().parents[2]

SLOW_CATCH_UP = """
import sys
from web.storage.bootstrap import build_application, build_read_models
from web.storage.settings import Settings

settings = Settings(database_url=sys.argv[1])
app = build_application(settings)
runner = build_read_models(settings, app, page_size=5).runners[0]
apply = runner.projection.apply
committed = []

def apply_until_a_page_is_committed(event, connection):
    if committed:
        sys.stdin.read()  # never answered: the process is killed while it waits here, in the middle of a page
    apply(event, connection)

def report(step):
    committed.append(step.position)
    print(step.position, flush=True)

runner.projection.apply = apply_until_a_page_is_committed
runner.catch_up(on_page=report)
print("finished", flush=True)
"""


def committed_position(read_models: ReadModels, name: str) -> int:
    with read_models.engine.connect() as connection:
        return connection.execute(sa.select(positions.c.position).where(positions.c.name == name)).scalar_one()


def start_slow_catch_up(settings: Settings) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SLOW_CATCH_UP, settings.database_url],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_committed_page(child: subprocess.Popen[str], timeout: float = 60) -> int:
    """Block until the child reports its first committed page (bounded), without sleeping."""
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], timeout)
    if not ready:
        child.kill()
        child.communicate(timeout=30)
        pytest.fail(f"the catch-up process committed nothing in {timeout} s")
    line = child.stdout.readline().strip()
    if not line.isdigit():
        child.kill()
        pytest.fail(f"the catch-up process said {line!r}; stderr: {child.communicate(timeout=30)[1]}")
    return int(line)


def test_catch_up_killed_mid_way_resumes_without_double_counting(
    app: Kasane, settings: Settings, read_models: ReadModels
) -> None:
    given_standard_setup(app)
    for n in range(12):
        given_busy_case(app, date(2026, 4, 1) + timedelta(days=7 * n))
    head = app.recorder.max_notification_id() or 0
    case_list = read_models.runners[0].name

    with start_slow_catch_up(settings) as child:
        reported = first_committed_page(child)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)

    survived = committed_position(read_models, case_list)
    assert 0 < reported <= survived < head, "killed after its first page and long before the end"
    assert read_models.runners[0].catch_up() == head - survived
    read_models.catch_up()
    resumed = table_contents(read_models)
    with read_models.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.sum(case_list_table.c.consultation_count))).scalar() == 12
    read_models.rebuild()
    assert table_contents(read_models) == resumed
