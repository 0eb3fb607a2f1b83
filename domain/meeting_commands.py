"""Commands about support meetings: scheduling, the record of a held meeting, its action items.

Kept beside ``domain.commands`` (same base class) so that each module stays small.
Attendee, CaseDiscussion and ActionItem are stored inside events, so they live
in ``domain.meeting_record``, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.commands import Command
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion


@dataclass(frozen=True, kw_only=True)
class ScheduleMeeting(Command):
    meeting_id: UUID
    meeting_type: str
    title: str
    scheduled_on: date
    convenor_agency: str
    planned_case_ids: tuple[UUID, ...] = ()
    starts_at: str = ""
    """Time of day as HH:MM (Japan time); optional, as are ``ends_at``, ``place`` and ``recorder``."""
    ends_at: str = ""
    place: str = ""
    recorder: str = ""


@dataclass(frozen=True, kw_only=True)
class RescheduleMeeting(Command):
    meeting_id: UUID
    scheduled_on: date
    reason: str


@dataclass(frozen=True, kw_only=True)
class CancelMeeting(Command):
    meeting_id: UUID
    reason: str
    cancelled_on: date
    expected_version: int | None = None


@dataclass(frozen=True, kw_only=True)
class RecordMeetingOutcome(Command):
    """Record that a scheduled meeting was held: who came, which cases, what was decided.

    Each discussed case gets a ``DiscussedAtMeeting`` event in the same atomic
    save; for a meeting type that requires consent, every case must have
    consent in force on ``held_on`` or nothing is recorded.
    """

    meeting_id: UUID
    held_on: date
    attendees: tuple[Attendee, ...]
    discussions: tuple[CaseDiscussion, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    is_trial: bool = False
    summary: str = ""
    expected_version: int | None = None
    """The meeting version the user saw; a newer one means someone else changed it first."""
    starts_at: str = ""
    ends_at: str = ""
    place: str = ""
    recorder: str = ""


@dataclass(frozen=True, kw_only=True)
class RecordHeldMeeting(ScheduleMeeting):
    """Record a meeting that was held without having been scheduled here first.

    Scheduling and the record of the meeting are saved together with the
    discussed cases' notes, so a refusal (e.g. a case without consent) stores nothing.
    """

    held_on: date
    attendees: tuple[Attendee, ...]
    discussions: tuple[CaseDiscussion, ...] = ()
    action_items: tuple[ActionItem, ...] = ()
    is_trial: bool = False
    summary: str = ""


@dataclass(frozen=True, kw_only=True)
class CompleteActionItem(Command):
    meeting_id: UUID
    item_id: UUID
    done_on: date
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class VoidMeetingRecord(Command):
    """Void a meeting recorded by mistake; its cases' discussion notes are withdrawn too."""

    meeting_id: UUID
    reason: str
    occurred_on: date
