"""Reading the 取消 / 訂正 forms of a community activity into commands, and who may use them.

A community activity belongs to the agency that recorded it; a coordinator or
supervisor of that agency may void or correct it (the same agency scope as
recording it). To anyone else the record does not exist (404).
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.actor import Actor
from domain.community_commands import CorrectCommunityActivity, VoidCommunityActivity
from domain.errors import NotFound
from projections.community.queries import CommunityActivityView, community_activity
from web.forms.reader import FormReader, Values, initial

EDITABLE = ("occurred_on", "title", "audience", "participants", "contacts", "note")
"""The details the correction form offers (kind and area are corrected through the API)."""


def own_activity(connection: Connection, activity_id: UUID, agency: str) -> CommunityActivityView:
    """The activity, if the user's agency recorded it; otherwise, as if it did not exist."""
    found = community_activity(connection, activity_id)
    if found is None or found.agency != agency:
        raise NotFound("no such community activity", field="id")
    return found


def correction_defaults(activity: CommunityActivityView, today: date) -> Values:
    return initial(**{name: getattr(activity, name) for name in EDITABLE}, corrected_on=today)


def void_command(values: Values, activity_id: UUID, actor: Actor, today: date) -> VoidCommunityActivity:
    f = FormReader(values)
    reason, on = f.text("reason", required=True), f.day("voided_on", required=False) or today
    f.check()
    return VoidCommunityActivity(actor=actor, activity_id=activity_id, reason=reason, occurred_on=on)


def correction_command(
    values: Values, activity: CommunityActivityView, actor: Actor, today: date
) -> CorrectCommunityActivity:
    """Only the details whose submitted value differs from the record's become changes."""
    f = FormReader(values)
    submitted: dict[str, object] = {
        "occurred_on": f.day("occurred_on"),
        "title": f.text("title", required=True),
        "audience": f.text("audience"),
        "participants": _count(f, "participants"),
        "contacts": _count(f, "contacts"),
        "note": f.text("note"),
    }
    reason, on = f.text("reason", required=True), f.day("corrected_on", required=False) or today
    f.check()
    changes = {name: value for name, value in submitted.items() if value != getattr(activity, name)}
    return CorrectCommunityActivity(
        actor=actor, activity_id=activity.activity_id, changes=changes, reason=reason, occurred_on=on
    )


def _count(f: FormReader, name: str) -> int | None:
    text = f.text(name) or "0"
    if not text.isdigit():
        f.errors.setdefault(name, "bad_number")
        return None
    return int(text)
