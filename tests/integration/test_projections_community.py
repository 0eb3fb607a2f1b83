"""Community activities are listed and totalled per fiscal year, as corrected and without voided records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from domain.application import Kasane
from domain.fiscal_year import FiscalYear
from projections.community import queries as community_queries
from projections.community.queries import ActivityTotal, CommunityActivityView
from projections.engine.catalogue import ReadModels
from tests.builders import TODAY
from tests.scenarios import correct_activity, given_community_activity, void_activity

T = TypeVar("T")
FY2026 = FiscalYear(2026)


def read(read_models: ReadModels, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        return query(connection, *args, **kwargs)


def listed(read_models: ReadModels, **filters: Any) -> list[CommunityActivityView]:
    return read(read_models, community_queries.list_community_activities, **filters)


def test_a_recorded_activity_is_listed_with_its_counts(city: Kasane, read_models: ReadModels) -> None:
    activity_id = given_community_activity(city, date(2026, 10, 14), note="これまで接点のなかった住民から相談")
    [shown] = listed(read_models)
    assert shown == CommunityActivityView(
        activity_id=activity_id,
        version=1,
        kind="outreach_session",
        occurred_on=date(2026, 10, 14),
        agency="shakyo",
        area="minami",
        title="南部圏域 巡回相談会",
        participants=12,
        contacts=5,
        audience="jumin",
        note="これまで接点のなかった住民から相談",
        audience_text="",
        corrections=0,
        last_corrected_on=None,
        voided=False,
        void_reason=None,
        voided_on=None,
    )


def test_corrections_replace_the_details_and_are_counted(city: Kasane, read_models: ReadModels) -> None:
    activity_id = given_community_activity(city, date(2026, 10, 14))
    correct_activity(city, activity_id, date(2026, 10, 20), participants=15, area=None)
    correct_activity(city, activity_id, date(2026, 11, 2), occurred_on=date(2026, 10, 15), kind="consultation_session")
    [shown] = listed(read_models)
    assert (shown.kind, shown.occurred_on, shown.participants, shown.area, shown.contacts) == (
        "consultation_session",
        date(2026, 10, 15),
        15,
        None,
        5,
    )
    assert (shown.corrections, shown.last_corrected_on, shown.version) == (2, date(2026, 11, 2), 3)


def test_a_voided_activity_is_listed_only_on_request_and_never_totalled(city: Kasane, read_models: ReadModels) -> None:
    kept = given_community_activity(city, date(2026, 10, 14))
    mistaken = given_community_activity(city, date(2026, 10, 15), participants=30)
    void_activity(city, mistaken, TODAY)
    assert [a.activity_id for a in listed(read_models)] == [kept]
    [struck, _] = listed(read_models, include_voided=True)
    assert (struck.activity_id, struck.voided, struck.void_reason, struck.voided_on) == (
        mistaken,
        True,
        "重複登録",
        TODAY,
    )
    assert read(read_models, community_queries.community_totals, FY2026) == [
        ActivityTotal(kind="outreach_session", activities=1, participants=12, contacts=5)
    ]


def test_activities_by_fiscal_year_kind_and_area(city: Kasane, read_models: ReadModels) -> None:
    march = given_community_activity(
        city,
        date(2026, 3, 31),
        kind="training",
        title="つなぐシート説明会",
        area=None,
        participants=25,
        contacts=0,
        audience="chonai-shokuin",
    )
    april = given_community_activity(city, date(2026, 4, 1))
    north = given_community_activity(
        city,
        date(2026, 9, 3),
        kind="area_assessment",
        title="地域アセスメント",
        area="kita",
        participants=8,
        contacts=0,
    )
    session = given_community_activity(city, date(2026, 11, 1), kind="consultation_session", contacts=7)

    assert [a.activity_id for a in listed(read_models, fiscal_year=FY2026)] == [session, north, april]
    assert [a.activity_id for a in listed(read_models, fiscal_year=FiscalYear(2025))] == [march]
    assert [a.activity_id for a in listed(read_models, area="minami")] == [session, april]
    assert [a.activity_id for a in listed(read_models, kind="area_assessment", area="kita")] == [north]
    assert listed(read_models, agency="jiritsu") == []
    assert read(read_models, community_queries.community_totals, FY2026, area="minami") == [
        ActivityTotal(kind="consultation_session", activities=1, participants=12, contacts=7),
        ActivityTotal(kind="outreach_session", activities=1, participants=12, contacts=5),
    ]
