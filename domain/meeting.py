"""Support meetings (会議): 支援会議, 重層的支援会議, 地域ケア会議, 連携会議 …

A meeting is scheduled, then held or cancelled. Recording it as held says
who came, which cases were taken up and what was decided; each discussed case
notes the meeting in its own timeline in the same atomic save (the use case
does that), so a concurrent consent withdrawal conflicts instead of slipping
through. A held meeting recorded by mistake is voided, never deleted.

The value objects of its record (attendees, case discussions, action items) and
their checks are in ``domain.meeting_record``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.case import Case
from domain.consent import ConsentScope
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from domain.meeting_minutes import NOT_GIVEN, Sitting, check_sitting
from domain.meeting_record import (
    ActionItem,
    Attendee,
    CaseDiscussion,
    case_in,
    check_may_close,
    check_may_discuss,
    checked_action_items,
    checked_attendees,
    checked_discussions,
)
from domain.meeting_type import MeetingType
from domain.validation import (
    MAX_NAME,
    check_bool,
    check_date,
    check_items,
    check_not_future,
    check_text,
    check_uuid,
)


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"
    VOIDED = "voided"
    """Recorded as held by mistake: kept in the history, no longer counted."""


class SupportMeeting(Aggregate):
    """One meeting of a configured meeting type, from scheduling to its record."""

    class Scheduled(Aggregate.Created):
        occurred_on: date
        actor: Actor
        meeting_type: str
        title: str
        scheduled_on: date
        convenor_agency: str
        planned_case_ids: tuple[UUID, ...]
        starts_at: str = ""
        ends_at: str = ""
        place: str = ""
        recorder: str = ""

    @event(Scheduled)
    def __init__(
        self,
        id: UUID,  # noqa: A002 - eventsourcing's name for a given aggregate id
        occurred_on: date,
        actor: Actor,
        meeting_type: str,
        title: str,
        scheduled_on: date,
        convenor_agency: str,
        planned_case_ids: tuple[UUID, ...],
        starts_at: str = "",
        ends_at: str = "",
        place: str = "",
        recorder: str = "",
    ) -> None:
        self.meeting_type = meeting_type
        self.title = title
        self.scheduled_on = scheduled_on
        self.convenor_agency = convenor_agency
        self.planned_case_ids = tuple(planned_case_ids)
        self.status = MeetingStatus.SCHEDULED
        self.status_reason = ""
        self.held_on: date | None = None
        self.attendees: tuple[Attendee, ...] = ()
        self.discussions: tuple[CaseDiscussion, ...] = ()
        self.action_items: dict[UUID, ActionItem] = {}
        self.completed_items: dict[UUID, date] = {}
        self.is_trial = False
        self.summary = ""
        self.consent_required = False
        self.restricted_records = False
        self.sitting = Sitting(starts_at=starts_at, ends_at=ends_at, place=place, recorder=recorder)

    @classmethod
    def schedule(
        cls,
        *,
        meeting_id: object,
        meeting_type: MeetingType,
        title: object,
        scheduled_on: object,
        convenor_agency: str,
        planned_case_ids: object = (),
        sitting: Sitting = NOT_GIVEN,
        actor: Actor,
        today: date,
    ) -> SupportMeeting:
        """Put a meeting in the diary; it may be dated in the past to record one afterwards."""
        _check_usable(meeting_type)
        planned = [check_uuid(c, "planned_case_ids") for c in check_items(planned_case_ids, object, "planned_case_ids")]
        checked_sitting = check_sitting(sitting)
        return cls(
            id=check_uuid(meeting_id, "meeting_id"),
            occurred_on=today,
            actor=actor,
            meeting_type=meeting_type.code,
            title=check_text(title, "title", max_length=MAX_NAME),
            scheduled_on=check_date(scheduled_on, "scheduled_on"),
            convenor_agency=convenor_agency,
            planned_case_ids=tuple(dict.fromkeys(planned)),
            starts_at=checked_sitting.starts_at,
            ends_at=checked_sitting.ends_at,
            place=checked_sitting.place,
            recorder=checked_sitting.recorder,
        )

    def cases_lacking_consent(self, meeting_type: MeetingType, cases: Mapping[UUID, Case]) -> tuple[UUID, ...]:
        """The planned cases this meeting could not take up on its scheduled day as things stand.

        A warning at scheduling (consent may still be recorded before the day);
        recording the meeting as held refuses them (``record_outcome``)."""
        if not meeting_type.requires_consent:
            return ()
        return tuple(
            case_id
            for case_id in self.planned_case_ids
            if case_in(cases, case_id).consent_in_force(ConsentScope.MEETING_DISCUSSION, self.scheduled_on) is None
        )

    # ---- before the meeting -------------------------------------------------

    def reschedule(self, *, scheduled_on: object, reason: object, actor: Actor, today: date) -> None:
        self._check_scheduled("only a scheduled meeting can be rescheduled")
        day = check_date(scheduled_on, "scheduled_on")
        if day == self.scheduled_on:
            raise InvalidInput("the meeting is already scheduled for that day", field="scheduled_on")
        self._rescheduled(occurred_on=today, actor=actor, scheduled_on=day, reason=check_text(reason, "reason"))

    class Rescheduled(Aggregate.Event):
        occurred_on: date
        actor: Actor
        scheduled_on: date
        reason: str

    @event(Rescheduled)
    def _rescheduled(self, occurred_on: date, actor: Actor, scheduled_on: date, reason: str) -> None:
        self.scheduled_on = scheduled_on

    def cancel(self, *, reason: object, on: object, actor: Actor, today: date) -> None:
        self._check_scheduled("only a scheduled meeting can be cancelled")
        self._cancelled(
            occurred_on=check_not_future(on, "cancelled_on", today), actor=actor, reason=check_text(reason, "reason")
        )

    class Cancelled(Aggregate.Event):
        occurred_on: date
        actor: Actor
        reason: str

    @event(Cancelled)
    def _cancelled(self, occurred_on: date, actor: Actor, reason: str) -> None:
        self.status = MeetingStatus.CANCELLED
        self.status_reason = reason

    def _check_scheduled(self, message: str) -> None:
        if self.status != MeetingStatus.SCHEDULED:
            raise TransitionNotAllowed(f"{message}; this one is {self.status.value}", field="status")

    # ---- the record of the meeting -----------------------------------------

    def record_outcome(
        self,
        *,
        meeting_type: MeetingType,
        held_on: object,
        attendees: object,
        discussions: object,
        action_items: object,
        cases: Mapping[UUID, Case],
        is_trial: object,
        summary: object,
        sitting: Sitting = NOT_GIVEN,
        actor: Actor,
        today: date,
    ) -> None:
        """Record that the meeting was held. Agency codes are checked by the caller, which
        also passes every discussed case, so that consent is judged on the meeting date.

        A case-level meeting takes up at least one case, unless it is recorded as a
        trial (試行実施), e.g. a meeting about the system itself."""
        self._check_scheduled("only a scheduled meeting can be recorded as held")
        if meeting_type.code != self.meeting_type:
            raise InvalidInput("that is not this meeting's type", field="meeting_type")
        _check_usable(meeting_type)
        day = check_not_future(held_on, "held_on", today)
        trial = check_bool(is_trial, "is_trial")
        taken_up = checked_discussions(discussions, meeting_type, trial)
        for discussion in taken_up:
            check_may_discuss(case_in(cases, discussion.case_id), meeting_type, day)
            check_may_close(case_in(cases, discussion.case_id), discussion)
        checked_sitting = check_sitting(sitting)
        self._held(
            occurred_on=day,
            actor=actor,
            attendees=checked_attendees(attendees),
            discussions=taken_up,
            action_items=checked_action_items(action_items, day, {d.case_id for d in taken_up}),
            is_trial=trial,
            summary=check_text(summary, "summary", required=False),
            consent_required=meeting_type.requires_consent,
            restricted_records=meeting_type.restricted_records,
            starts_at=checked_sitting.starts_at,
            ends_at=checked_sitting.ends_at,
            place=checked_sitting.place,
            recorder=checked_sitting.recorder,
        )

    class Held(Aggregate.Event):
        occurred_on: date
        actor: Actor
        attendees: tuple[Attendee, ...]
        discussions: tuple[CaseDiscussion, ...]
        action_items: tuple[ActionItem, ...]
        is_trial: bool
        summary: str
        consent_required: bool
        restricted_records: bool
        starts_at: str = ""
        ends_at: str = ""
        place: str = ""
        recorder: str = ""

    @event(Held)
    def _held(
        self,
        occurred_on: date,
        actor: Actor,
        attendees: tuple[Attendee, ...],
        discussions: tuple[CaseDiscussion, ...],
        action_items: tuple[ActionItem, ...],
        is_trial: bool,
        summary: str,
        consent_required: bool,
        restricted_records: bool,
        starts_at: str = "",
        ends_at: str = "",
        place: str = "",
        recorder: str = "",
    ) -> None:
        self.status = MeetingStatus.HELD
        self.held_on = occurred_on
        self.attendees = tuple(attendees)
        self.discussions = tuple(discussions)
        self.action_items = {i.item_id: i for i in action_items}
        self.is_trial = is_trial
        self.summary = summary
        self.consent_required = consent_required
        self.restricted_records = restricted_records
        self.sitting = Sitting(starts_at=starts_at, ends_at=ends_at, place=place, recorder=recorder)

    # ---- after the meeting -------------------------------------------------

    def complete_action_item(
        self, *, item_id: object, done_on: object, note: object, actor: Actor, today: date
    ) -> None:
        held_on = self._check_held("action items can only be completed on a held meeting")
        item_uuid = check_uuid(item_id, "item_id")
        if item_uuid not in self.action_items:
            raise NotFound("no such action item on this meeting", field="item_id")
        if item_uuid in self.completed_items:
            raise TransitionNotAllowed("that action item has already been completed", field="item_id")
        day = check_not_future(done_on, "done_on", today)
        if day < held_on:
            raise InvalidInput("an action item cannot be done before the meeting gave it", field="done_on")
        self._action_item_completed(
            occurred_on=day, actor=actor, item_id=item_uuid, note=check_text(note, "note", required=False)
        )

    class ActionItemCompleted(Aggregate.Event):
        occurred_on: date
        actor: Actor
        item_id: UUID
        note: str

    @event(ActionItemCompleted)
    def _action_item_completed(self, occurred_on: date, actor: Actor, item_id: UUID, note: str) -> None:
        self.completed_items[item_id] = occurred_on

    def void(self, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Mark a meeting recorded by mistake void; the caller withdraws its cases' notes."""
        held_on = self._check_held("only a held meeting's record can be voided")
        day = check_not_future(on, "occurred_on", today)
        if day < held_on:
            raise InvalidInput("a meeting record cannot be voided before the meeting", field="occurred_on")
        self._voided(occurred_on=day, actor=actor, reason=check_text(reason, "reason"))

    class Voided(Aggregate.Event):
        occurred_on: date
        actor: Actor
        reason: str

    @event(Voided)
    def _voided(self, occurred_on: date, actor: Actor, reason: str) -> None:
        self.status = MeetingStatus.VOIDED
        self.status_reason = reason

    def _check_held(self, message: str) -> date:
        if self.status != MeetingStatus.HELD or self.held_on is None:
            raise TransitionNotAllowed(f"{message}; this one is {self.status.value}", field="status")
        return self.held_on

    # ---- reading -------------------------------------------------------------

    @property
    def discussed_case_ids(self) -> tuple[UUID, ...]:
        return tuple(d.case_id for d in self.discussions)

    @property
    def open_action_items(self) -> list[ActionItem]:
        return [i for i in self.action_items.values() if i.item_id not in self.completed_items]


def _check_usable(meeting_type: MeetingType) -> None:
    if not meeting_type.active:
        raise InvalidInput(f"meeting type {meeting_type.code!r} has been retired", field="meeting_type")
