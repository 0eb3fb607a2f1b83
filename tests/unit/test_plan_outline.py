"""Plans as the source documents write them: any depth of headings, printed codes, and each plan's rating scale."""

from __future__ import annotations

import json
from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder

from domain.application_core import VALUE_OBJECTS
from domain.errors import InvalidInput
from domain.plan_assessment import assess
from domain.plan_file import parse_plan
from domain.rating import Outcome, ProgrammeOutcome, measure_rating
from domain.rating_scale import STATUS_WORDS, RatingScale, ScaleKind
from domain.transcodings import register_value_objects

FOUR_LEVELS = """
code = "kiyose-mini"
name = "清瀬市地域福祉計画（抜粋）"
period = { from = 2018, to = 2026 }
levels = ["基本方針", "施策の柱", "方向性", "取り組み"]
rating = { scale = "grades", definitions = { A = "目標を達成", B = "一定の成果", C = "成果不十分", D = "未実施" } }

[[headings]]
code = "p1"
label = "1"
name = "人を育てる"

[[headings]]
code = "p1-1"
label = "1"
name = "支え合い・助け合いの心を育む"
parent = "p1"

[[headings]]
code = "p1-1-1"
label = "【1】"
name = "福祉教育の推進"
parent = "p1-1"

[[measures]]
code = "a1"
label = "1"
heading = "p1-1-1"
name = "福祉の理解、ボランティア学習の推進"
"""


def with_rating(rating: str) -> str:
    return FOUR_LEVELS.replace(FOUR_LEVELS.splitlines()[5], rating)


def refused(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as error:
        parse_plan(text)
    return error.value


def test_four_levels_print_the_code_of_every_level_and_keep_the_level_names() -> None:
    plan = parse_plan(FOUR_LEVELS)
    measure = plan.measure("a1")
    assert plan.display_code(measure) == "1-1-【1】-1"
    assert [h.name for h in plan.headings_of(measure)] == [
        "人を育てる",
        "支え合い・助け合いの心を育む",
        "福祉教育の推進",
    ]
    assert plan.levels == ("基本方針", "施策の柱", "方向性", "取り組み")


def test_a_flat_plan_shows_its_codes_and_rates_by_komae_share() -> None:
    plan = parse_plan(FOUR_LEVELS.split("[[headings]]")[0].replace(FOUR_LEVELS.splitlines()[5], "") + MEASURE)
    assert plan.display_code(plan.measure("m1")) == "m1"
    assert plan.scale == RatingScale() and plan.scale.computed


MEASURE = '\n[[measures]]\ncode = "m1"\nname = "施策"\n'


def test_a_fifth_level_is_refused_at_the_key_that_adds_it() -> None:
    text = FOUR_LEVELS.replace('heading = "p1-1-1"', 'heading = "p1-1-1-1"').replace(
        "[[measures]]", '[[headings]]\ncode = "p1-1-1-1"\nname = "五段目"\nparent = "p1-1-1"\n\n[[measures]]'
    )
    assert refused(text).field == "headings[3].parent"


def test_a_heading_must_be_defined_before_it_is_named() -> None:
    assert refused(FOUR_LEVELS.replace('heading = "p1-1-1"', 'heading = "p9"')).field == "measures[0].heading"


def test_a_grades_scale_needs_the_plans_own_definitions() -> None:
    assert refused(with_rating('rating = { scale = "grades" }')).field == "rating.definitions"
    assert refused(with_rating('rating = { scale = "grades", definitions = { S = "x" } }')).field == (
        "rating.definitions.S"
    )


def test_a_status_scale_has_toyotas_four_words_unless_the_plan_lists_its_own() -> None:
    plan = parse_plan(with_rating('rating = { scale = "status" }'))
    assert plan.scale.codes() == STATUS_WORDS and not plan.scale.computed
    own = parse_plan(with_rating('rating = { scale = "status", words = ["達成", "順調", "遅れ"] }'))
    assert own.scale.codes() == ("達成", "順調", "遅れ")
    assert refused(with_rating('rating = { scale = "status", words = ["順調", "順調"] }')).field == "rating.words"


def test_a_hand_given_grade_is_shown_and_nothing_is_computed_on_a_grades_scale() -> None:
    plan = parse_plan(FOUR_LEVELS)
    assessment = assess(plan, 2024, counted={}, manual_ratings={"a1": "C"})
    assert assessment.summary() == {"A": [], "B": [], "C": ["a1"], "D": []}
    assert assess(plan, 2024, counted={}).summary() == {"A": [], "B": [], "C": [], "D": [], None: ["a1"]}
    assert plan.scale.definition("A") == "目標を達成"


def test_only_the_scales_words_are_ratings() -> None:
    scale = RatingScale(
        kind=ScaleKind.STATUS.value, grades=parse_plan(with_rating('rating = { scale = "status" }')).scale.grades
    )
    assert scale.check("一部遅れ", "rating") == "一部遅れ"
    with pytest.raises(InvalidInput) as error:
        scale.check("A", "rating")
    assert error.value.field == "rating" and "順調" in str(error.value)


def test_a_single_programme_measure_can_only_be_c_by_hand_on_the_komae_scale() -> None:
    missed = [ProgrammeOutcome(Outcome.NOT_ACHIEVED)]
    assert measure_rating(missed).rating == "D"
    rated = measure_rating(missed, manual="C")
    assert (rated.rating, rated.computed, rated.manual) == ("C", "D", True)


def test_a_plan_stored_before_headings_and_scales_reads_back_flat_and_komae_rated() -> None:
    """Events written before these fields existed lack their keys: they decode with the defaults, topics unchanged."""
    transcoder = JSONTranscoder()
    register_value_objects(transcoder, VALUE_OBJECTS)
    plan = parse_plan('code = "old"\nname = "旧計画"\nperiod = { from = 2025, to = 2027 }\n' + MEASURE)
    added = {"Plan": {"headings", "levels", "scale"}, "Measure": {"label", "heading"}, "Programme": {"label"}}

    def as_before(value: Any) -> Any:
        if isinstance(value, list):
            return [as_before(v) for v in value]
        if isinstance(value, dict):
            gone = added.get(value.get("_type_", ""), set())
            data = {k: as_before(v) for k, v in value.get("_data_", {}).items() if k not in gone}
            return {**value, "_data_": data} if "_type_" in value else {k: as_before(v) for k, v in value.items()}
        return value

    old = as_before(json.loads(transcoder.encode(plan)))
    assert "scale" not in old["_data_"] and "label" not in old["_data_"]["measures"][0]["_data_"]
    assert transcoder.decode(json.dumps(old).encode("utf-8")) == plan
