"""Case stories for read-model tests, told through the same commands users call."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from uuid import UUID

from domain.application import Kasane
from domain.commands import (
    AdoptSupportPlan,
    AnswerReferral,
    AssignCase,
    ChangeCaseStatus,
    CloseCase,
    CorrectCaseEntry,
    RecordConsultation,
    RecordOutreachVisit,
    ReviewSupportPlan,
    SendReferral,
    StartPlacement,
    VoidCaseEntry,
)
from domain.community_commands import CorrectCommunityActivity, RecordCommunityActivity, VoidCommunityActivity
from domain.meeting_commands import (
    CancelMeeting,
    CompleteActionItem,
    RecordMeetingOutcome,
    RescheduleMeeting,
    VoidMeetingRecord,
)
from domain.meeting_record import ActionItem, CaseDiscussion
from domain.support_plan import PlanAction
from tests.builders import COORDINATOR, CSW, attendees, given_consent, given_meeting, given_open_case


def consult(app: Kasane, case_id: UUID, on: date, *, agency: str = "fukushi-soudan") -> UUID:
    entry_id = uuid.uuid4()
    app.execute(
        RecordConsultation(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=entry_id,
            occurred_on=on,
            agency=agency,
            channel="phone",
            handler_role="consultation_staff",
            requester_type="family",
            is_new=False,
            issue_tags=("hikikomori",),
            summary="長女から電話。父の通院付き添いが難しくなっている",
        )
    )
    return entry_id


def visit(app: Kasane, case_id: UUID, on: date, *, contact_made: bool = True) -> UUID:
    entry_id = uuid.uuid4()
    app.execute(
        RecordOutreachVisit(
            actor=CSW,
            case_id=case_id,
            entry_id=entry_id,
            occurred_on=on,
            agency="shakyo",
            visit_kind="home_visit",
            handler_role="csw",
            contact_made=contact_made,
            accompanying_agencies=("houkatsu-kita",),
            note="自宅訪問。長男と玄関先で話す" if contact_made else "不在",
        )
    )
    return entry_id


def place(app: Kasane, case_id: UUID, on: date) -> UUID:
    entry_id = uuid.uuid4()
    app.execute(
        StartPlacement(
            actor=CSW,
            case_id=case_id,
            entry_id=entry_id,
            started_on=on,
            agency="shakyo",
            resource_type="place_to_belong",
            host_organisation="NPO法人 居場所ひだまり",
        )
    )
    return entry_id


def move(app: Kasane, case_id: UUID, status: str, on: date) -> None:
    app.execute(ChangeCaseStatus(actor=COORDINATOR, case_id=case_id, status=status, occurred_on=on))


def adopt_plan(app: Kasane, case_id: UUID, on: date, review_due_on: date, *, reason: str = "") -> None:
    app.execute(
        AdoptSupportPlan(
            actor=COORDINATOR,
            case_id=case_id,
            plan_type="layered",
            goals=("長男が週1回居場所に通う",),
            actions=(PlanAction(description="居場所への同行", agency="shakyo"),),
            review_due_on=review_due_on,
            adopted_on=on,
            reason=reason,
        )
    )


PLAN_ACTIONS = (
    PlanAction(
        description="父の介護保険申請を支援", agency="houkatsu-kita", due_on=date(2026, 7, 31), person="北包括 田中"
    ),
    PlanAction(description="長男の居場所づくり（サロン紹介）", agency="shakyo"),
)
"""A layered plan's role allocation: one action with a due date and a named person, one without."""


def adopt_layered_plan(app: Kasane, case_id: UUID, **overrides: object) -> None:
    """The household's first 重層的支援プラン (two goals, ``PLAN_ACTIONS``), adopted on 2026-06-01 unless overridden."""
    fields: dict[str, object] = dict(
        actor=COORDINATOR,
        case_id=case_id,
        plan_type="layered",
        goals=("父が介護サービスを利用できる", "長男が週1回外出できる"),
        actions=PLAN_ACTIONS,
        review_due_on=date(2026, 9, 1),
        adopted_on=date(2026, 6, 1),
    )
    fields.update(overrides)
    app.execute(AdoptSupportPlan(**fields))  # type: ignore[arg-type]


def refer(app: Kasane, case_id: UUID, on: date, *, to_agency: str = "jiritsu", accept: bool = True) -> UUID:
    referral_id = uuid.uuid4()
    app.execute(
        SendReferral(
            actor=COORDINATOR,
            case_id=case_id,
            referral_id=referral_id,
            from_agency="fukushi-soudan",
            to_agency=to_agency,
            reason="就労に向けた相談",
            sent_on=on,
            via_sheet=True,
        )
    )
    app.execute(
        AnswerReferral(
            actor=COORDINATOR,
            case_id=case_id,
            referral_id=referral_id,
            accepted=accept,
            answered_on=on + timedelta(days=2),
            note="" if accept else "対象外",
        )
    )
    return referral_id


def void(app: Kasane, case_id: UUID, entry_id: UUID, on: date) -> None:
    app.execute(
        VoidCaseEntry(
            actor=COORDINATOR, case_id=case_id, entry_id=entry_id, reason="別世帯の記録を誤入力", occurred_on=on
        )
    )


def correct(app: Kasane, case_id: UUID, entry_id: UUID, on: date, **changes: object) -> None:
    app.execute(
        CorrectCaseEntry(
            actor=COORDINATOR, case_id=case_id, entry_id=entry_id, changes=changes, reason="日付の誤り", occurred_on=on
        )
    )


def given_busy_case(app: Kasane, opened_on: date) -> UUID:
    """A case with every kind of event the case list shows: 20 events over four months.

    It is closed 120 days after ``opened_on``, which must therefore be at least that long before TODAY.
    """
    day = opened_on
    case_id = given_open_case(app, opened_on=day)
    first_call = consult(app, case_id, day + timedelta(days=1))
    move(app, case_id, "assessment", day + timedelta(days=2))
    given_consent(app, case_id, on=day + timedelta(days=3))
    visit(app, case_id, day + timedelta(days=5))
    visit(app, case_id, day + timedelta(days=9), contact_made=False)
    refer(app, case_id, day + timedelta(days=10))
    move(app, case_id, "planning", day + timedelta(days=12))
    adopt_plan(app, case_id, day + timedelta(days=15), day + timedelta(days=90))  # moves it into 支援中
    placement = place(app, case_id, day + timedelta(days=20))
    correct(app, case_id, first_call, day + timedelta(days=21), occurred_on=day + timedelta(days=4))
    void(app, case_id, placement, day + timedelta(days=22))
    app.execute(
        AssignCase(
            actor=COORDINATOR,
            case_id=case_id,
            coordinator="suzuki",
            lead_agency="shakyo",
            occurred_on=day + timedelta(days=30),
        )
    )
    app.execute(
        ReviewSupportPlan(
            actor=CSW,
            case_id=case_id,
            findings="居場所に月2回通えている",  # to モニタリング
            reviewed_on=day + timedelta(days=60),
            next_review_due_on=day + timedelta(days=150),
        )
    )
    given_consent(app, case_id, on=day + timedelta(days=70), decision="withdrawn", scopes=("meeting_discussion",))
    app.execute(CloseCase(actor=CSW, case_id=case_id, reason="resolved", occurred_on=day + timedelta(days=120)))
    return case_id


# ---- meetings and community activities ---------------------------------------


def action_item(owner_agency: str, due_on: date, case_id: UUID | None = None) -> ActionItem:
    return ActionItem(
        item_id=uuid.uuid4(),
        description="長男への同行訪問" if case_id else "つなぐシートの様式改訂",
        owner_agency=owner_agency,
        due_on=due_on,
        case_id=case_id,
    )


def hold(
    app: Kasane,
    meeting_id: UUID,
    on: date,
    *case_ids: UUID,
    items: tuple[ActionItem, ...] = (),
    agencies: tuple[str, ...] = (),
) -> None:
    app.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            held_on=on,
            attendees=attendees(*agencies),
            discussions=tuple(
                CaseDiscussion(
                    case_id=c,
                    outcome="roles_allocated",
                    decisions="支援方針を共有",
                    role_allocation="社協: 訪問 / 福祉相談課: 全体調整",
                )
                for c in case_ids
            ),
            action_items=items,
            summary="各機関の役割を確認",
        )
    )


def reschedule(app: Kasane, meeting_id: UUID, to: date) -> None:
    app.execute(
        RescheduleMeeting(actor=COORDINATOR, meeting_id=meeting_id, scheduled_on=to, reason="関係機関の日程調整")
    )


def cancel_meeting(app: Kasane, meeting_id: UUID, on: date) -> None:
    app.execute(CancelMeeting(actor=COORDINATOR, meeting_id=meeting_id, reason="台風のため中止", cancelled_on=on))


def complete(app: Kasane, meeting_id: UUID, item_id: UUID, on: date) -> None:
    app.execute(
        CompleteActionItem(actor=CSW, meeting_id=meeting_id, item_id=item_id, done_on=on, note="訪問し本人と面会")
    )


def void_meeting(app: Kasane, meeting_id: UUID, on: date) -> None:
    app.execute(
        VoidMeetingRecord(actor=COORDINATOR, meeting_id=meeting_id, reason="別の会議と取り違え", occurred_on=on)
    )


def given_community_activity(app: Kasane, on: date, **overrides: object) -> UUID:
    """A touring consultation session (巡回相談会) run by the 社協's CSW."""
    fields: dict[str, object] = dict(
        actor=CSW,
        activity_id=uuid.uuid4(),
        kind="outreach_session",
        occurred_on=on,
        agency="shakyo",
        title="南部圏域 巡回相談会",
        area="minami",
        participants=12,
        contacts=5,
        audience="jumin",
    )
    fields.update(overrides)
    command = RecordCommunityActivity(**fields)  # type: ignore[arg-type]
    app.execute(command)
    return command.activity_id


def correct_activity(app: Kasane, activity_id: UUID, on: date, **changes: object) -> None:
    app.execute(
        CorrectCommunityActivity(actor=CSW, activity_id=activity_id, changes=changes, reason="集計誤り", occurred_on=on)
    )


def void_activity(app: Kasane, activity_id: UUID, on: date) -> None:
    app.execute(VoidCommunityActivity(actor=CSW, activity_id=activity_id, reason="重複登録", occurred_on=on))


def given_meeting_month(app: Kasane, first: UUID, second: UUID, held_on: date) -> UUID:
    """A month of meetings about two open cases, and the 社協's community work; returns the held meeting.

    A 支援会議 is rescheduled, held on both cases with two action items (one
    done); a 連携会議 is cancelled; an 個別ケース会議 is recorded by mistake
    and voided; one 相談会 is corrected and another voided. Everything happens
    within 14 days of ``held_on``, which must be that long before TODAY.
    """
    meeting_id = given_meeting(
        app, meeting_type="support", scheduled_on=held_on - timedelta(days=3), planned_case_ids=(first, second)
    )
    reschedule(app, meeting_id, held_on)
    visit_item = action_item("shakyo", held_on + timedelta(days=10), first)
    sheet_item = action_item("jiritsu", held_on + timedelta(days=30))
    hold(app, meeting_id, held_on, first, second, items=(visit_item, sheet_item))
    complete(app, meeting_id, visit_item.item_id, held_on + timedelta(days=5))
    cancel_meeting(app, given_meeting(app, meeting_type="liaison", scheduled_on=held_on + timedelta(days=7)), held_on)
    mistaken = given_meeting(app, meeting_type="individual_case", scheduled_on=held_on + timedelta(days=1))
    hold(app, mistaken, held_on + timedelta(days=1), first, items=(action_item("shakyo", held_on + timedelta(days=3)),))
    void_meeting(app, mistaken, held_on + timedelta(days=2))
    session = given_community_activity(app, held_on)
    correct_activity(app, session, held_on + timedelta(days=14), participants=15)
    void_activity(app, given_community_activity(app, held_on + timedelta(days=1)), held_on + timedelta(days=2))
    return meeting_id
