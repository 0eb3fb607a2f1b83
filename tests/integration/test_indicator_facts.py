"""The fact table keeps every version of a countable occurrence; evaluation records keep every entry.

Both are rebuilt from the log to exactly the rows built a page at a time.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.commands import MoveCaseToArea, TagIssues
from domain.community_commands import CorrectCommunityActivity, VoidCommunityActivity
from domain.evaluation_entries import Review
from domain.meeting_commands import CancelMeeting, ScheduleMeeting, VoidMeetingRecord
from domain.plan_commands import (
    ClearProgrammeJudgement,
    JudgeProgramme,
    LoadPlan,
    RateMeasure,
    RecordCommitteeOpinion,
    RecordIndicatorValue,
    SetNextYearPolicy,
    WriteReview,
)
from domain.use_cases import Recorded
from projections.engine.catalogue import ReadModels
from projections.indicators.evaluation_records import entered_at
from projections.indicators.fact_tables import indicator_facts
from tests.builders import ADMIN, COORDINATOR, CSW
from tests.plan_scenarios import (
    PLAN,
    PLAN_CODE,
    consult,
    correct,
    fixed_id,
    given_city_with_plan,
    household,
    liaison,
    meeting,
    void,
)
from tests.read_models import table_contents

ON = date(2024, 5, 20)


def versions(read_models: ReadModels, *where: Any) -> list[Any]:
    read_models.catch_up()
    f = indicator_facts.c
    with read_models.engine.connect() as connection:
        return list(connection.execute(sa.select(indicator_facts).where(*where).order_by(f.notification_id)))


def evaluate(app: Kasane, command: type[Any], **fields: Any) -> Recorded:
    return app.execute(command(actor=ADMIN, plan_code=PLAN_CODE, fiscal_year=2023, occurred_on=ON, **fields))


class Story:
    """A household that moves area, a meeting recorded by mistake, a corrected liaison record, a year's entries."""

    def __init__(self, app: Kasane, read_models: ReadModels) -> None:
        given_city_with_plan(app)
        self.case = household(app, "石井家", date(2023, 4, 3))
        consult(app, self.case, date(2023, 5, 10), "x1")
        read_models.catch_up()
        app.execute(MoveCaseToArea(actor=COORDINATOR, case_id=self.case, area="minami", occurred_on=date(2023, 6, 1)))
        app.execute(
            TagIssues(actor=COORDINATOR, case_id=self.case, issue_tags=("isolation",), occurred_on=date(2023, 6, 1))
        )
        self.corrected = correct(app, self.case, "x1", date(2023, 6, 5), summary="家賃滞納の相談")
        consult(app, self.case, date(2023, 6, 10), "x2")
        self.voided = void(app, self.case, "x2", date(2023, 6, 12))
        read_models.catch_up()
        meeting(app, "support-1", "support", date(2023, 7, 10), (self.case,))
        self.meeting_voided = app.execute(
            VoidMeetingRecord(
                actor=COORDINATOR,
                meeting_id=fixed_id("support-1"),
                reason="別の会議の記録",
                occurred_on=date(2023, 7, 11),
            )
        )
        app.execute(
            ScheduleMeeting(
                actor=COORDINATOR,
                meeting_id=fixed_id("support-2"),
                meeting_type="support",
                title="8月の会議",
                scheduled_on=date(2023, 8, 7),
                convenor_agency="fukushi-soudan",
            )
        )
        app.execute(
            CancelMeeting(
                actor=COORDINATOR,
                meeting_id=fixed_id("support-2"),
                reason="台風のため中止",
                cancelled_on=date(2023, 8, 6),
            )
        )
        liaison(app, "liaison-1", date(2023, 8, 1))
        app.execute(
            CorrectCommunityActivity(
                actor=CSW,
                activity_id=fixed_id("liaison-1"),
                reason="日付の誤り",
                changes={"occurred_on": date(2023, 8, 2)},
                occurred_on=ON,
            )
        )
        app.execute(
            VoidCommunityActivity(actor=CSW, activity_id=fixed_id("liaison-1"), reason="重複登録", occurred_on=ON)
        )
        read_models.catch_up()
        self.enter_the_year(app)

    def enter_the_year(self, app: Kasane) -> None:
        evaluate(app, RecordIndicatorValue, indicator="M3", value="調査研究")
        evaluate(app, RecordIndicatorValue, indicator="M3", value="導入検討", note="訂正")
        evaluate(app, JudgeProgramme, programme="6-3", achieved=True, note="会議体を調整")
        evaluate(app, ClearProgrammeJudgement, programme="6-3", reason="委員会の指摘により取消")
        evaluate(app, JudgeProgramme, programme="6-2", achieved=False, note="試行にとどまる")
        evaluate(app, RateMeasure, measure="7", rating="B", note="アウトリーチは継続課題")
        evaluate(
            app, WriteReview, measure="6", do="支援会議を3回試行実施", check="役割分担が明確になった", act="要綱の策定"
        )
        evaluate(app, WriteReview, measure="6", programme="6-2", act="開催頻度の検討")
        evaluate(app, SetNextYearPolicy, measure="6", policy="enhance", note="本格実施へ")
        evaluate(
            app,
            RecordCommitteeOpinion,
            opinion_id=uuid.UUID(int=1),
            measure="6",
            opinion="合意が得られるケースについて精査をお願いしたい",
            committee="市民福祉推進委員会",
        )
        app.execute(
            LoadPlan(
                actor=ADMIN,
                source=PLAN.replace("targets = { 2023 = 3 }", "targets = { 2023 = 4 }"),
                occurred_on=ON,
                reason="中間見直し",
            )
        )


@pytest.fixture
def story(app: Kasane, read_models: ReadModels) -> Story:
    return Story(app, read_models)


def test_a_correction_supersedes_the_entry_and_keeps_the_case_context_it_was_recorded_in(
    story: Story, read_models: ReadModels
) -> None:
    old, new = versions(read_models, indicator_facts.c.fact_key == f"entry:{fixed_id('x1')}")
    assert (old.superseded_by, old.superseded_at) == (story.corrected.notification_id, new.recorded_at)
    assert (new.notification_id, new.superseded_at) == (story.corrected.notification_id, None)
    assert new.facts["area"] == old.facts["area"] == "kita"
    assert new.facts["issue_tag"] == ["poverty", "elderly", "hikikomori"]


def test_a_void_supersedes_the_entry_without_a_replacement(story: Story, read_models: ReadModels) -> None:
    [only] = versions(read_models, indicator_facts.c.fact_key == f"entry:{fixed_id('x2')}")
    assert only.superseded_by == story.voided.notification_id
    assert (only.facts["area"], only.facts["issue_tag"]) == ("minami", ["poverty", "isolation"])


def test_a_voided_meeting_supersedes_all_its_facts_and_a_cancelled_one_has_none(
    app: Kasane, story: Story, read_models: ReadModels
) -> None:
    facts = versions(read_models, indicator_facts.c.source_id == fixed_id("support-1"))
    assert sorted(f.kind for f in facts) == [
        "meeting.attendance",
        "meeting.attendance",
        "meeting.case_discussed",
        "meeting.held",
    ]
    [meeting_voided] = [
        n.id
        for n in app.recorder.select_notifications(start=story.meeting_voided.notification_id - 1, limit=2)
        if n.topic.endswith("SupportMeeting.Voided")
    ]
    assert {f.superseded_by for f in facts} == {meeting_voided}
    assert versions(read_models, indicator_facts.c.source_id == fixed_id("support-2")) == []


def test_a_corrected_then_voided_activity_leaves_no_current_version(story: Story, read_models: ReadModels) -> None:
    facts = versions(read_models, indicator_facts.c.fact_key == f"activity:{fixed_id('liaison-1')}")
    assert [f.occurred_on for f in facts] == [date(2023, 8, 1), date(2023, 8, 2)]
    assert all(f.superseded_at is not None for f in facts)


def test_evaluation_records_fold_to_the_same_state_as_the_evaluation_aggregate(
    app: Kasane, story: Story, read_models: ReadModels
) -> None:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        entered = entered_at(connection, PLAN_CODE, 2023, None)
    aggregate = app.plan_evaluation(PLAN_CODE, 2023)
    assert aggregate is not None
    assert entered.values == aggregate.values == {"M3": "導入検討"}
    assert entered.judgements == aggregate.judgements == {"6-2": False}
    assert entered.manual_ratings == aggregate.manual_ratings
    assert entered.reviews == aggregate.reviews
    assert entered.reviews[("6", "6-2")] == Review(do="", check="", act="開催頻度の検討")
    assert {k: policy for k, (policy, _note) in entered.policies.items()} == aggregate.policies
    assert list(entered.opinions.values()) == list(aggregate.opinions.values())


def test_facts_and_records_rebuilt_from_the_log_equal_those_built_page_by_page(
    story: Story, read_models: ReadModels
) -> None:
    read_models.catch_up()
    incremental = table_contents(read_models)
    read_models.rebuild()
    rebuilt = table_contents(read_models)
    for table in ("indicator_facts", "indicator_fact_cases", "indicator_fact_meetings", "evaluation_records"):
        assert rebuilt[table] == incremental[table], table
    assert len(incremental["indicator_facts"]) == 10
    assert len(incremental["evaluation_records"]) == 13
