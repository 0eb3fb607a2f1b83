"""Anonymous consultations (匿名相談, decision 13): counted, never tied to a case, never personal.

Asaka takes consultations "by phone and anonymously as well as face to face";
such a consultation opens no case and holds no personal data: only the date,
channel, agency, handler's role, issue tags and an optional topic category
chosen from a fixed list (there is no free text to put a name in). It counts
as a consultation (``case.consultation`` facts without a case unit), so every
consultation indicator counted 延べ includes it; 実 and 新規 count cases, and
an anonymous consultation has none.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.activity import Channel, HandlerRole
from domain.actor import Actor
from domain.issue_tags import IssueTag
from domain.validation import check_choice, check_choices, check_not_future, check_uuid


class Topic(StrEnum):
    """What the consultation was about, at a level that names nobody."""

    SERVICE_GUIDANCE = "service_guidance"
    """制度・サービス・窓口の案内."""
    PERSONAL_WORRY = "personal_worry"
    """本人の悩み・困りごと."""
    CONCERN_FOR_OTHERS = "concern_for_others"
    """家族や近所の人についての心配."""
    OTHER = "other"


class AnonymousConsultation(Aggregate):
    class Recorded(Aggregate.Created):
        occurred_on: date
        actor: Actor
        agency: str
        channel: str
        handler_role: str
        issue_tags: tuple[str, ...]
        topic: str

    @event(Recorded)
    def __init__(
        self,
        id: UUID,  # noqa: A002 - eventsourcing's name for a given aggregate id
        occurred_on: date,
        actor: Actor,
        agency: str,
        channel: str,
        handler_role: str,
        issue_tags: tuple[str, ...],
        topic: str,
    ) -> None:
        self.occurred_on = occurred_on
        self.agency = agency
        self.channel = channel
        self.handler_role = handler_role
        self.issue_tags = tuple(issue_tags)
        self.topic = topic

    @classmethod
    def record(
        cls,
        *,
        consultation_id: object,
        occurred_on: object,
        agency: str,
        channel: object,
        handler_role: object,
        issue_tags: object,
        topic: object,
        actor: Actor,
        today: date,
    ) -> AnonymousConsultation:
        """Record an anonymous consultation; the agency code is checked by the caller."""
        return cls(
            id=check_uuid(consultation_id, "consultation_id"),
            occurred_on=check_not_future(occurred_on, "occurred_on", today),
            actor=actor,
            agency=agency,
            channel=check_choice(channel, Channel, "channel").value,
            handler_role=check_choice(handler_role, HandlerRole, "handler_role").value,
            issue_tags=tuple(t.value for t in check_choices(issue_tags or (), IssueTag, "issue_tags")),
            topic=check_choice(topic, Topic, "topic").value if topic else "",
        )
