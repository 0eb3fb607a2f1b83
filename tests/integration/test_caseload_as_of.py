"""The caseload at a past moment equals a replay of the log up to that moment, as known then.

The reference is a plain-Python fold of the stored events (status, coordinator, lead agency, area, next
review) written here, apart from the read model; it is checked at the write moment of every event, so each
step of the story (and each late change) is a moment asked about.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from domain.casework_commands import AcceptTransfer, RequestTransfer
from domain.commands import CloseCase, ReopenCase
from domain.fiscal_year import FiscalYear
from domain.master_data_commands import RegisterUser
from projections.cases.caseload_as_of import CaseloadAsOf, caseload_as_of, caseload_by_month, month_ends
from projections.engine.catalogue import ReadModels
from projections.reports.labels import JST
from tests.builders import ADMIN, COORDINATOR, given_open_case, given_standard_setup
from tests.scenarios import adopt_plan, move
from tests.write_moments import decoded
from web.cli.main import cli
from web.storage.settings import Settings

SHAKYO_HEAD = ADMIN.__class__(user_id="yamamoto", role="supervisor", agency_id="shakyo")


def replayed(app: Kasane, moment: datetime) -> dict[UUID, dict[str, Any]]:
    """Each case's state folded from its events written by ``moment`` (the reference the read model must equal)."""
    cases: dict[UUID, dict[str, Any]] = {}
    transfers: dict[UUID, str] = {}
    for notification in app.recorder.select_notifications(start=1, limit=100_000):
        event = decoded(app, notification)
        if event.timestamp > moment or not notification.topic.startswith("domain.case:Case."):
            continue
        kind, data = type(event).__name__, vars(event)
        state = cases.setdefault(event.originator_id, {})
        if kind == "Opened":
            state.update(status="intake", coordinator=data["coordinator"], lead=data["lead_agency"], review=None)
            state["area"] = data["area"]
        elif kind == "StatusChanged":
            state["status"] = str(data["to_status"])
        elif kind == "Closed":
            state["status"] = "closed"
        elif kind == "Reopened":
            state["status"] = "intake"
        elif kind in ("PlanMade", "PlanRevised"):
            state["review"] = data["plan"].review_due_on
        elif kind in ("PlanReviewed", "PlanVoided"):
            state["review"] = data["next_review_due_on"]
        elif kind == "Assigned":
            state.update(coordinator=data["coordinator"], lead=data["lead_agency"])
        elif kind == "TransferRequested":
            transfers[data["transfer"].transfer_id] = data["transfer"].to_agency
        elif kind == "TransferAccepted":
            state.update(coordinator=data["coordinator"], lead=transfers[data["transfer_id"]])
    return cases


def expected(app: Kasane, moment: datetime) -> dict[str, Any]:
    cases = replayed(app, moment).values()
    day = moment.astimezone(JST).date()
    open_cases = [c for c in cases if c["status"] != "closed"]
    return {
        "by_status": dict(sorted(Counter(c["status"] for c in cases).items())),
        "by_coordinator": dict(sorted(Counter(c["coordinator"] for c in open_cases).items())),
        "by_lead_agency": dict(sorted(Counter(c["lead"] for c in open_cases).items())),
        "by_area": dict(sorted(Counter(c["area"] for c in open_cases).items())),
        "overdue_reviews": sum(1 for c in open_cases if c["review"] is not None and c["review"] < day),
    }


def figures(caseload: CaseloadAsOf) -> dict[str, Any]:
    names = ("by_status", "by_coordinator", "by_lead_agency", "by_area", "overdue_reviews")
    return {name: getattr(caseload, name) for name in names}


def write_moments(app: Kasane) -> list[datetime]:
    return [decoded(app, n).timestamp for n in app.recorder.select_notifications(start=1, limit=100_000)]


class Story:
    """Three households through intake, assessment and planning; one planned, one closed and reopened, one moved."""

    def __init__(self, app: Kasane) -> None:
        given_standard_setup(app)
        app.execute(RegisterUser(actor=ADMIN, username="yamamoto", name="山本 恵", role="coordinator", agency="shakyo"))
        self.a = given_open_case(app, opened_on=date(2026, 5, 11))
        self.b = given_open_case(app, opened_on=date(2026, 6, 1), household_name="田中家", area="minami")
        move(app, self.a, "assessment", date(2026, 5, 20))
        move(app, self.a, "planning", date(2026, 6, 3))
        move(app, self.b, "assessment", date(2026, 6, 10))
        self.c = given_open_case(app, opened_on=date(2026, 7, 1), household_name="小林家")
        app.execute(CloseCase(actor=COORDINATOR, case_id=self.c, reason="resolved", occurred_on=date(2026, 7, 20)))
        adopt_plan(app, self.a, date(2026, 7, 1), date(2026, 10, 1))
        move(app, self.b, "planning", date(2026, 7, 3))
        transfer = uuid.uuid4()
        app.execute(
            RequestTransfer(
                actor=COORDINATOR,
                case_id=self.b,
                transfer_id=transfer,
                to_agency="shakyo",
                reason="就労支援が中心",
                occurred_on=date(2026, 8, 1),
            )
        )
        app.execute(
            AcceptTransfer(
                actor=SHAKYO_HEAD,
                case_id=self.b,
                transfer_id=transfer,
                coordinator="yamamoto",
                note="",
                occurred_on=date(2026, 8, 2),
            )
        )
        app.execute(ReopenCase(actor=COORDINATOR, case_id=self.c, reason="再度の相談", occurred_on=date(2026, 9, 1)))


@pytest.fixture
def story(app: Kasane) -> Story:
    return Story(app)


def test_the_caseload_at_every_past_moment_equals_the_log_replayed_up_to_it(
    app: Kasane, story: Story, read_models: ReadModels
) -> None:
    read_models.catch_up()
    moments = write_moments(app)
    with read_models.engine.connect() as connection:
        for moment in [moments[0] - timedelta(seconds=1), *moments]:
            assert figures(caseload_as_of(connection, moment, JST)) == expected(app, moment), moment
        now = caseload_as_of(connection, moments[-1], JST)
    assert now.by_status == {"in_support": 1, "intake": 1, "planning": 1}
    assert (now.open_cases, now.waiting_for_plan, now.backlog, now.overdue_reviews) == (3, 1, 2, 1)
    assert now.by_lead_agency == {"fukushi-soudan": 2, "shakyo": 1}


def test_events_written_after_the_moment_do_not_change_what_it_shows(
    app: Kasane, story: Story, read_models: ReadModels
) -> None:
    read_models.catch_up()
    moment = write_moments(app)[-1]
    with read_models.engine.connect() as connection:
        before = caseload_as_of(connection, moment, JST)
    move(app, story.b, "in_support", date(2026, 9, 2))
    app.execute(CloseCase(actor=COORDINATOR, case_id=story.a, reason="resolved", occurred_on=date(2026, 9, 3)))
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        assert caseload_as_of(connection, moment, JST) == before
        later = caseload_as_of(connection, write_moments(app)[-1], JST)
    assert figures(later) == expected(app, write_moments(app)[-1])
    assert later.waiting_for_plan == 0


def test_a_supervisor_sees_the_past_of_the_cases_her_agency_may_see(
    app: Kasane, story: Story, read_models: ReadModels
) -> None:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        seen = caseload_as_of(connection, write_moments(app)[-1], JST, visible_to=("houkatsu-kita", "kimura"))
    assert (seen.by_status, seen.open_cases) == ({}, 0)


def test_month_ends_of_a_year_are_the_last_instants_of_each_month_in_japan_time() -> None:
    ends = month_ends(FiscalYear(2024), JST, datetime(2026, 1, 1, tzinfo=UTC))
    assert len(ends) == 12
    assert ends[0] == datetime(2024, 5, 1, tzinfo=JST) - timedelta(microseconds=1)
    assert ends[-1] == datetime(2025, 4, 1, tzinfo=JST) - timedelta(microseconds=1)
    assert len(month_ends(FiscalYear(2024), JST, datetime(2024, 6, 15, tzinfo=JST))) == 2


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_SUPPRESSION_K", "1")
    return CliRunner()


def test_the_command_answers_for_a_moment_and_for_each_month_end(
    app: Kasane, story: Story, read_models: ReadModels, kasane: CliRunner
) -> None:
    moment = write_moments(app)[-1]
    result = kasane.invoke(cli, ["report", "caseload", "--as-of", moment.isoformat()])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["by_status"] == expected(app, moment)["by_status"]
    assert (answer["open_cases"], answer["waiting_for_plan"], answer["overdue_reviews"]) == (3, 1, 1)

    result = kasane.invoke(cli, ["report", "caseload", "--by", "month", "--fy", "2026"])
    assert result.exit_code == 0, result.output
    months = json.loads(result.stdout)["months"]
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        reference = caseload_by_month(connection, FiscalYear(2026), JST, datetime.now(UTC))
    assert [m["as_of"] for m in months] == [m.moment.isoformat() for m in reference]
    for month in reference:
        assert figures(month) == expected(app, month.moment)


def test_the_command_refuses_a_moment_it_cannot_read_and_a_month_report_without_a_year(kasane: CliRunner) -> None:
    for args in (["--as-of", "31 March"], ["--by", "month"], []):
        result = kasane.invoke(cli, ["report", "caseload", *args])
        assert result.exit_code == 2
        assert "エラー / error" in result.stderr
