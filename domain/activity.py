"""What coordinators log against a case: consultations, outreach visits and
participation-support placements.

Each is an entry with its own id. A mistaken entry is never edited: it is
voided, or replaced by a corrected version, by a new event with a reason,
and the history keeps both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.errors import InvalidInput
from domain.issue_tags import IssueTag
from domain.validation import (
    MAX_NAME,
    check_bool,
    check_choice,
    check_choices,
    check_date,
    check_optional_date,
    check_text,
    check_uuid,
)


class Channel(StrEnum):
    """How a consultation reached the agency."""

    WINDOW = "window"
    PHONE = "phone"
    VISIT = "visit"
    ONLINE = "online"
    WEB_BOOKING = "web_booking"
    ANONYMOUS = "anonymous"


class RequesterType(StrEnum):
    """Who brought the consultation."""

    SELF = "self"
    FAMILY = "family"
    AGENCY = "agency"
    WELFARE_COMMISSIONER = "welfare_commissioner"
    NEIGHBOUR = "neighbour"
    OTHER = "other"


class HandlerRole(StrEnum):
    """The role of the person handling a consultation or visit."""

    CSW = "csw"
    PROMOTION_OFFICER = "promotion_officer"
    """相談支援包括化推進員."""
    COMMUNITY_WELFARE_COORDINATOR = "community_welfare_coordinator"
    LIFE_SUPPORT_COORDINATOR = "life_support_coordinator"
    CASEWORKER = "caseworker"
    PUBLIC_HEALTH_NURSE = "public_health_nurse"
    CONSULTATION_STAFF = "consultation_staff"
    OTHER = "other"


class VisitKind(StrEnum):
    HOME_VISIT = "home_visit"
    ACCOMPANIED_VISIT = "accompanied_visit"
    """同行訪問: staff of two agencies visiting together."""
    OUTREACH_SESSION = "outreach_session"
    URGENT_CHECK = "urgent_check"


class ResourceType(StrEnum):
    """What a participation-support placement connects the person to."""

    PLACE_TO_BELONG = "place_to_belong"
    WORK_EXPERIENCE = "work_experience"
    INTERMEDIATE_EMPLOYMENT = "intermediate_employment"
    VOLUNTEERING = "volunteering"
    SALON = "salon"
    LEARNING_SUPPORT = "learning_support"
    OTHER = "other"


class PlacementOutcome(StrEnum):
    COMPLETED = "completed"
    EMPLOYED = "employed"
    DROPPED_OUT = "dropped_out"
    MOVED_ON = "moved_on"


@dataclass(frozen=True)
class Consultation:
    entry_id: UUID
    occurred_on: date
    agency: str
    channel: str
    handler_role: str
    requester_type: str
    is_new: bool
    issue_tags: tuple[str, ...]
    summary: str

    @classmethod
    def checked(
        cls,
        *,
        entry_id: object,
        occurred_on: object,
        agency: str,
        channel: object,
        handler_role: object,
        requester_type: object,
        is_new: object,
        issue_tags: object = (),
        summary: object = "",
    ) -> Consultation:
        return cls(
            entry_id=check_uuid(entry_id, "entry_id"),
            occurred_on=check_date(occurred_on, "occurred_on"),
            agency=agency,
            channel=check_choice(channel, Channel, "channel").value,
            handler_role=check_choice(handler_role, HandlerRole, "handler_role").value,
            requester_type=check_choice(requester_type, RequesterType, "requester_type").value,
            is_new=check_bool(is_new, "is_new"),
            issue_tags=tuple(t.value for t in check_choices(issue_tags or (), IssueTag, "issue_tags")),
            summary=check_text(summary, "summary", required=False),
        )


@dataclass(frozen=True)
class OutreachVisit:
    entry_id: UUID
    occurred_on: date
    agency: str
    visit_kind: str
    handler_role: str
    accompanying_agencies: tuple[str, ...]
    contact_made: bool
    note: str

    @classmethod
    def checked(
        cls,
        *,
        entry_id: object,
        occurred_on: object,
        agency: str,
        visit_kind: object,
        handler_role: object,
        accompanying_agencies: object = (),
        contact_made: object,
        note: object = "",
    ) -> OutreachVisit:
        if isinstance(accompanying_agencies, str) or not isinstance(accompanying_agencies, list | tuple):
            raise InvalidInput("accompanying_agencies must be a list", field="accompanying_agencies")
        return cls(
            entry_id=check_uuid(entry_id, "entry_id"),
            occurred_on=check_date(occurred_on, "occurred_on"),
            agency=agency,
            visit_kind=check_choice(visit_kind, VisitKind, "visit_kind").value,
            handler_role=check_choice(handler_role, HandlerRole, "handler_role").value,
            accompanying_agencies=tuple(dict.fromkeys(a for a in accompanying_agencies if a != agency)),
            contact_made=check_bool(contact_made, "contact_made"),
            note=check_text(note, "note", required=False),
        )


@dataclass(frozen=True)
class Placement:
    entry_id: UUID
    occurred_on: date
    """The start date."""
    resource_type: str
    host_organisation: str
    agency: str
    note: str
    ended_on: date | None = None
    outcome: str | None = None

    @classmethod
    def checked(
        cls,
        *,
        entry_id: object,
        occurred_on: object,
        resource_type: object,
        host_organisation: object,
        agency: str,
        note: object = "",
        ended_on: object = None,
        outcome: object = None,
    ) -> Placement:
        started = check_date(occurred_on, "started_on")
        ended = check_optional_date(ended_on, "ended_on")
        if ended is not None and ended < started:
            raise InvalidInput("a placement cannot end before it started", field="ended_on")
        if (ended is None) != (outcome is None):
            raise InvalidInput("an ended placement needs both an end date and an outcome", field="outcome")
        return cls(
            entry_id=check_uuid(entry_id, "entry_id"),
            occurred_on=started,
            resource_type=check_choice(resource_type, ResourceType, "resource_type").value,
            host_organisation=check_text(host_organisation, "host_organisation", max_length=MAX_NAME),
            agency=agency,
            note=check_text(note, "note", required=False),
            ended_on=ended,
            outcome=None if outcome is None else check_choice(outcome, PlacementOutcome, "outcome").value,
        )


Entry = Consultation | OutreachVisit | Placement
