"""Use cases for support meetings, mixed into ``Kasane``.

Recording or voiding a meeting changes the meeting and every case it took up
in one atomic save, so each case's timeline always agrees with the meeting
record, and a consent decision saved on a case meanwhile makes it conflict.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from domain.case import Case
from domain.commands import (
    CancelMeeting,
    CompleteActionItem,
    RecordMeetingOutcome,
    RescheduleMeeting,
    ScheduleMeeting,
    VoidMeetingRecord,
)
from domain.errors import NotFound
from domain.meeting import ActionItem, Attendee, CaseDiscussion, SupportMeeting
from domain.meeting_type import MeetingType
from domain.use_cases import Host, Recorded, handles
from domain.validation import check_items, check_uuid


class MeetingUseCases:
    def meeting(self: Host, meeting_id: UUID) -> SupportMeeting:
        return self.get(SupportMeeting, meeting_id, "meeting")

    @handles(ScheduleMeeting)
    def schedule_meeting(self: Host, cmd: ScheduleMeeting) -> Recorded:
        meeting = SupportMeeting.schedule(
            meeting_id=cmd.meeting_id,
            meeting_type=self.master(MeetingType, cmd.meeting_type, "meeting_type"),
            title=cmd.title,
            scheduled_on=cmd.scheduled_on,
            convenor_agency=self.agency(cmd.convenor_agency, "convenor_agency"),
            planned_case_ids=tuple(_cases(self, cmd.planned_case_ids, "planned_case_ids")),
            actor=cmd.actor,
            today=self.today(),
        )
        return self._create(meeting, "meeting")

    @handles(RescheduleMeeting)
    def reschedule_meeting(self: Host, cmd: RescheduleMeeting) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        meeting.reschedule(scheduled_on=cmd.scheduled_on, reason=cmd.reason, actor=cmd.actor, today=self.today())
        return self._save(meeting)

    @handles(CancelMeeting)
    def cancel_meeting(self: Host, cmd: CancelMeeting) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        meeting.cancel(reason=cmd.reason, on=cmd.cancelled_on, actor=cmd.actor, today=self.today())
        return self._save(meeting)

    @handles(RecordMeetingOutcome)
    def record_meeting_outcome(self: Host, cmd: RecordMeetingOutcome) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        discussed = check_items(cmd.discussions, CaseDiscussion, "discussions")
        cases = _cases(self, [d.case_id for d in discussed], "discussions")
        meeting.record_outcome(
            meeting_type=self.master(MeetingType, meeting.meeting_type, "meeting_type"),
            held_on=cmd.held_on,
            attendees=tuple(
                replace(a, agency=self.agency(a.agency, "attendees"))
                for a in check_items(cmd.attendees, Attendee, "attendees")
            ),
            discussions=discussed,
            action_items=tuple(
                replace(i, owner_agency=self.agency(i.owner_agency, "action_items"))
                for i in check_items(cmd.action_items, ActionItem, "action_items")
            ),
            cases=cases, is_trial=cmd.is_trial, summary=cmd.summary, actor=cmd.actor, today=self.today(),
        )
        for discussion in meeting.discussions:
            cases[discussion.case_id].note_discussion(
                meeting_id=meeting.id, meeting_type=meeting.meeting_type, held_on=cmd.held_on,
                outcome=discussion.outcome, actor=cmd.actor, consent_required=meeting.consent_required,
            )
        return self._save(meeting, *cases.values())

    @handles(CompleteActionItem)
    def complete_action_item(self: Host, cmd: CompleteActionItem) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        meeting.complete_action_item(
            item_id=cmd.item_id, done_on=cmd.done_on, note=cmd.note, actor=cmd.actor, today=self.today()
        )
        return self._save(meeting)

    @handles(VoidMeetingRecord)
    def void_meeting_record(self: Host, cmd: VoidMeetingRecord) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        meeting.void(reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        cases = [self.case(case_id) for case_id in meeting.discussed_case_ids]
        for case in cases:
            case.withdraw_discussion(
                meeting_id=meeting.id, reason=meeting.status_reason, on=cmd.occurred_on, actor=cmd.actor
            )
        return self._save(meeting, *cases)


def _cases(app: Host, case_ids: object, field: str) -> dict[UUID, Case]:
    """The named cases by id; raised as ``NotFound`` on ``field`` when one does not exist."""
    cases: dict[UUID, Case] = {}
    for value in check_items(case_ids, object, field):
        case_id = check_uuid(value, field)
        try:
            cases[case_id] = app.case(case_id)
        except NotFound:
            raise NotFound("no such case", field=field, case_id=case_id) from None
    return cases
