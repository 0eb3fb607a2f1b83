"""Voids and corrections made over HTTP move the planner's figures, and only the figures of now.

A coordinator voids or corrects through the JSON API; the planner's year page
follows; ``kasane report diff --as-of <before>`` names each void or correction
(its notification, case and kind); the report as of a moment before it stays
byte for byte what it was.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.integration.web.conftest import Web
from tests.integration.web.plan_story import FY, YEAR_URL, Story, actual, fiscal_2023
from tests.plan_scenarios import PLAN_CODE, fixed_id
from web.cli.main import cli
from web.storage.settings import Settings

PLANNER, COORDINATOR = "hayashi", "sato"


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI on the web app's store, with the true figures (k=1)."""
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_SUPPRESSION_K", "1")
    return CliRunner()


def report(kasane: CliRunner, kind: str, moment: datetime | None = None, fy: int = FY) -> bytes:
    args = ["report", kind, "--plan", PLAN_CODE, "--fy", str(fy)]
    result = kasane.invoke(cli, args + ([] if moment is None else ["--as-of", moment.isoformat()]))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def planner_sees(web: Web, code: str, fy: int = FY) -> str:
    web.login(PLANNER)
    page = web.client.get(YEAR_URL.replace(f"fy={FY}", f"fy={fy}"))
    assert page.status_code == 200
    return actual(page.text, code)


def changes_of(diff: bytes, code: str) -> list[tuple[Any, ...]]:
    found = {i["code"]: i for i in json.loads(diff)["indicators"]}[code]
    return [(c["notification_id"], c["change"], c["case_id"], c["kind"]) for c in found["changes"]]


@pytest.fixture
def story(web: Web) -> Story:
    return web.seeded(fiscal_2023)


def test_voiding_a_consultation_over_http_drops_the_planners_count_and_the_diff_names_it(
    web: Web, story: Story, kasane: CliRunner
) -> None:
    assert planner_sees(web, "C-TOTAL") == "3"
    before = report(kasane, "indicators", story.moment)

    web.login(COORDINATOR)
    answer = web.client.post(
        f"/api/cases/{story.ishii}/entries/{fixed_id('x1')}/void", json={"reason": "別世帯の相談を誤って記録した"}
    )
    assert answer.status_code == 200, answer.text

    assert planner_sees(web, "C-TOTAL") == "2"
    assert changes_of(report(kasane, "diff", story.moment), "C-TOTAL") == [
        (answer.json()["notification_id"], "voided", str(story.ishii), "case.consultation")
    ]
    assert report(kasane, "indicators", story.moment) == before


def test_a_corrected_date_moves_a_consultation_into_the_next_fiscal_year(
    web: Web, story: Story, kasane: CliRunner
) -> None:
    assert (planner_sees(web, "C-TOTAL"), planner_sees(web, "C-TOTAL", fy=2024)) == ("3", "1")
    before = report(kasane, "indicators", story.moment)

    web.login(COORDINATOR)
    answer = web.client.post(
        f"/api/cases/{story.okada}/entries/{fixed_id('y1')}/correct",
        json={"changes": {"occurred_on": "2024-04-05"}, "reason": "相談日の入力誤り"},
    )
    assert answer.status_code == 200, answer.text

    assert (planner_sees(web, "C-TOTAL"), planner_sees(web, "C-TOTAL", fy=2024)) == ("2", "2")
    assert changes_of(report(kasane, "diff", story.moment), "C-TOTAL") == [
        (answer.json()["notification_id"], "corrected", str(story.okada), "case.consultation")
    ]
    assert report(kasane, "indicators", story.moment) == before


def test_voiding_a_meeting_record_over_http_drops_the_meetings_held(web: Web, story: Story, kasane: CliRunner) -> None:
    assert planner_sees(web, "K6-2") == "1"
    before = report(kasane, "indicators", story.moment)

    web.login(COORDINATOR)
    written_before = web.events()
    answer = web.client.post(
        f"/api/meetings/{fixed_id('support-1')}/void", json={"reason": "別の会議として二重に記録した"}
    )
    assert answer.status_code == 200, answer.text

    assert planner_sees(web, "K6-2") == "0"
    # the meeting and its cases are saved together: the meeting's void is one of the notifications written
    [(notification_id, change, case_id, kind)] = changes_of(report(kasane, "diff", story.moment), "K6-2")
    assert written_before < notification_id <= answer.json()["notification_id"]
    assert (change, case_id, kind) == ("voided", None, "meeting.held")
    assert report(kasane, "indicators", story.moment) == before
