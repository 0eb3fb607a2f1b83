"""A support meeting and the cases it takes up, built on the aggregates alone (no storage), for the meeting's rule
tests: the meeting types, a case, its consent, a scheduled meeting and its record."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from domain.actor import Actor
from domain.case import Case
from domain.meeting import SupportMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from domain.meeting_type import STANDARD_MEETING_TYPES, MeetingType
from tests.builders import TODAY, a_member

ACTOR = Actor(user_id="sato", role="coordinator", agency_id="fukushi-soudan")
MEETING_DAY = date(2026, 11, 10)
ATTENDEES = (Attendee(agency="fukushi-soudan", role="相談支援包括化推進員"), Attendee(agency="shakyo", role="CSW"))


def meeting_type(code: str) -> MeetingType:
    fields = next(t for t in STANDARD_MEETING_TYPES if t["code"] == code)
    return MeetingType.register(**fields, on=TODAY, actor=ACTOR)


def a_case(*, opened_on: date = date(2026, 5, 11)) -> Case:
    return Case.open(
        case_id=uuid.uuid4(),
        opened_on=opened_on,
        actor=ACTOR,
        household_name="山田家",
        members=[a_member()],
        issue_tags=("hikikomori",),
        area="kita",
        intake_agency="fukushi-soudan",
        lead_agency="fukushi-soudan",
        coordinator="sato",
        channel="window",
        requester_type="family",
        summary="",
        today=TODAY,
    )


def consent(
    case: Case,
    on: date,
    decision: str = "given",
    expires_on: date | None = None,
    scopes: tuple[str, ...] = ("meeting_discussion",),
) -> None:
    case.record_consent(
        consent_id=uuid.uuid4(),
        decision=decision,
        scopes=scopes,
        on=on,
        expires_on=expires_on,
        actor=ACTOR,
        today=TODAY,
    )


def scheduled(kind: MeetingType) -> SupportMeeting:
    return SupportMeeting.schedule(
        meeting_id=uuid.uuid4(),
        meeting_type=kind,
        title="11月 定例会議",
        scheduled_on=MEETING_DAY,
        convenor_agency="fukushi-soudan",
        actor=ACTOR,
        today=TODAY,
    )


def hold(meeting: SupportMeeting, kind: MeetingType, *cases: Case, **overrides: Any) -> None:
    fields: dict[str, Any] = dict(
        meeting_type=kind,
        held_on=MEETING_DAY,
        attendees=ATTENDEES,
        discussions=tuple(CaseDiscussion(case_id=c.id, outcome="roles_allocated") for c in cases),
        action_items=(),
        cases={c.id: c for c in cases},
        is_trial=False,
        summary="",
        actor=ACTOR,
        today=TODAY,
    )
    fields.update(overrides)
    meeting.record_outcome(**fields)


def held_meeting_with_item(**item_fields: Any) -> tuple[SupportMeeting, ActionItem]:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(
        item_id=uuid.uuid4(),
        description="長男への訪問",
        owner_agency="shakyo",
        due_on=date(2026, 11, 30),
        case_id=case.id,
    )
    meeting = scheduled(kind)
    hold(meeting, kind, case, action_items=(item,))
    return meeting, item
