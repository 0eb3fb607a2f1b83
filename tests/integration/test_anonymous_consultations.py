"""Decision 13: anonymous consultations open no case, hold no personal data, and count as consultations."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from domain.anonymous_consultation import AnonymousConsultation
from domain.application import Kasane
from domain.casework_commands import RecordAnonymousConsultation
from domain.errors import DateInFuture, InvalidInput, KasaneError, NotFound
from projections.engine.catalogue import ReadModels
from projections.indicators.engine import year_report
from tests.builders import COORDINATOR, TODAY
from tests.expectations import refused
from tests.plan_scenarios import PLAN_CODE, consult, given_city_with_plan, household, reading


@pytest.fixture
def city(app: Kasane) -> Kasane:
    given_city_with_plan(app)
    return app


def anonymous(app: Kasane, on: date = date(2023, 7, 3), **overrides: Any) -> uuid.UUID:
    fields: dict[str, Any] = dict(
        actor=COORDINATOR,
        consultation_id=uuid.uuid4(),
        occurred_on=on,
        agency="fukushi-soudan",
        channel="phone",
        handler_role="consultation_staff",
        issue_tags=("poverty",),
        topic="personal_worry",
    )
    fields.update(overrides)
    return app.execute(RecordAnonymousConsultation(**fields)).id


def figures(read_models: ReadModels, *codes: str) -> list[int]:
    with reading(read_models) as connection:
        found = year_report(connection, PLAN_CODE, 2023, None).figures
    return [found[code].value for code in codes]


def test_the_planners_consultation_count_includes_anonymous_consultations(
    city: Kasane, read_models: ReadModels
) -> None:
    case_id = household(city, "石井家", date(2023, 5, 1))
    consult(city, case_id, date(2023, 5, 10), "x1")
    assert figures(read_models, "C-TOTAL", "C-DISTINCT", "C-NEW") == [1, 1, 1]
    anonymous(city)
    anonymous(city, channel="window", issue_tags=())
    assert figures(read_models, "C-TOTAL", "C-DISTINCT", "C-NEW") == [3, 1, 1]


def test_an_anonymous_consultation_at_another_agency_is_not_counted_for_this_one(
    city: Kasane, read_models: ReadModels
) -> None:
    anonymous(city, agency="shakyo")
    assert figures(read_models, "C-TOTAL") == [0]


def test_an_anonymous_consultation_holds_only_codes_and_a_date(city: Kasane) -> None:
    consultation_id = anonymous(city)
    consultation: Aggregate = city.repository.get(consultation_id)
    assert isinstance(consultation, AnonymousConsultation)
    (recorded,) = city.history(consultation_id)
    assert set(recorded.data) == {"agency", "channel", "handler_role", "issue_tags", "topic"}
    assert (recorded.data["agency"], recorded.data["topic"]) == ("fukushi-soudan", "personal_worry")


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"channel": "pigeon"}, InvalidInput, "channel"),
        ({"handler_role": "mayor"}, InvalidInput, "handler_role"),
        ({"issue_tags": ("ufo",)}, InvalidInput, "issue_tags"),
        ({"topic": "name_and_address"}, InvalidInput, "topic"),
        ({"agency": "nowhere"}, NotFound, "agency"),
    ],
    ids=["channel", "handler_role", "issue_tags", "topic", "agency"],
)
def test_bad_anonymous_consultations_are_refused_and_write_nothing(
    city: Kasane, overrides: dict[str, Any], error: type[KasaneError], field: str
) -> None:
    with refused(city, error, field=field):
        anonymous(city, **overrides)


def test_an_anonymous_consultation_cannot_be_dated_in_the_future(city: Kasane) -> None:
    with refused(city, DateInFuture, field="occurred_on"):
        anonymous(city, on=date(TODAY.year + 1, 1, 1))
