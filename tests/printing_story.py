"""A household as the demo tells it, for the printed documents' tests (issue 15): consent, a referral, a support
plan, a 支援会議 held with its time and place and an action item, and a 重層的支援会議 taking it up with consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from domain.meeting_commands import RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from tests.builders import ADMIN, COORDINATOR, attendees, given_consent, given_meeting, given_open_case
from tests.scenarios import action_item, adopt_layered_plan, hold, move, refer


@dataclass(frozen=True)
class Story:
    case_id: UUID
    referral_id: UUID
    support: UUID
    """A 支援会議 (§106-6) that took the household up, attended by the 福祉相談課 and the 社協."""
    layered: UUID
    """A 重層的支援会議 that took it up with the household's consent."""


def the_yamada_household(app: Kasane) -> Story:
    """山田家 as the demo tells it: consent, a referral to 自立相談, a plan, and two meetings with action items."""
    case_id = given_open_case(app)
    given_consent(app, case_id, on=date(2026, 5, 20))
    referral_id = refer(app, case_id, date(2026, 5, 25))
    move(app, case_id, "assessment", date(2026, 5, 26))
    move(app, case_id, "planning", date(2026, 5, 28))
    adopt_layered_plan(app, case_id)
    support = given_meeting(app, meeting_type="support")
    app.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=support,
            held_on=date(2026, 11, 10),
            attendees=attendees("fukushi-soudan", "shakyo"),
            discussions=(
                CaseDiscussion(
                    case_id=case_id,
                    outcome="roles_allocated",
                    decisions="支援方針を共有",
                    role_allocation="社協: 訪問 / 福祉相談課: 全体調整",
                ),
            ),
            action_items=(action_item("shakyo", date(2026, 12, 1), case_id),),
            summary="各機関の役割を確認",
            starts_at="14:00",
            ends_at="15:30",
            place="市役所 第2会議室",
            recorder="佐藤",
        )
    )
    layered = given_meeting(app, meeting_type="layered", scheduled_on=date(2026, 11, 12))
    hold(app, layered, date(2026, 11, 12), case_id)
    app.execute(RegisterUser(actor=ADMIN, username="ono", name="小野 次郎", role="coordinator", agency="hello-work"))
    return Story(case_id, referral_id, support, layered)
