"""The access matrix's world: one case, its meetings and the agencies with each part in it, and who sees what.

The 山田家 case, led by the 福祉相談課, with an agency involved in it, one it was referred to, a 重層的支援会議 and
a 支援会議 that discussed it (each attended by one more agency), a 支援会議 scheduled to take it up, and an agency
with no part in any of it (``tests/integration/web/test_access_matrix.py``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.application import Kasane
from domain.commands import AdoptSupportPlan, InvolveAgency, RecordConsultation
from domain.community_commands import RecordCommunityActivity
from domain.master_data_commands import RegisterUser
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from domain.support_plan import PlanAction
from projections.cases.tables import case_list, case_members
from tests.builders import ADMIN, COORDINATOR, given_consent, given_open_case
from tests.integration.web.conftest import Web, given_staff_of_every_role
from tests.integration.web.plan_story import fiscal_2023, last_write
from tests.scenarios import refer

AGENCY = {
    "lead": "fukushi-soudan",  # intake and lead agency; convened both meetings
    "involved": "houkatsu-kita",  # registered as an agency involved in the case
    "referred": "jiritsu",  # accepted a referral of the case
    "attended_meeting": "kodomo-katei",  # attended the 重層的支援会議 that discussed the case
    "attended_support": "shakyo",  # attended the 支援会議 that discussed the case
    "unrelated": "hello-work",
}
CASEWORK_ROLES, OTHER_ROLES = ("coordinator", "supervisor"), ("planner", "admin")
USERS = [(role, relation) for role in CASEWORK_ROLES for relation in AGENCY] + [
    (role, relation) for role in OTHER_ROLES for relation in ("lead", "unrelated")
]

SEES = {
    "case": {"lead", "involved", "referred", "attended_meeting", "attended_support"},
    "support": {"lead", "attended_support"},
    "layered": {"lead", "attended_meeting"},
    "scheduled": {"lead"},
    "activity": {"lead"},
}
"""Who may open what a URL names: the case, the held 支援会議, the held 重層的支援会議, the planned one."""

HOUSEHOLD = ("山田家", "山田 太郎", "山田 健", "父の介護と長男のひきこもりについて長女から相談")
SUPPORT_RECORD = (
    "秘匿の支援会議",
    "支援会議で共有した家族の事情",
    "長女の就労を含めた見守り方針",
    "社協: 訪問 / 福祉相談課: 全体調整",
    "支援会議で決めた長男への同行訪問",
)
LAYERED_RECORD = ("重層的支援会議で話した家計の状況", "家計改善支援の開始", "自立相談: 家計 / 子ども家庭: 学校連携")
LAYERED_ITEM = "重層的支援会議で決めた学校への連絡"
SCHEDULED_TITLE = "予定の支援会議"

CASEWORK, EVERYONE, ADMIN_ONLY, PUBLIC = (
    frozenset(CASEWORK_ROLES),
    frozenset(CASEWORK_ROLES + OTHER_ROLES),
    frozenset({"admin"}),
    None,
)
PLANNERS = frozenset({"planner"})
"""Plan entries are written by planners only (web.access.policy.PLAN_WRITERS)."""


@dataclass
class World:
    web: Web
    case_id: UUID
    support: UUID
    layered: UUID
    scheduled: UUID
    support_item: UUID
    referral: UUID
    households: tuple[str, ...]
    """Every household name in the store: none reaches a user who may not see the case."""
    moment: str
    """When the world was finished (the planners' "changes since")."""
    entry: UUID | None = None
    """A consultation on the case (its 取消 / 訂正 routes)."""
    activity: UUID | None = None
    """A community activity the lead agency recorded (only its staff may void or correct it)."""
    consent: UUID | None = None
    """The case's consent decision (its 取消 route)."""
    member: UUID | None = None
    """One of the case's household members (the member correction form's prefill)."""


def given_the_world(web: Web) -> World:
    """The world seeded into ``web``'s store, with the household names and a member read back from its read models."""
    world = web.seeded(lambda app: _story(app, web))
    with web.read_models.engine.connect() as connection:
        world.households = tuple(
            connection.execute(case_list.select().with_only_columns(case_list.c.household_name)).scalars()
        )
        world.member = connection.execute(
            case_members.select()
            .with_only_columns(case_members.c.member_id)
            .where(case_members.c.case_id == world.case_id)
            .limit(1)
        ).scalar_one()
    return world


def _story(app: Kasane, web: Web) -> World:
    _agencies_and_users(app)
    case_id, referral = _the_case(app)
    support, layered, scheduled, support_item = _the_meetings(app, case_id)
    entry, activity = _the_entries(app, case_id)
    return World(
        web=web,
        case_id=case_id,
        support=support,
        layered=layered,
        scheduled=scheduled,
        support_item=support_item,
        referral=referral,
        households=(),
        moment=last_write(app).isoformat(),
        entry=entry,
        activity=activity,
        consent=app.case(case_id).consents[0].consent_id,
    )


def _agencies_and_users(app: Kasane) -> None:
    """Staff of every role, the fiscal year 2023's plan, and one user per role and part in the case (``USERS``)."""
    given_staff_of_every_role(app)
    fiscal_2023(app)
    for role, relation in USERS:
        app.execute(
            RegisterUser(
                actor=ADMIN,
                username=f"{role}-{relation}",
                name=f"{role} {relation}",
                role=role,
                agency=AGENCY[relation],
            )
        )


def _the_case(app: Kasane) -> tuple[UUID, UUID]:
    """The 山田家 case with an involved agency, an accepted referral and consent: its id and the referral's."""
    case_id = given_open_case(app, opened_on=date(2023, 5, 11))
    app.execute(
        InvolveAgency(actor=COORDINATOR, case_id=case_id, agency=AGENCY["involved"], occurred_on=date(2023, 6, 1))
    )
    referral = refer(app, case_id, date(2023, 6, 5), to_agency=AGENCY["referred"])
    given_consent(app, case_id, on=date(2023, 7, 1))
    return case_id, referral


def _the_meetings(app: Kasane, case_id: UUID) -> tuple[UUID, UUID, UUID, UUID]:
    """The 支援会議 and the 重層的支援会議 held about the case and the 支援会議 scheduled to take it up: their ids
    and the 支援会議's action item."""
    support, layered, scheduled, support_item = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for meeting_id, meeting_type, title, on in (
        (support, "support", SUPPORT_RECORD[0], date(2023, 10, 12)),
        (layered, "layered", "重層的支援会議（10月）", date(2023, 10, 5)),
        (scheduled, "support", SCHEDULED_TITLE, date(2026, 12, 1)),
    ):
        app.execute(
            ScheduleMeeting(
                actor=COORDINATOR,
                meeting_id=meeting_id,
                meeting_type=meeting_type,
                title=title,
                scheduled_on=on,
                convenor_agency=AGENCY["lead"],
                planned_case_ids=(case_id,),
            )
        )
    _held(
        app,
        support,
        date(2023, 10, 12),
        case_id,
        SUPPORT_RECORD[1:4],
        (support_item, SUPPORT_RECORD[4]),
        "attended_support",
    )
    _held(app, layered, date(2023, 10, 5), case_id, LAYERED_RECORD, (uuid.uuid4(), LAYERED_ITEM), "attended_meeting")
    return support, layered, scheduled, support_item


def _held(
    app: Kasane,
    meeting_id: UUID,
    held_on: date,
    case_id: UUID,
    texts: tuple[str, ...],
    item: tuple[UUID, str],
    attending: str,
) -> None:
    """A meeting's record: the lead agency and one attending agency, the case discussed, one action item."""
    summary, decisions, roles = texts
    app.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=meeting_id,
            held_on=held_on,
            summary=summary,
            attendees=(
                Attendee(agency=AGENCY["lead"], role="相談支援包括化推進員"),
                Attendee(agency=AGENCY[attending], role=""),
            ),
            discussions=(
                CaseDiscussion(case_id=case_id, outcome="roles_allocated", decisions=decisions, role_allocation=roles),
            ),
            action_items=(
                ActionItem(
                    item_id=item[0],
                    description=item[1],
                    owner_agency=AGENCY[attending],
                    due_on=date(2027, 1, 15),
                    case_id=case_id,
                ),
            ),
        )
    )


def _the_entries(app: Kasane, case_id: UUID) -> tuple[UUID, UUID]:
    """A consultation on the case, a community activity and a support plan made outside a meeting: the
    consultation's and the activity's ids (their 取消 / 訂正 routes)."""
    entry, activity = uuid.uuid4(), uuid.uuid4()
    app.execute(
        RecordConsultation(
            actor=COORDINATOR,
            case_id=case_id,
            entry_id=entry,
            occurred_on=date(2023, 11, 1),
            agency=AGENCY["lead"],
            channel="phone",
            handler_role="consultation_staff",
            requester_type="family",
            is_new=False,
            summary=HOUSEHOLD[3],
        )
    )
    app.execute(
        RecordCommunityActivity(
            actor=COORDINATOR,
            activity_id=activity,
            kind="consultation_session",
            occurred_on=date(2023, 11, 2),
            agency=AGENCY["lead"],
            title="出張相談会",
        )
    )
    app.execute(
        AdoptSupportPlan(  # a plan made outside a meeting, so that its pages have a version to show
            actor=COORDINATOR,
            case_id=case_id,
            plan_type="layered",
            goals=("生活の安定",),
            actions=(PlanAction(description="定期的な見守り", agency=AGENCY["lead"]),),
            review_due_on=date(2024, 1, 20),
            adopted_on=date(2023, 10, 20),
        )
    )
    return entry, activity


@dataclass(frozen=True)
class Probe:
    """One request to a route, and what an allowed user gets."""

    url: str
    roles: frozenset[str] | None
    scope: str | None = None
    ok: int = 200
    data: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    contents_checked: bool = True
    shows_case_to: str | None = None
    """A scope whose users must find the household name in the answer (the lists and the case search)."""


Routes = dict[tuple[str, str], list[Probe]]
