"""Community-level activities (地域づくり・連携): work not tied to one case.

相談会, 地域アセスメント, attendance at 連携会議, 研修, 協議体 … are counted by
indicators just like case events, so they live in the same log. A mistaken
record is corrected or voided by a new event with a reason; history keeps all.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.actor import Actor
from domain.errors import InvalidInput, TransitionNotAllowed
from domain.validation import (
    MAX_NAME,
    check_choice,
    check_code,
    check_count,
    check_date,
    check_not_future,
    check_text,
    check_uuid,
)


class ActivityKind(StrEnum):
    CONSULTATION_SESSION = "consultation_session"
    """相談会."""
    AREA_ASSESSMENT = "area_assessment"
    """地域アセスメント (always of one area)."""
    LIAISON_MEETING_ATTENDANCE = "liaison_meeting_attendance"
    """連携会議への参加."""
    TRAINING = "training"
    """研修・説明会."""
    COMMUNITY_MEETING = "community_meeting"
    """協議体 / 円卓会議 / 福祉のまちづくり委員会."""
    OUTREACH_SESSION = "outreach_session"
    """巡回相談会."""
    OTHER = "other"


@dataclass(frozen=True)
class CommunityActivityDetails:
    """What was done; agency and area codes are checked by the caller."""

    kind: str
    occurred_on: date
    agency: str
    title: str
    area: str | None
    participants: int
    """People who took part (参加者数)."""
    contacts: int
    """Consultations or contacts received, e.g. at a 相談会 (相談件数)."""
    audience: str
    """Who it was for: the code of an ``Audience`` (民生委員・児童委員, 地域住民 …), or empty."""
    note: str
    audience_text: str = ""
    """Who it was for as typed before audiences were coded (庁内, 地域住民 …): kept and shown as recorded, never
    counted by an audience filter; a correction that names an audience replaces it (``Recorded`` v2 upcasts)."""

    @classmethod
    def checked(
        cls,
        *,
        kind: object,
        occurred_on: object,
        agency: str,
        title: object,
        area: str | None = None,
        participants: object = 0,
        contacts: object = 0,
        audience: object = "",
        note: object = "",
        audience_text: str = "",
    ) -> CommunityActivityDetails:
        checked_kind = check_choice(kind, ActivityKind, "kind")
        if checked_kind == ActivityKind.AREA_ASSESSMENT and area is None:
            raise InvalidInput("an area assessment needs the area it assessed", field="area")
        return cls(
            kind=checked_kind.value,
            occurred_on=check_date(occurred_on, "occurred_on"),
            agency=agency,
            title=check_text(title, "title", max_length=MAX_NAME),
            area=area,
            participants=check_count(participants, "participants"),
            contacts=check_count(contacts, "contacts"),
            audience="" if audience in ("", None) else check_code(audience, "audience"),
            note=check_text(note, "note", required=False),
            audience_text=audience_text,
        )


class CommunityActivity(Aggregate):
    """One community-level activity, with its corrections and possibly a void."""

    class Recorded(Aggregate.Created):
        """Version 2: ``details.audience`` is an audience code; a version 1 event's free text moves to
        ``details.audience_text``."""

        class_version = 2
        occurred_on: date
        actor: Actor
        details: CommunityActivityDetails

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["details"] = _free_text_audience(state["details"])

    @event(Recorded)
    def __init__(
        self,
        id: UUID,
        occurred_on: date,
        actor: Actor,
        details: CommunityActivityDetails,  # noqa: A002
    ) -> None:
        self.details = details
        self.void_reason: str | None = None

    @classmethod
    def record(cls, *, activity_id: object, actor: Actor, today: date, **details: object) -> CommunityActivity:
        """Record an activity; ``details`` as ``CommunityActivityDetails.checked``."""
        checked = CommunityActivityDetails.checked(**details)  # type: ignore[arg-type]
        check_not_future(checked.occurred_on, "occurred_on", today)
        return cls(
            id=check_uuid(activity_id, "activity_id"), occurred_on=checked.occurred_on, actor=actor, details=checked
        )

    def correct(
        self, changes: dict[str, object], *, reason: object, on: object, actor: Actor, today: date
    ) -> CommunityActivityDetails:
        """Replace the details by a corrected version, re-checked as a whole."""
        self._check_not_voided()
        current = {f.name: getattr(self.details, f.name) for f in fields(self.details)}
        unknown = set(changes) - (set(current) - {"audience_text"})  # the text before codes is never typed in
        if unknown:
            raise InvalidInput(f"unknown field(s): {', '.join(sorted(unknown))}", field="changes")
        if "audience" in changes:
            current["audience_text"] = ""  # the coded audience replaces the text recorded before codes
        corrected = CommunityActivityDetails.checked(**{**current, **changes})
        check_not_future(corrected.occurred_on, "occurred_on", today)
        if corrected == self.details:
            raise InvalidInput("the correction changes nothing", field="changes")
        self._corrected(
            occurred_on=check_not_future(on, "occurred_on", today),
            actor=actor,
            details=corrected,
            reason=check_text(reason, "reason"),
        )
        return corrected

    class Corrected(Aggregate.Event):
        """Version 2: as ``Recorded``."""

        class_version = 2
        occurred_on: date
        actor: Actor
        details: CommunityActivityDetails
        reason: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["details"] = _free_text_audience(state["details"])

    @event(Corrected)
    def _corrected(self, occurred_on: date, actor: Actor, details: CommunityActivityDetails, reason: str) -> None:
        self.details = details

    def void(self, *, reason: object, on: object, actor: Actor, today: date) -> None:
        """Mark the record void; it stays in the history but no longer counts."""
        self._check_not_voided()
        self._voided(
            occurred_on=check_not_future(on, "occurred_on", today), actor=actor, reason=check_text(reason, "reason")
        )

    class Voided(Aggregate.Event):
        occurred_on: date
        actor: Actor
        reason: str

    @event(Voided)
    def _voided(self, occurred_on: date, actor: Actor, reason: str) -> None:
        self.void_reason = reason

    @property
    def voided(self) -> bool:
        return self.void_reason is not None

    def _check_not_voided(self) -> None:
        if self.voided:
            raise TransitionNotAllowed("that activity record has been voided", field="activity_id")


def _free_text_audience(details: CommunityActivityDetails) -> CommunityActivityDetails:
    """Before audiences were coded, ``audience`` held free text: it becomes ``audience_text``, with no code."""
    return replace(details, audience="", audience_text=details.audience)
