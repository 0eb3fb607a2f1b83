"""What the record of a held support meeting holds, and the checks on it.

Attendees, case discussions and action items are value objects stored inside
``SupportMeeting.Held`` events (``domain.transcodings`` names them by class
name, so they keep their names wherever they live). They and their checks are
kept apart from the aggregate in ``domain.meeting`` so that each stays small.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.case import Case
from domain.consent import ConsentScope
from domain.errors import AlreadyExists, ConsentRequired, InvalidInput, NotFound, TransitionNotAllowed
from domain.lifecycle import CaseStatus, ClosureReason
from domain.meeting_type import MeetingLevel, MeetingType
from domain.validation import MAX_NAME, check_choice, check_date, check_items, check_text, check_uuid


class DiscussionOutcome(StrEnum):
    """What a meeting did about one case."""

    INFORMATION_SHARED = "information_shared"
    """情報共有."""
    PLAN_MADE = "plan_made"
    """プラン作成."""
    PLAN_REVIEWED = "plan_reviewed"
    """支援プランの見直し."""
    ROLES_ALLOCATED = "roles_allocated"
    """役割分担."""
    CONTINUE_SUPPORT = "continue_support"
    """支援継続."""
    CLOSE_RECOMMENDED = "close_recommended"
    """終結の判断."""
    OTHER = "other"
    CLOSURE_DECIDED = "closure_decided"
    """終結 decided at the meeting: the case is closed in the same save, with the meeting as its basis."""


@dataclass(frozen=True)
class Attendee:
    """An agency present at a meeting, and in what role (e.g. 相談支援包括化推進員)."""

    agency: str
    role: str = ""


@dataclass(frozen=True)
class CaseDiscussion:
    """What a meeting decided about one case it took up."""

    case_id: UUID
    outcome: str
    """One of ``DiscussionOutcome``."""
    decisions: str = ""
    role_allocation: str = ""
    closure_reason: str = ""
    """One of ``ClosureReason`` when the outcome is ``CLOSURE_DECIDED``; empty otherwise."""


@dataclass(frozen=True)
class ActionItem:
    """A task the meeting gave one agency, optionally about one of the discussed cases."""

    item_id: UUID
    description: str
    owner_agency: str
    due_on: date
    case_id: UUID | None = None


def case_in(cases: Mapping[UUID, Case], case_id: UUID) -> Case:
    try:
        return cases[case_id]
    except KeyError:
        raise NotFound("no such case", field="discussions", case_id=case_id) from None


def check_may_discuss(case: Case, meeting_type: MeetingType, held_on: date) -> None:
    """Raised when a case cannot be taken up on that day: not yet opened, or (for a meeting
    type that requires it) without consent to discussion in force on the meeting date."""
    if held_on < case.opened_on:
        raise InvalidInput(
            f"case {case.id} was opened on {case.opened_on.isoformat()}, after the meeting",
            field="discussions",
            case_id=case.id,
        )
    if meeting_type.requires_consent and case.consent_in_force(ConsentScope.MEETING_DISCUSSION, held_on) is None:
        raise ConsentRequired(
            f"case {case.id} has no consent to meeting discussion in force on {held_on.isoformat()}, "
            f"which a {meeting_type.name} requires",
            field="discussions",
            case_id=case.id,
            household_name=case.household_name,
        )


def check_may_close(case: Case, discussion: CaseDiscussion) -> None:
    """Raised when a meeting decides 終結 for a case that is already closed."""
    if discussion.outcome == DiscussionOutcome.CLOSURE_DECIDED and case.status == CaseStatus.CLOSED:
        raise TransitionNotAllowed(
            f"case {case.id} is already closed; reopen it before deciding its closure again",
            field="discussions",
            case_id=case.id,
        )


def checked_attendees(values: object) -> tuple[Attendee, ...]:
    attendees = tuple(
        Attendee(agency=a.agency, role=check_text(a.role, "attendees", required=False, max_length=MAX_NAME))
        for a in check_items(values, Attendee, "attendees")
    )
    if not attendees:
        raise InvalidInput("a meeting needs at least one attending agency", field="attendees")
    return tuple(dict.fromkeys(attendees))


def checked_discussions(values: object, meeting_type: MeetingType, is_trial: bool) -> tuple[CaseDiscussion, ...]:
    discussions = tuple(_checked_discussion(d) for d in check_items(values, CaseDiscussion, "discussions"))
    case_ids = [d.case_id for d in discussions]
    if len(set(case_ids)) != len(case_ids):
        raise InvalidInput("a case can be taken up only once per meeting", field="discussions")
    if not discussions and meeting_type.level == MeetingLevel.CASE and not is_trial:
        raise InvalidInput(f"a {meeting_type.name} must take up at least one case", field="discussions")
    return discussions


def _checked_discussion(d: CaseDiscussion) -> CaseDiscussion:
    case_id = check_uuid(d.case_id, "discussions")
    outcome = check_choice(d.outcome, DiscussionOutcome, "discussions")
    closure_reason = ""
    if d.closure_reason and outcome != DiscussionOutcome.CLOSURE_DECIDED:
        raise InvalidInput(
            "a closure reason goes with the outcome closure_decided only", field="closure_reason", case_id=case_id
        )
    if outcome == DiscussionOutcome.CLOSURE_DECIDED:
        if not d.closure_reason:
            raise InvalidInput("choose the reason for closing the case", field="closure_reason", case_id=case_id)
        if d.closure_reason not in {r.value for r in ClosureReason}:
            raise InvalidInput(f"{d.closure_reason!r} is not a closure reason", field="closure_reason", case_id=case_id)
        closure_reason = str(d.closure_reason)
    return CaseDiscussion(
        case_id=case_id,
        outcome=outcome.value,
        decisions=check_text(d.decisions, "discussions", required=False),
        role_allocation=check_text(d.role_allocation, "discussions", required=False),
        closure_reason=closure_reason,
    )


def checked_action_items(values: object, held_on: date, case_ids: set[UUID]) -> tuple[ActionItem, ...]:
    items = tuple(_checked_action_item(i, held_on, case_ids) for i in check_items(values, ActionItem, "action_items"))
    ids = [i.item_id for i in items]
    if len(set(ids)) != len(ids):
        raise AlreadyExists("two action items have the same id", field="action_items")
    return items


def _checked_action_item(item: ActionItem, held_on: date, case_ids: set[UUID]) -> ActionItem:
    due = check_date(item.due_on, "action_items")
    if due < held_on:
        raise InvalidInput("an action item cannot be due before the meeting", field="action_items")
    case_id = None if item.case_id is None else check_uuid(item.case_id, "action_items")
    if case_id is not None and case_id not in case_ids:
        raise InvalidInput("an action item's case must be one the meeting took up", field="action_items")
    return ActionItem(
        item_id=check_uuid(item.item_id, "action_items"),
        description=check_text(item.description, "action_items"),
        owner_agency=item.owner_agency,
        due_on=due,
        case_id=case_id,
    )
