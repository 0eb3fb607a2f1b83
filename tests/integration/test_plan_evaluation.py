"""Plans are loaded into the log, and a year's evaluation is entered as events, on both stores."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from domain.actor import Actor
from domain.application import VALUE_OBJECTS, Kasane
from domain.errors import ConcurrentChange, DateInFuture, InvalidInput, NotFound
from domain.evaluation import PlanEvaluation
from domain.evaluation_entries import Review
from domain.master_data_commands import RegisterAgency, RegisterMeetingType
from domain.meeting_type import STANDARD_MEETING_TYPES
from domain.plan import PlanDefinition
from domain.plan_assessment import assess
from domain.plan_commands import (
    ClearMeasureRating,
    ClearProgrammeJudgement,
    JudgeProgramme,
    LoadPlan,
    RateMeasure,
    RecordCommitteeOpinion,
    RecordIndicatorValue,
    SetNextYearPolicy,
    WriteReview,
)
from domain.plan_file import parse_plan
from domain.rating import Outcome, Rating
from web.demo.data import AGENCIES

EXAMPLES = Path(__file__).parents[2] / "examples"
KOMAE = (EXAMPLES / "komae_layered_support_plan.toml").read_text(encoding="utf-8")
ASAKA = (EXAMPLES / "asaka_indicators.toml").read_text(encoding="utf-8")
PLANNER = Actor(user_id="hayashi", role="planner", agency_id="fukushi-seisaku")
ADMIN = Actor(user_id="admin", role="admin", agency_id="fukushi-seisaku")
KOMAE_CODE = "komae-layered-1"
SELF_EVALUATION = date(2026, 5, 20)
"""担当課による自己評価 of FY2025 (令和7年度), the spring after the year ended."""


@pytest.fixture
def city(app: Kasane) -> Kasane:
    for code, name, name_en, agency_type in AGENCIES:
        app.execute(RegisterAgency(actor=ADMIN, code=code, name=name, name_en=name_en, agency_type=agency_type))
    for meeting_type in STANDARD_MEETING_TYPES:
        app.execute(RegisterMeetingType(actor=ADMIN, **meeting_type))  # type: ignore[arg-type]
    app.execute(LoadPlan(actor=PLANNER, source=KOMAE, occurred_on=date(2025, 4, 1)))
    return app


def event_count(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def fy2025(**fields: Any) -> dict[str, Any]:
    return dict(actor=PLANNER, plan_code=KOMAE_CODE, fiscal_year=2025, occurred_on=SELF_EVALUATION, **fields)


def evaluation(app: Kasane, year: int = 2025) -> PlanEvaluation:
    found = app.plan_evaluation(KOMAE_CODE, year)
    assert found is not None
    return found


# ---- plan definitions ------------------------------------------------------------------------


def test_loaded_plan_reads_back_exactly_as_the_file_defines_it(city: Kasane) -> None:
    assert city.plan(KOMAE_CODE) == parse_plan(KOMAE)
    assert [h.event for h in city.history(PlanDefinition.id_for(KOMAE_CODE))] == ["Loaded"]
    assert city.plan_definition(KOMAE_CODE).source == KOMAE.strip()


def test_plan_value_objects_have_distinct_stored_names() -> None:
    names = [cls.__name__ for cls in VALUE_OBJECTS]
    assert len(names) == len(set(names))


def test_reloading_an_unchanged_plan_is_refused_and_writes_nothing(city: Kasane) -> None:
    before = event_count(city)
    with pytest.raises(InvalidInput) as refused:
        city.execute(
            LoadPlan(
                actor=PLANNER, source=KOMAE + "\n# コメントだけ変更\n", occurred_on=date(2025, 5, 1), reason="再読込"
            )
        )
    assert refused.value.field == "source"
    assert event_count(city) == before


def test_reloading_a_changed_plan_records_a_new_version_and_keeps_the_old_one(city: Kasane) -> None:
    revised = KOMAE.replace("targets = { 2025 = 6, 2026 = 8 }", "targets = { 2025 = 6, 2026 = 10 }")
    with pytest.raises(InvalidInput) as refused:
        city.execute(LoadPlan(actor=PLANNER, source=revised, occurred_on=date(2026, 2, 10)))
    assert refused.value.field == "reason"
    city.execute(LoadPlan(actor=PLANNER, source=revised, occurred_on=date(2026, 2, 10), reason="中間見直し"))
    history = city.history(PlanDefinition.id_for(KOMAE_CODE))
    assert [h.event for h in history] == ["Loaded", "Revised"]
    assert history[0].data["plan"].indicator("K6-2").targets[-1].value == Decimal(8)
    assert city.plan(KOMAE_CODE).indicator("K6-2").targets[-1].value == Decimal(10)


def test_plan_naming_an_unknown_agency_is_refused_at_its_rule_path(city: Kasane) -> None:
    broken = KOMAE.replace('agency = "kikan-soudan"', 'agency = "kikan-sodan"')
    with pytest.raises(NotFound) as refused:
        city.execute(LoadPlan(actor=PLANNER, source=broken, occurred_on=date(2025, 4, 1), reason="typo"))
    assert refused.value.field == "measures[3].programmes[1].indicators[0].rule.agency"


def test_asaka_indicators_load_alongside_komae(city: Kasane) -> None:
    city.execute(LoadPlan(actor=PLANNER, source=ASAKA, occurred_on=date(2026, 4, 1)))
    assert len(city.plan("asaka-welfare-2026").indicators()) == 38


# ---- values entered by hand -----------------------------------------------------------------


def test_re_recording_a_manual_value_keeps_the_earlier_one_in_history(city: Kasane) -> None:
    city.execute(RecordIndicatorValue(**fy2025(indicator="K5-6", value=15, note="全員修了")))
    city.execute(RecordIndicatorValue(**fy2025(indicator="K5-6", value=14, note="1名は次年度に修了")))
    assert evaluation(city).values == {"K5-6": Decimal(14)}
    history = city.history(PlanEvaluation.id_for(KOMAE_CODE, 2025))
    assert [h.event for h in history] == ["Started", "IndicatorValueRecorded", "IndicatorValueRecorded"]
    assert [h.data.get("value") for h in history[1:]] == [Decimal(15), Decimal(14)]
    assert history[1].actor == PLANNER and history[1].occurred_on == SELF_EVALUATION


def test_milestone_value_is_one_of_its_statuses(city: Kasane) -> None:
    city.execute(RecordIndicatorValue(**fy2025(indicator="K3-2", value="導入検討")))
    with pytest.raises(InvalidInput) as refused:
        city.execute(RecordIndicatorValue(**fy2025(indicator="K3-2", value="完了")))
    assert refused.value.field == "value"
    assert evaluation(city).values["K3-2"] == "導入検討"


def test_an_indicator_counted_from_the_log_takes_no_manual_value(city: Kasane) -> None:
    before = event_count(city)
    with pytest.raises(InvalidInput) as refused:
        city.execute(RecordIndicatorValue(**fy2025(indicator="K6-2", value=3)))
    assert refused.value.field == "indicator"
    assert event_count(city) == before
    assert city.plan_evaluation(KOMAE_CODE, 2025) is None


def test_unknown_indicator_is_refused(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        city.execute(RecordIndicatorValue(**fy2025(indicator="K9-9", value=1)))
    assert refused.value.field == "indicator"


@pytest.mark.parametrize("year", [2021, 2027])
def test_a_year_outside_the_plan_period_or_not_begun_is_refused(city: Kasane, year: int) -> None:
    fields = fy2025(indicator="K5-6", value=15) | {"fiscal_year": year}
    with pytest.raises(InvalidInput) as refused:
        city.execute(RecordIndicatorValue(**fields))
    assert refused.value.field == "fiscal_year"


def test_an_entry_dated_in_the_future_is_refused(city: Kasane) -> None:
    with pytest.raises(DateInFuture):
        city.execute(RecordIndicatorValue(**fy2025(indicator="K5-6", value=15) | {"occurred_on": date(2027, 1, 1)}))


def test_a_form_based_on_an_old_version_is_refused(city: Kasane) -> None:
    city.execute(RecordIndicatorValue(**fy2025(indicator="K5-6", value=15)))
    with pytest.raises(ConcurrentChange):
        city.execute(RecordIndicatorValue(**fy2025(indicator="K5-6", value=16, expected_version=1)))


# ---- judgements, texts and ratings --------------------------------------------------------


def test_manual_judgement_turns_measure_6_from_b_to_a_and_clearing_it_restores_b(city: Kasane) -> None:
    """Domain brief §4.6 example 3, with counts the indicator engine would produce."""
    counted = {"K6-1a": Decimal(3), "K6-1b": Decimal(1), "K6-2": Decimal(6), "K6-3a": Decimal(0), "K6-3b": Decimal(0)}

    def measure_6() -> tuple[str | None, Outcome, bool]:
        found = evaluation(city)
        result = assess(city.plan(KOMAE_CODE), 2025, counted=counted, judgements=found.judgements).measures[5]
        layered = result.programmes[2].outcome
        return result.rating.rating, layered.outcome, layered.manual

    city.execute(
        JudgeProgramme(**fy2025(programme="6-3", achieved=True, note="会議体の位置付けについて庁内調整を完了"))
    )
    assert measure_6() == (Rating.A, Outcome.ACHIEVED, True)
    city.execute(ClearProgrammeJudgement(**fy2025(programme="6-3", reason="委員会の指摘により数値で評価")))
    assert measure_6() == (Rating.B, Outcome.NOT_ACHIEVED, False)


def test_progress_sheet_texts_policy_and_opinions_are_kept_with_history(city: Kasane) -> None:
    city.execute(
        WriteReview(
            **fy2025(
                measure="7",
                programme="7-1",
                do="市内各所を巡回する形で相談会を行った。",
                check="これまで接点のなかった住民へのアウトリーチを実施できた。",
                act="巡回場所を増やす。",
            )
        )
    )
    city.execute(WriteReview(**fy2025(measure="7", check="アウトリーチの体制強化が必要。")))
    city.execute(SetNextYearPolicy(**fy2025(measure="7", policy="enhance", note="ピアサポーターの活用を検討")))
    opinion_id = uuid.uuid4()
    city.execute(
        RecordCommitteeOpinion(
            **fy2025(
                opinion_id=opinion_id,
                measure="6",
                programme="6-3",
                opinion="合意が得られるケースについて精査をお願いしたい",
                committee="市民福祉推進委員会",
            )
        )
    )
    city.execute(
        RecordCommitteeOpinion(
            **fy2025(
                opinion_id=opinion_id,
                measure="6",
                programme="6-3",
                opinion="合意が得られるケースについて精査をお願いしたい。",
                committee="市民福祉推進委員会",
            )
        )
    )
    found = evaluation(city)
    assert found.reviews[("7", "7-1")] == Review(
        do="市内各所を巡回する形で相談会を行った。",
        check="これまで接点のなかった住民へのアウトリーチを実施できた。",
        act="巡回場所を増やす。",
    )
    assert found.reviews[("7", None)].check == "アウトリーチの体制強化が必要。"
    assert found.policies == {("7", None): "enhance"}
    assert len(found.opinions) == 1 and found.opinions[opinion_id].opinion.endswith("。")
    events = [h.event for h in city.history(found.id)]
    assert events.count("CommitteeOpinionRecorded") == 2


def test_programme_of_another_measure_is_refused(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        city.execute(WriteReview(**fy2025(measure="7", programme="6-1", do="…")))
    assert refused.value.field == "programme"


def test_unknown_next_year_policy_is_refused(city: Kasane) -> None:
    with pytest.raises(InvalidInput) as refused:
        city.execute(SetNextYearPolicy(**fy2025(measure="7", policy="expand")))
    assert refused.value.field == "policy"


def test_manual_rating_overrides_the_measure_until_cleared(city: Kasane) -> None:
    city.execute(RateMeasure(**fy2025(measure="7", rating="B", note="アウトリーチは一定の成果")))
    found = evaluation(city)
    result = assess(city.plan(KOMAE_CODE), 2025, counted={}, manual_ratings=found.manual_ratings).measures[6]
    assert (result.rating.rating, result.rating.manual) == (Rating.B, True)
    city.execute(ClearMeasureRating(**fy2025(measure="7", reason="数値による評価に戻す")))
    assert evaluation(city).manual_ratings == {}
    with pytest.raises(InvalidInput):
        city.execute(RateMeasure(**fy2025(measure="7", rating="S", note="…")))


def test_each_fiscal_year_has_its_own_evaluation(city: Kasane) -> None:
    city.execute(RecordIndicatorValue(**fy2025(indicator="K5-6", value=15)))
    city.execute(
        RecordIndicatorValue(
            **fy2025(indicator="K5-6", value=12) | {"fiscal_year": 2026, "occurred_on": date(2026, 11, 1)}
        )
    )
    assert evaluation(city, 2025).values["K5-6"] == Decimal(15)
    assert evaluation(city, 2026).values["K5-6"] == Decimal(12)
    assert evaluation(city, 2025).id != evaluation(city, 2026).id
