"""Indicators counted from the log per fiscal year, and the year judged (domain brief §4.6), on both stores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.application import Kasane
from domain.community_commands import CorrectCommunityActivity, RecordCommunityActivity
from domain.errors import NotFound
from domain.meeting_commands import CancelMeeting, ScheduleMeeting, VoidMeetingRecord
from domain.plan_commands import JudgeProgramme, LoadPlan
from domain.rating import Outcome, Rating
from projections.engine.catalogue import ReadModels
from projections.indicators.counting import counts
from projections.indicators.engine import YearReport, year_report
from tests.builders import ADMIN, COORDINATOR, CSW, given_consent
from tests.plan_scenarios import (
    PLAN_CODE,
    Counted,
    adopt_plan,
    checking_plan,
    consult,
    correct,
    fixed_id,
    given_city_with_plan,
    household,
    liaison,
    meeting,
    reading,
    void,
)
from tests.rule_reference import by_the_rule, valid, versions


@pytest.fixture
def city(app: Kasane) -> Kasane:
    given_city_with_plan(app)
    return app


def report(read_models: ReadModels, year: int = 2023) -> YearReport:
    with reading(read_models) as connection:
        return year_report(connection, PLAN_CODE, year, None)


def figures(read_models: ReadModels, year: int, *codes: str) -> list[int]:
    found = report(read_models, year).figures
    return [found[code].value for code in codes]


def given_three_households(city: Kasane) -> None:
    """X first came in FY2022 and again in FY2023; Y is new in FY2023; Z only in FY2024."""
    x = household(city, "石井家", date(2023, 3, 1))
    consult(city, x, date(2023, 3, 20), "x1")
    consult(city, x, date(2023, 5, 10), "x2")
    consult(city, x, date(2024, 3, 31), "x3")
    y = household(city, "岡田家", date(2023, 6, 1))
    consult(city, y, date(2023, 6, 2), "y1")
    z = household(city, "村上家", date(2024, 3, 1))
    consult(city, z, date(2024, 4, 1), "z1")
    consult(city, z, date(2024, 4, 2), "z2", agency="shakyo")


def test_total_distinct_and_new_count_events_households_and_first_comers(city: Kasane, read_models: ReadModels) -> None:
    given_three_households(city)
    modes = ("C-TOTAL", "C-DISTINCT", "C-NEW")
    assert figures(read_models, 2022, *modes) == [1, 1, 1]
    assert figures(read_models, 2023, *modes) == [3, 2, 1]
    assert figures(read_models, 2024, *modes) == [1, 1, 1]


def test_31_march_counts_in_the_old_fiscal_year_and_1_april_in_the_new(city: Kasane, read_models: ReadModels) -> None:
    given_three_households(city)
    old, new = report(read_models, 2023).figures["C-TOTAL"], report(read_models, 2024).figures["C-TOTAL"]
    assert date(2024, 3, 31) in {fact.occurred_on for _, fact in old.counted}
    assert [fact.occurred_on for _, fact in new.counted] == [date(2024, 4, 1)]


def test_a_calendar_year_indicator_counts_january_to_december(city: Kasane, read_models: ReadModels) -> None:
    given_three_households(city)
    assert figures(read_models, 2023, "C-CY") == [3]
    assert figures(read_models, 2024, "C-CY") == [2]


def test_voided_entries_drop_out_and_corrected_ones_count_as_corrected(city: Kasane, read_models: ReadModels) -> None:
    given_three_households(city)
    x, y = fixed_id("石井家"), fixed_id("岡田家")
    void(city, x, "x2", date(2024, 5, 1))
    correct(city, y, "y1", date(2024, 5, 1), occurred_on=date(2024, 4, 3))
    assert figures(read_models, 2023, "C-TOTAL", "C-DISTINCT", "C-NEW") == [1, 1, 0]
    assert figures(read_models, 2024, "C-TOTAL", "C-DISTINCT", "C-NEW") == [2, 2, 2]


def test_a_correction_moving_an_entry_to_another_agency_takes_it_out_of_that_agencys_count(
    city: Kasane, read_models: ReadModels
) -> None:
    given_three_households(city)
    correct(city, fixed_id("岡田家"), "y1", date(2024, 5, 1), agency="shakyo")
    assert figures(read_models, 2023, "C-TOTAL", "C-DISTINCT", "C-NEW") == [2, 1, 0]
    correct(city, fixed_id("岡田家"), "y1", date(2024, 5, 2), agency="fukushi-soudan")
    assert figures(read_models, 2023, "C-TOTAL", "C-DISTINCT", "C-NEW") == [3, 2, 1]


def given_measure_6_as_in_the_worked_example(city: Kasane) -> None:
    """FY R5: 2 plans made, 3 support meetings held, no layered support meeting (domain brief §4.6 ex. 3)."""
    first, second = household(city, "石井家", date(2023, 4, 3)), household(city, "岡田家", date(2023, 4, 5))
    adopt_plan(city, first, date(2023, 6, 1))
    adopt_plan(city, second, date(2023, 9, 1))
    for name, held_on in (
        ("support-1", date(2023, 7, 10)),
        ("support-2", date(2023, 10, 16)),
        ("support-3", date(2024, 2, 19)),
    ):
        meeting(city, name, "support", held_on, (first, second))


def test_measure_6_with_two_of_three_programmes_achieved_is_rated_b(city: Kasane, read_models: ReadModels) -> None:
    given_measure_6_as_in_the_worked_example(city)
    found = report(read_models)
    assert [found.figures[c].value for c in ("K6-1", "K6-2", "K6-3")] == [2, 3, 0]
    measure = next(m for m in found.assessment.measures if m.code == "6")
    assert [p.outcome.outcome for p in measure.programmes] == [Outcome.ACHIEVED, Outcome.ACHIEVED, Outcome.NOT_ACHIEVED]
    assert (measure.rating.rating, measure.rating.achieved, measure.rating.evaluated) == (Rating.B, 2, 3)


def test_a_manual_achieved_judgement_lifts_measure_6_to_a(city: Kasane, read_models: ReadModels) -> None:
    given_measure_6_as_in_the_worked_example(city)
    city.execute(
        JudgeProgramme(
            actor=ADMIN,
            plan_code=PLAN_CODE,
            fiscal_year=2023,
            occurred_on=date(2024, 5, 20),
            programme="6-3",
            achieved=True,
            note="重層的支援会議として位置付ける会議体について庁内で調整を行った",
        )
    )
    measure = next(m for m in report(read_models).assessment.measures if m.code == "6")
    assert measure.programmes[2].outcome.manual
    assert (measure.rating.rating, measure.rating.achieved) == (Rating.A, 3)


def test_a_voided_meeting_no_longer_counts_and_a_cancelled_one_never_did(city: Kasane, read_models: ReadModels) -> None:
    given_measure_6_as_in_the_worked_example(city)
    city.execute(
        ScheduleMeeting(
            actor=COORDINATOR,
            meeting_id=fixed_id("support-4"),
            meeting_type="support",
            title="3月の会議",
            scheduled_on=date(2024, 3, 18),
            convenor_agency="fukushi-soudan",
        )
    )
    city.execute(
        CancelMeeting(
            actor=COORDINATOR, meeting_id=fixed_id("support-4"), reason="台風のため中止", cancelled_on=date(2024, 3, 15)
        )
    )
    assert figures(read_models, 2023, "K6-2", "A02") == [3, 3]
    city.execute(
        VoidMeetingRecord(
            actor=COORDINATOR, meeting_id=fixed_id("support-2"), reason="別会議の記録", occurred_on=date(2024, 5, 1)
        )
    )
    assert figures(read_models, 2023, "K6-2", "A02") == [2, 2]


def test_layered_meetings_and_liaison_attendance_count_across_event_kinds(
    city: Kasane, read_models: ReadModels
) -> None:
    case_id = household(city, "石井家", date(2023, 4, 3))
    given_consent(city, case_id, on=date(2023, 4, 10))
    meeting(city, "layered-1", "layered", date(2023, 11, 13), (case_id,), attendees=("fukushi-soudan", "jiritsu"))
    liaison(city, "liaison-1", date(2023, 8, 1))
    liaison(city, "liaison-2", date(2024, 4, 1))
    city.execute(
        CorrectCommunityActivity(
            actor=CSW,
            activity_id=fixed_id("liaison-2"),
            changes={"occurred_on": date(2024, 3, 29)},
            reason="日付の誤り",
            occurred_on=date(2024, 5, 1),
        )
    )
    assert figures(read_models, 2023, "K6-3", "A02") == [1, 2]
    assert report(read_models).results()["K6-3"].actual == Decimal(1)


TRAININGS = ("8", "人材の育成"), ("8-1", "研修の実施", "福祉政策課")


def training(city: Kasane, name: str, audience: str, participants: int) -> None:
    city.execute(
        RecordCommunityActivity(
            actor=CSW,
            activity_id=fixed_id(name),
            kind="training",
            occurred_on=date(2026, 6, 10),
            agency="shakyo",
            title="つなぐシート研修",
            participants=participants,
            audience=audience,
        )
    )


def test_trainings_count_by_audience_and_follow_a_corrected_audience(city: Kasane, read_models: ReadModels) -> None:
    """研修会の開催回数 for 民生委員, and the participants of trainings for 民生委員 or 住民 (issue 16)."""
    for_minsei = '{ events = ["community.training"], audience = "minsei-iin" }'
    people = '{ events = ["community.training"], audience = ["minsei-iin", "jumin"], total_of = "participants" }'
    plan = checking_plan(
        "TRAIN",
        "研修の計画",
        Counted(*TRAININGS, "T-MINSEI", "民生委員向け研修会の開催回数", for_minsei, 2, unit="回"),
        Counted(*TRAININGS, "T-PEOPLE", "民生委員・住民向け研修の参加者数", people, 50, unit="人"),
    )
    with pytest.raises(NotFound) as unknown:
        city.execute(LoadPlan(actor=ADMIN, source=plan.replace("jumin", "nobody"), occurred_on=date(2026, 4, 1)))
    assert unknown.value.field is not None and unknown.value.field.endswith("rule.audience")
    city.execute(LoadPlan(actor=ADMIN, source=plan, occurred_on=date(2026, 4, 1)))
    for name, audience, participants in (
        ("t-minsei", "minsei-iin", 20),
        ("t-jumin", "jumin", 30),
        ("t-chonai", "chonai-shokuin", 10),
        ("t-none", "", 5),
    ):
        training(city, name, audience, participants)
    before = city.recorder.max_notification_id()
    with pytest.raises(NotFound) as refused:
        training(city, "t-bad", "nobody", 1)
    assert (refused.value.field, city.recorder.max_notification_id()) == ("audience", before)

    def counted() -> list[int]:
        with reading(read_models) as connection:
            found = year_report(connection, "TRAIN", 2026, None).figures
            indicators = [found[code].indicator for code in ("T-MINSEI", "T-PEOPLE")]
            reference = [by_the_rule(i, valid(versions(connection), None), 2026) for i in indicators]
            by_sql = counts(connection, indicators, 2026, None)
            assert [by_sql[i.code] for i in indicators] == reference
            return [found["T-MINSEI"].value, found["T-PEOPLE"].value]

    assert counted() == [1, 50]
    city.execute(
        CorrectCommunityActivity(
            actor=CSW,
            activity_id=fixed_id("t-chonai"),
            changes={"audience": "minsei-iin"},
            reason="対象者の誤り",
            occurred_on=date(2026, 6, 11),
        )
    )
    assert counted() == [2, 60]
