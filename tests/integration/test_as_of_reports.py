"""Reports as of a past moment reproduce exactly what was known then; diff and provenance explain the figures.

Run through `kasane report …` on both stores, as a planner would.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from domain.plan_commands import LoadPlan, RecordIndicatorValue
from domain.use_cases import Recorded
from projections.reports.labels import JST
from tests.builders import ADMIN
from tests.plan_scenarios import PLAN, PLAN_CODE, consult, correct, given_city_with_plan, household, meeting, void
from tests.write_moments import last_write, written_at
from web.cli.main import cli
from web.storage.settings import Settings

FY = ("--plan", PLAN_CODE, "--fy", "2023")


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI on this store, with k=1: these tests check the true figures (suppression: test_report_suppression)."""
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_SUPPRESSION_K", "1")
    return CliRunner()


def run(kasane: CliRunner, *args: str) -> bytes:
    result = kasane.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def as_json(data: bytes) -> Any:
    return json.loads(data)


def enter_status(app: Kasane, status: str, on: date) -> Recorded:
    return app.execute(
        RecordIndicatorValue(
            actor=ADMIN,
            plan_code=PLAN_CODE,
            fiscal_year=2023,
            occurred_on=on,
            indicator="M3",
            value=status,
            note="担当課の自己評価",
        )
    )


class Story:
    """FY2023 as recorded by the self-evaluation in May 2024, then what came in after moment T."""

    def __init__(self, app: Kasane) -> None:
        given_city_with_plan(app)
        self.x, self.y = household(app, "石井家", date(2023, 4, 3)), household(app, "岡田家", date(2023, 6, 1))
        self.x1 = consult(app, self.x, date(2023, 5, 10), "x1")
        self.x2 = consult(app, self.x, date(2023, 9, 1), "x2")
        self.y1 = consult(app, self.y, date(2023, 6, 2), "y1")
        meeting(app, "support-1", "support", date(2023, 7, 10), (self.x,))
        self.first_status = enter_status(app, "調査研究", date(2024, 5, 20))
        self.moment = last_write(app)

    def later(self, app: Kasane) -> None:
        self.late = consult(app, self.y, date(2023, 12, 1), "y2")
        self.voided = void(app, self.x, "x1", date(2024, 6, 3))
        self.corrected = correct(app, self.x, "x2", date(2024, 6, 3), agency="shakyo")
        self.second_status = enter_status(app, "導入検討", date(2024, 6, 10))
        app.execute(
            LoadPlan(
                actor=ADMIN,
                source=PLAN.replace("targets = { 2023 = 3 }", "targets = { 2023 = 2 }"),
                occurred_on=date(2024, 6, 20),
                reason="中間見直し",
            )
        )


@pytest.fixture
def story(app: Kasane) -> Story:
    return Story(app)


def at(moment: datetime) -> tuple[str, str]:
    return ("--as-of", moment.isoformat())


def test_report_as_of_a_moment_stays_byte_identical_after_late_entries_voids_and_corrections(
    app: Kasane, story: Story, kasane: CliRunner
) -> None:
    then = run(kasane, "report", "indicators", *FY, *at(story.moment))
    current_then = run(kasane, "report", "indicators", *FY)
    story.later(app)
    assert written_at(app, story.late.notification_id) > story.moment

    assert run(kasane, "report", "indicators", *FY, *at(story.moment)) == then
    current_now = run(kasane, "report", "indicators", *FY)
    assert current_now != current_then
    # the same figures; only the report "now" says whether the year is 案 or 確定 (an as-of report is the record as
    # it stood, so a 確定 document re-made later stays byte-identical)
    assert as_json(current_then).pop("finalization") == {"status": "draft", "status_ja": "案"}
    assert {**as_json(current_then), "as_of": None, "finalization": None} == {
        **as_json(then),
        "as_of": None,
        "finalization": None,
    }
    for fmt in ("csv", "xlsx"):
        assert run(kasane, "report", "indicators", *FY, *at(story.moment), "--format", fmt) != run(
            kasane, "report", "indicators", *FY, "--format", fmt
        )


def test_report_as_of_uses_the_plan_and_the_entries_as_they_were_then(
    app: Kasane, story: Story, kasane: CliRunner
) -> None:
    story.later(app)
    then, now = (as_json(run(kasane, "report", "indicators", *FY, *args)) for args in (at(story.moment), ()))
    assert (then["plan"]["revision"], now["plan"]["revision"]) == (1, 2)
    by_code = [{i["code"]: i for i in report["indicators"]} for report in (then, now)]
    assert [found["C-TOTAL"]["target"] for found in by_code] == ["3", "2"]
    assert [found["C-TOTAL"]["actual"] for found in by_code] == ["3", "2"]
    assert [found["M3"]["actual"] for found in by_code] == ["調査研究", "導入検討"]
    assert then["fiscal_year"] == {"year": 2023, "label": "FY2023", "label_ja": "令和5年度"}


def test_diff_lists_exactly_the_events_that_changed_each_figure(app: Kasane, story: Story, kasane: CliRunner) -> None:
    story.later(app)
    diff = as_json(run(kasane, "report", "diff", *FY, *at(story.moment)))
    indicators = {i["code"]: i for i in diff["indicators"]}
    assert set(indicators) == {"C-TOTAL", "C-DISTINCT", "C-NEW", "C-CY", "M3"}
    total = indicators["C-TOTAL"]
    assert (total["before"], total["after"]) == ("3", "2")
    assert [(c["notification_id"], c["change"], c["case_id"], c["kind"]) for c in total["changes"]] == [
        (story.late.notification_id, "recorded", str(story.y), "case.consultation"),
        (story.voided.notification_id, "voided", str(story.x), "case.consultation"),
        (story.corrected.notification_id, "corrected", str(story.x), "case.consultation"),
    ]
    corrected = total["changes"][2]
    assert corrected["fields"] == ["agency"]
    assert (corrected["before"]["facts"]["agency"], corrected["after"]["facts"]["agency"]) == (
        "fukushi-soudan",
        "shakyo",
    )
    assert (indicators["C-NEW"]["before"], indicators["C-NEW"]["after"]) == ("2", "1")
    assert [(c["notification_id"], c["record"]) for c in indicators["M3"]["changes"]] == [
        (story.second_status.notification_id, "IndicatorValueRecorded")
    ]
    assert [m["code"] for m in diff["measures"]] == ["4"]
    assert [e["record"] for e in diff["entries"]] == ["IndicatorValueRecorded", "Revised"]


def test_provenance_counts_the_events_behind_a_figure_then_and_now(
    app: Kasane, story: Story, kasane: CliRunner
) -> None:
    """The command line has no case scope: it names no case, and counts the events per agency and month."""
    args = ("report", "provenance", *FY, "--indicator", "C-DISTINCT")
    then = run(kasane, *args, *at(story.moment))
    found = as_json(then)
    assert (found["count"], found["cases"], found["events"]) == (2, [], [])
    assert sum(line["events"] for line in found["outside_scope"]) == 3
    story.later(app)
    assert run(kasane, *args, *at(story.moment)) == then
    now = as_json(run(kasane, *args))
    assert (now["count"], now["cases"]) == (1, [])
    assert sum(line["events"] for line in now["outside_scope"]) == 2


def test_provenance_of_an_entered_value_lists_its_entries(app: Kasane, story: Story, kasane: CliRunner) -> None:
    story.later(app)
    args = ("report", "provenance", *FY, "--indicator", "M3")
    then, now = as_json(run(kasane, *args, *at(story.moment))), as_json(run(kasane, *args))
    assert [e["notification_id"] for e in then["events"]] == [story.first_status.notification_id]
    assert [e["payload"]["value"] for e in now["events"]] == ["調査研究", "導入検討"]
    assert now["indicator"]["actual"] == "導入検討"


def test_a_moment_without_an_offset_is_japan_time(app: Kasane, story: Story, kasane: CliRunner) -> None:
    in_japan = story.moment.astimezone(JST).replace(tzinfo=None).isoformat()
    assert run(kasane, "report", "indicators", *FY, "--as-of", in_japan) == run(
        kasane, "report", "indicators", *FY, *at(story.moment)
    )


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2023-04-01T09:00", "had been loaded by"),
        ("yesterday", "is not a moment"),
        ((datetime.now(UTC) + timedelta(days=1)).isoformat(), "in the future"),
    ],
    ids=["before-the-plan", "not-a-moment", "tomorrow"],
)  # stable ids: the parallel workers must collect the same tests
def test_a_moment_when_nothing_was_known_or_that_is_no_moment_is_refused(
    story: Story, kasane: CliRunner, as_of: str, message: str
) -> None:
    result = kasane.invoke(cli, ["report", "indicators", *FY, "--as-of", as_of])
    assert result.exit_code == 2
    assert message in result.stderr
