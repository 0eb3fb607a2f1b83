"""The forms for work not tied to a case: a community activity (相談会, 研修 …) and an anonymous consultation.

Each reads submitted fields into its command; the domain checks the rules.
A fresh form carries a new id, so a form sent twice records once.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from domain.actor import Actor
from domain.casework_commands import RecordAnonymousConsultation
from domain.community_commands import RecordCommunityActivity
from web.forms.reader import FormReader, Values, initial


def _count(f: FormReader, name: str) -> int:
    """A number of people typed into a box: blank is 0; anything but digits is refused beside the field."""
    value = f.text(name)
    if not value:
        return 0
    if not value.isdigit():
        f.errors.setdefault(name, "bad_number")
        return 0
    return int(value)


def community_activity(values: Values, actor: Actor) -> RecordCommunityActivity:
    f = FormReader(values)
    fields: dict[str, Any] = dict(  # as read; check() refuses unreadable fields, the use case validates each
        activity_id=f.uuid("activity_id"),
        kind=f.text("kind", required=True),
        occurred_on=f.day("occurred_on"),
        agency=f.text("agency", required=True),
        title=f.text("title", required=True),
        area=f.text("area") or None,
        participants=_count(f, "participants"),
        contacts=_count(f, "contacts"),
        audience=f.text("audience"),
        note=f.text("note"),
    )
    f.check()
    return RecordCommunityActivity(actor=actor, **fields)


def community_activity_defaults(actor: Actor, today: date) -> Values:
    return initial(activity_id=uuid.uuid4(), occurred_on=today, agency=actor.agency_id, kind="consultation_session")


def anonymous_consultation(values: Values, actor: Actor) -> RecordAnonymousConsultation:
    f = FormReader(values)
    fields: dict[str, Any] = dict(  # as read; check() refuses unreadable fields, the use case validates each
        consultation_id=f.uuid("consultation_id"),
        occurred_on=f.day("occurred_on"),
        agency=f.text("agency", required=True),
        channel=f.text("channel", required=True),
        handler_role=f.text("handler_role", required=True),
        issue_tags=f.many("issue_tags"),
        topic=f.text("topic"),
    )
    f.check()
    return RecordAnonymousConsultation(actor=actor, **fields)


def anonymous_consultation_defaults(actor: Actor, today: date) -> Values:
    return initial(
        consultation_id=uuid.uuid4(),
        occurred_on=today,
        agency=actor.agency_id,
        channel="phone",
        handler_role="consultation_staff",
    )
