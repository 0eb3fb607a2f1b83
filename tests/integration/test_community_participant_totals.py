"""Participant numbers of community activities that indicators add up (``total_of``), in SQL and by the rule."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.application import Kasane
from domain.community_commands import CorrectCommunityActivity, RecordCommunityActivity, VoidCommunityActivity
from domain.errors import InvalidInput
from domain.plan_commands import LoadPlan
from domain.plan_file import parse_plan
from projections.engine.catalogue import ReadModels
from projections.indicators.engine import year_report
from tests.builders import ADMIN, CSW, given_standard_setup
from tests.expectations import refused
from tests.rule_reference import reference_figure

PLAN = """
code = "participants-check"
name = "相談会の参加者（検証用）"
period = { from = 2025, to = 2027 }

[[measures]]
code = "5"
name = "地域づくり事業の実施"

[[measures.programmes]]
code = "5-1"
name = "相談会"
department = "社会福祉協議会"

[[measures.programmes.indicators]]
code = "S-SESSIONS"
name_ja = "相談会の実施回数"
unit = "回"
direction = "increase"
counting = "total"
rule = { events = ["community.consultation_session"], agency = "shakyo" }

[[measures.programmes.indicators]]
code = "S-PEOPLE"
name_ja = "相談会の参加者数（延べ）"
unit = "人"
direction = "increase"
counting = "total"
rule = { events = ["community.consultation_session"], agency = "shakyo", total_of = "participants" }

[[measures.programmes.indicators]]
code = "S-CONTACTS"
name_ja = "相談会での相談件数"
unit = "件"
direction = "increase"
counting = "total"
rule = { events = ["community.consultation_session"], total_of = "contacts" }
"""


@pytest.fixture
def city(app: Kasane) -> Kasane:
    given_standard_setup(app)
    app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2025, 4, 1)))
    return app


def session(app: Kasane, on: date, participants: int, contacts: int = 0, agency: str = "shakyo") -> uuid.UUID:
    activity_id = uuid.uuid4()
    app.execute(
        RecordCommunityActivity(
            actor=CSW,
            activity_id=activity_id,
            kind="consultation_session",
            occurred_on=on,
            agency=agency,
            title="出張相談会",
            area="kita",
            participants=participants,
            contacts=contacts,
        )
    )
    return activity_id


def figures(read_models: ReadModels, *codes: str) -> list[int]:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        in_sql = year_report(connection, "participants-check", 2026, None).figures
        indicators = {i.code: i for i in parse_plan(PLAN).indicators()}
        by_rule = [reference_figure(connection, indicators[code], 2026, None) for code in codes]
    assert [in_sql[code].value for code in codes] == by_rule
    return by_rule


def test_participants_are_added_up_and_follow_corrections_and_voids(city: Kasane, read_models: ReadModels) -> None:
    first = session(city, date(2026, 6, 1), 23, contacts=7)
    session(city, date(2026, 9, 1), 10, contacts=2)
    voided = session(city, date(2026, 10, 1), 99)
    session(city, date(2026, 10, 2), 5, agency="jiritsu")
    session(city, date(2025, 10, 2), 40)  # the year before
    assert figures(read_models, "S-SESSIONS", "S-PEOPLE", "S-CONTACTS") == [3, 132, 9]
    city.execute(
        CorrectCommunityActivity(
            actor=CSW, activity_id=first, changes={"participants": 25}, reason="集計誤り", occurred_on=date(2026, 11, 1)
        )
    )
    city.execute(VoidCommunityActivity(actor=CSW, activity_id=voided, reason="二重登録", occurred_on=date(2026, 11, 1)))
    assert figures(read_models, "S-SESSIONS", "S-PEOPLE", "S-CONTACTS") == [2, 35, 9]


BAD_INDICATOR = """
[[measures.programmes.indicators]]
code = "S-BAD"
name_ja = "合計できない指標"
unit = "件"
direction = "increase"
counting = "{counting}"
rule = {rule}
"""


@pytest.mark.parametrize(
    ("rule", "counting"),
    [
        ('{ events = ["case.consultation"], total_of = "participants" }', "total"),
        ('{ events = ["community.training"], total_of = "visitors" }', "total"),
        ('{ events = ["community.training"], total_of = "participants" }', "distinct"),
    ],
    ids=["case-events", "unknown-number", "not-total"],
)
def test_a_plan_that_adds_up_what_cannot_be_added_up_is_refused(city: Kasane, rule: str, counting: str) -> None:
    source = PLAN.replace('"participants-check"', '"participants-bad"') + BAD_INDICATOR.format(
        rule=rule, counting=counting
    )
    with refused(city, InvalidInput, match="total_of"):
        city.execute(LoadPlan(actor=ADMIN, source=source, occurred_on=date(2026, 4, 1)))
