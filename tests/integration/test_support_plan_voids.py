"""A support plan version adopted by mistake is voided with a reason (domain decision 12).

The version before it is in force again (none when version 1 is voided), the history keeps both, the plan
stops counting as a plan made (K6-1), reports as of a moment before the void do not change, and ``report diff``
names the void. The case's status is left where the plan moved it. Every read model equals a replay.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from domain.commands import AdoptSupportPlan, VoidSupportPlan
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from domain.support_plan import PlanAction
from domain.use_cases import Recorded
from projections.cases import queries
from projections.engine.catalogue import ReadModels
from tests.builders import COORDINATOR, TODAY
from tests.expectations import refused
from tests.plan_scenarios import PLAN_CODE, adopt_plan, given_city_with_plan, household
from tests.read_models import table_contents
from tests.write_moments import last_write
from web.cli.main import cli
from web.storage.settings import Settings

FY = ("--plan", PLAN_CODE, "--fy", "2023")
ADOPTED_ON = date(2023, 7, 10)


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI on this store, with k=1: these tests check the true figures."""
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_SUPPRESSION_K", "1")
    return CliRunner()


@pytest.fixture
def case_id(app: Kasane) -> uuid.UUID:
    given_city_with_plan(app)
    return household(app, "石井家", date(2023, 4, 3))


def report(kasane: CliRunner, *args: str) -> Any:
    result = kasane.invoke(cli, ["report", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout_bytes)


def plans_made(kasane: CliRunner, *as_of: str) -> str:
    found = report(kasane, "indicators", *FY, *as_of)
    return next(i["actual"] for i in found["indicators"] if i["code"] == "K6-1")


def void_plan(
    app: Kasane,
    case_id: uuid.UUID,
    version: object,
    *,
    reason: str = "別世帯のプランを誤って登録した",
    on: date = date(2024, 6, 3),
) -> Recorded:
    return app.execute(
        VoidSupportPlan(
            actor=COORDINATOR,
            case_id=case_id,
            plan_version=version,  # type: ignore[arg-type]
            reason=reason,
            occurred_on=on,
        )
    )


def revise_plan(app: Kasane, case_id: uuid.UUID, on: date) -> Recorded:
    return app.execute(
        AdoptSupportPlan(
            actor=COORDINATOR,
            case_id=case_id,
            plan_type="layered",
            goals=("家計の立て直し", "就労の準備"),
            actions=(PlanAction(description="就労準備支援", agency="jiritsu"),),
            review_due_on=on + timedelta(days=60),
            adopted_on=on,
            reason="就労の意向が出た",
            revises_version=1,
        )
    )


def test_a_voided_plan_stops_counting_as_a_plan_made_and_earlier_reports_keep_it(
    app: Kasane, case_id: uuid.UUID, kasane: CliRunner
) -> None:
    adopt_plan(app, case_id, ADOPTED_ON)
    moment = last_write(app)
    assert plans_made(kasane) == "1"
    voided = void_plan(app, case_id, 1)

    assert plans_made(kasane) == "0"
    assert plans_made(kasane, "--as-of", moment.isoformat()) == "1"
    diff = report(kasane, "diff", *FY, "--as-of", moment.isoformat())
    [k6] = [i for i in diff["indicators"] if i["code"] == "K6-1"]
    assert (k6["before"], k6["after"]) == ("1", "0")
    assert [(c["notification_id"], c["change"], c["kind"]) for c in k6["changes"]] == [
        (voided.notification_id, "voided", "case.plan_made")
    ]


def test_voiding_the_revision_brings_back_the_version_before_it(
    app: Kasane, read_models: ReadModels, case_id: uuid.UUID
) -> None:
    adopt_plan(app, case_id, ADOPTED_ON)
    revise_plan(app, case_id, date(2023, 10, 2))
    status = app.case(case_id).status
    void_plan(app, case_id, 2)

    case = app.case(case_id)
    assert case.current_plan is not None and case.current_plan.version == 1
    assert case.status == status  # not moved back: that is the coordinator's decision
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        detail = queries.case_detail(connection, case_id)
        assert detail is not None and detail.case.plan_version == 1
        rows = [
            (e.event_type, e.voided) for e in queries.timeline(connection, case_id) if e.event_type.startswith("Plan")
        ]
    assert rows == [("PlanMade", False), ("PlanRevised", True), ("PlanVoided", False)]

    revise_plan(app, case_id, date(2023, 11, 1))
    plan = app.case(case_id).current_plan
    assert plan is not None and plan.version == 3  # numbers are never reused
    read_models.catch_up()
    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental


def test_voiding_the_first_version_leaves_the_case_without_a_plan(
    app: Kasane, read_models: ReadModels, case_id: uuid.UUID
) -> None:
    adopt_plan(app, case_id, ADOPTED_ON)
    void_plan(app, case_id, 1)
    assert app.case(case_id).current_plan is None
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        detail = queries.case_detail(connection, case_id)
        assert detail is not None and detail.case.plan_version is None
    adopt_plan(app, case_id, date(2023, 8, 1))
    plan = app.case(case_id).current_plan
    assert plan is not None and plan.version == 2


def test_bad_voids_of_a_plan_are_refused_and_write_nothing(app: Kasane, case_id: uuid.UUID) -> None:
    with refused(app, NotFound, field="plan_version"):
        void_plan(app, case_id, 1)  # no plan yet
    adopt_plan(app, case_id, ADOPTED_ON)
    revise_plan(app, case_id, date(2023, 10, 2))
    with refused(app, InvalidInput, field="reason"):
        void_plan(app, case_id, 2, reason="")
    with refused(app, TransitionNotAllowed, field="plan_version"):
        void_plan(app, case_id, 1)  # only the current version
    with refused(app, NotFound, field="plan_version"):
        void_plan(app, case_id, 7)
    with refused(app, InvalidInput, field="occurred_on"):
        void_plan(app, case_id, 2, on=date(2023, 9, 1))  # before the version was adopted
    with refused(app, InvalidInput, field="occurred_on"):
        void_plan(app, case_id, 2, on=TODAY + timedelta(days=1))
    void_plan(app, case_id, 2)
    with refused(app, NotFound, field="plan_version"):
        void_plan(app, case_id, 2)
