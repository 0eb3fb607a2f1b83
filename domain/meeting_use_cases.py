"""Use cases for support meetings, mixed into ``Kasane``.

Recording or voiding a meeting changes the meeting and every case it took up
in one atomic save, so each case's timeline always agrees with the meeting
record, and a consent decision saved on a case meanwhile makes it conflict.
"""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from domain.agency import Agency
from domain.application_core import KasaneCore
from domain.case import Case
from domain.errors import AlreadyExists, ConcurrentChange, InvalidInput, NotFound
from domain.master_data import MasterRecord
from domain.meeting import MeetingStatus, SupportMeeting
from domain.meeting_commands import (
    CancelMeeting,
    CompleteActionItem,
    RecordHeldMeeting,
    RecordMeetingOutcome,
    RescheduleMeeting,
    ScheduleMeeting,
    VoidMeetingRecord,
)
from domain.meeting_minutes import Sitting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion, DiscussionOutcome
from domain.meeting_type import MeetingType
from domain.use_cases import Recorded
from domain.validation import check_items, check_uuid


class MeetingUseCases(KasaneCore):
    def schedule_meeting(self, cmd: ScheduleMeeting) -> Recorded:
        return self._create(_scheduled(self, cmd), "meeting")

    def record_held_meeting(self, cmd: RecordHeldMeeting) -> Recorded:
        """Schedule and record in one save, so that a refused record leaves no scheduled meeting behind."""
        meeting = _scheduled(self, cmd)
        try:
            self.get(SupportMeeting, meeting.id, "meeting")
        except NotFound:
            return _hold(self, meeting, cmd)
        raise AlreadyExists("meeting already exists", field="id")

    def cases_lacking_consent(self, meeting_id: UUID) -> tuple[UUID, ...]:
        """The planned cases of a scheduled meeting that lack the consent its type requires on its day."""
        meeting = self.get(SupportMeeting, meeting_id, "meeting")
        if meeting.status != MeetingStatus.SCHEDULED:
            return ()
        meeting_type = self.master(MeetingType, meeting.meeting_type, "meeting_type")
        return meeting.cases_lacking_consent(meeting_type, _cases(self, meeting.planned_case_ids, "planned_case_ids"))

    def reschedule_meeting(self, cmd: RescheduleMeeting) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        meeting.reschedule(scheduled_on=cmd.scheduled_on, reason=cmd.reason, actor=cmd.actor, today=self.today())
        return self._save(meeting)

    def cancel_meeting(self, cmd: CancelMeeting) -> Recorded:
        meeting = _expected(self.get(SupportMeeting, cmd.meeting_id, "meeting"), cmd.expected_version)
        meeting.cancel(reason=cmd.reason, on=cmd.cancelled_on, actor=cmd.actor, today=self.today())
        return self._save(meeting)

    def record_meeting_outcome(self, cmd: RecordMeetingOutcome) -> Recorded:
        meeting = _expected(self.get(SupportMeeting, cmd.meeting_id, "meeting"), cmd.expected_version)
        return _hold(self, meeting, cmd)

    def complete_action_item(self, cmd: CompleteActionItem) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        meeting.complete_action_item(
            item_id=cmd.item_id, done_on=cmd.done_on, note=cmd.note, actor=cmd.actor, today=self.today()
        )
        return self._save(meeting)

    def void_meeting_record(self, cmd: VoidMeetingRecord) -> Recorded:
        meeting = self.get(SupportMeeting, cmd.meeting_id, "meeting")
        meeting.void(reason=cmd.reason, on=cmd.occurred_on, actor=cmd.actor, today=self.today())
        cases = list(_cases(self, meeting.discussed_case_ids, "case_id").values())
        for case in cases:
            case.withdraw_discussion(
                meeting_id=meeting.id, reason=meeting.status_reason, on=cmd.occurred_on, actor=cmd.actor
            )
        return self._save(meeting, *cases)


def _scheduled(app: KasaneCore, cmd: ScheduleMeeting) -> SupportMeeting:
    with app.masters_read_together([(MeetingType, cmd.meeting_type), (Agency, cmd.convenor_agency)]):
        return _schedule(app, cmd)


def _schedule(app: KasaneCore, cmd: ScheduleMeeting) -> SupportMeeting:
    return SupportMeeting.schedule(
        meeting_id=cmd.meeting_id,
        meeting_type=app.master(MeetingType, cmd.meeting_type, "meeting_type"),
        title=cmd.title,
        scheduled_on=cmd.scheduled_on,
        convenor_agency=app.agency(cmd.convenor_agency, "convenor_agency"),
        planned_case_ids=tuple(_cases(app, cmd.planned_case_ids, "planned_case_ids")),
        sitting=_sitting(cmd),
        actor=cmd.actor,
        today=app.today(),
    )


def _expected(meeting: SupportMeeting, version: int | None) -> SupportMeeting:
    """The meeting, if it is still the version the user saw (``None``: whatever it is now)."""
    if version is not None and meeting.version != version:
        raise ConcurrentChange(
            "the meeting was changed by someone else after you opened it; reload and try again",
            field="expected_version",
        )
    return meeting


def _hold(app: KasaneCore, meeting: SupportMeeting, cmd: RecordMeetingOutcome | RecordHeldMeeting) -> Recorded:
    """Record the meeting as held and note it on every case it took up, in one atomic save."""
    with app.masters_read_together(_masters_checked(meeting, cmd)):
        return _record_held(app, meeting, cmd)


def _masters_checked(
    meeting: SupportMeeting, cmd: RecordMeetingOutcome | RecordHeldMeeting
) -> list[tuple[type[MasterRecord], object]]:
    """The master records recording ``cmd`` checks: its type, every attendee's and action item's agency."""
    attendees = cmd.attendees if isinstance(cmd.attendees, list | tuple) else ()
    items = cmd.action_items if isinstance(cmd.action_items, list | tuple) else ()
    return [
        (MeetingType, meeting.meeting_type),
        *((Agency, attendee.agency) for attendee in attendees if isinstance(attendee, Attendee)),
        *((Agency, item.owner_agency) for item in items if isinstance(item, ActionItem)),
    ]


def _record_held(app: KasaneCore, meeting: SupportMeeting, cmd: RecordMeetingOutcome | RecordHeldMeeting) -> Recorded:
    discussed = check_items(cmd.discussions, CaseDiscussion, "discussions")
    cases = _cases(app, [d.case_id for d in discussed], "discussions")
    meeting.record_outcome(
        meeting_type=app.master(MeetingType, meeting.meeting_type, "meeting_type"),
        held_on=cmd.held_on,
        attendees=tuple(
            replace(a, agency=app.agency(a.agency, "attendees"))
            for a in check_items(cmd.attendees, Attendee, "attendees")
        ),
        discussions=discussed,
        action_items=tuple(
            replace(i, owner_agency=app.agency(i.owner_agency, "action_items"))
            for i in check_items(cmd.action_items, ActionItem, "action_items")
        ),
        cases=cases,
        is_trial=cmd.is_trial,
        summary=cmd.summary,
        sitting=_sitting(cmd),
        actor=cmd.actor,
        today=app.today(),
    )
    for discussion in meeting.discussions:
        case = cases[discussion.case_id]
        case.note_discussion(
            meeting_id=meeting.id,
            meeting_type=meeting.meeting_type,
            held_on=cmd.held_on,
            outcome=discussion.outcome,
            actor=cmd.actor,
            consent_required=meeting.consent_required,
        )
        if discussion.outcome == DiscussionOutcome.CLOSURE_DECIDED:
            case.close(
                reason=discussion.closure_reason,
                note="",
                on=cmd.held_on,
                actor=cmd.actor,
                today=app.today(),
                meeting_id=meeting.id,
            )
    return app._save(meeting, *cases.values())


def _sitting(cmd: ScheduleMeeting | RecordMeetingOutcome) -> Sitting:
    return Sitting(starts_at=cmd.starts_at, ends_at=cmd.ends_at, place=cmd.place, recorder=cmd.recorder)


def _cases(app: KasaneCore, case_ids: object, field: str) -> dict[UUID, Case]:
    """The named cases by id, read together; raised as ``NotFound`` on ``field`` when one does not exist.

    The refusal is the one a check in turn gives: the first missing case, unless an id before it is malformed.
    """
    ids: list[UUID] = []
    malformed: InvalidInput | None = None
    for value in check_items(case_ids, object, field):
        try:
            ids.append(check_uuid(value, field))
        except InvalidInput as error:
            malformed = error
            break
    found = app.get_many(Case, ids, "case")
    for case_id in ids:
        if case_id not in found:
            raise NotFound("no such case", field=field, case_id=case_id)
    if malformed is not None:
        raise malformed
    return {case_id: found[case_id] for case_id in ids}
