"""The meeting form: schedule a meeting, or record one as held, with its rows.

Rows are numbered fields, as in the intake form: ``attendees-0-agency``,
``cases-0-case_id`` (plus the household name, kept only to show the row
again), ``items-0-description``. A row left blank is ignored, so rows can
be added and removed freely in the browser. A refusal from the domain that
names a case is shown beside that case's row (``error_fields``).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from uuid import UUID

from domain.actor import Actor
from domain.errors import KasaneError
from domain.meeting_commands import CancelMeeting, RecordHeldMeeting, RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from web.forms.reader import FormInvalid, FormReader, Values, initial
from web.i18n.language import Translator

Mode = Literal["schedule", "held"]
ROW_GROUPS = {
    "attendees": ("agency", "role"),
    "cases": ("case_id", "household", "outcome", "decisions", "role_allocation", "closure_reason"),
    "items": ("description", "owner_agency", "due_on", "case_id"),
}
ROW_FIELD = re.compile(r"^(attendees|cases|items)-(\d+)-(\w+)$")

DOMAIN_FIELDS = {
    "discussions": "cases",
    "planned_case_ids": "cases",
    "action_items": "items",
    "attendees": "attendees",
    "held_on": "meeting_on",
    "scheduled_on": "meeting_on",
    "cancelled_on": "cancelled_on",
    "expected_version": "",
    "meeting_id": "",
    "id": "",
}
"""Where on the form a refusal about a command field is shown."""


SITTING = ("starts_at", "ends_at", "place", "recorder")
"""The minutes' time, place and recorder: fields of both the new-meeting and the record form."""


def defaults(actor: Actor, today: date, case: tuple[UUID, str] | None = None) -> Values:
    """A new meeting's form; opened from a case page, it starts with that case taken up."""
    fields: dict[str, object] = {"attendees-0-agency": actor.agency_id}
    if case is not None:
        fields |= _case_row(0, *case)
    return initial(meeting_id=uuid.uuid4(), mode="held", meeting_on=today, convenor_agency=actor.agency_id, **fields)


def _case_row(row: int, case_id: UUID, household: str | None) -> dict[str, object]:
    return {
        f"cases-{row}-case_id": case_id,
        f"cases-{row}-household": household or "",
        f"cases-{row}-outcome": "information_shared",
    }


def defaults_for_record(
    scheduled_on: date, convenor: str, planned: list[tuple[UUID, str | None]], sitting: dict[str, str] | None = None
) -> Values:
    """The record form of a scheduled meeting: its day, time and place, its convenor attending, its planned cases."""
    fields: dict[str, object] = {"meeting_on": scheduled_on, "attendees-0-agency": convenor, **(sitting or {})}
    for row, (case_id, household) in enumerate(planned):
        fields |= _case_row(row, case_id, household)
    return initial(**fields)


def rows(values: Values, group: str, at_least: int = 0) -> list[int]:
    """The row numbers of a group to show: every submitted row, and at least ``at_least``."""
    submitted = {int(m[2]) for key in values if (m := ROW_FIELD.match(key)) and m[1] == group}
    return sorted(submitted | set(range(at_least)))


def case_rows(values: Values) -> list[tuple[str, str]]:
    """(case id, household name) of the case rows, for the action items' case choice."""
    found = []
    for row in rows(values, "cases"):
        case_id = _last(values, f"cases-{row}-case_id")
        if case_id:
            found.append((case_id, _last(values, f"cases-{row}-household") or case_id))
    return found


def _last(values: Values, name: str) -> str:
    found = values.getlist(name)
    return str(found[-1]).strip() if found else ""


def _attendees(f: FormReader) -> tuple[Attendee, ...]:
    found = []
    for row in rows(f.values, "attendees"):
        agency, role = f.text(f"attendees-{row}-agency"), f.text(f"attendees-{row}-role")
        if agency or role:
            found.append(Attendee(agency=f.text(f"attendees-{row}-agency", required=True), role=role))
    return tuple(found)


def _discussions(f: FormReader) -> tuple[CaseDiscussion, ...]:
    found = []
    for row in rows(f.values, "cases"):
        p = f"cases-{row}-"
        if not f.text(p + "case_id"):
            continue
        case_id = f.uuid(p + "case_id")
        outcome = f.text(p + "outcome", required=True)
        if case_id is not None:
            found.append(
                CaseDiscussion(
                    case_id=case_id,
                    outcome=outcome,
                    decisions=f.text(p + "decisions"),
                    role_allocation=f.text(p + "role_allocation"),
                    closure_reason=f.text(p + "closure_reason"),
                )
            )
    return tuple(found)


def _items(f: FormReader) -> tuple[ActionItem, ...]:
    found = []
    for row in rows(f.values, "items"):
        p = f"items-{row}-"
        if not (f.text(p + "description") or f.text(p + "due_on")):
            continue
        description = f.text(p + "description", required=True)
        owner = f.text(p + "owner_agency", required=True)
        due = f.day(p + "due_on")
        case_id = f.uuid(p + "case_id") if f.text(p + "case_id") else None
        if due is not None:
            found.append(
                ActionItem(
                    item_id=uuid.uuid4(), description=description, owner_agency=owner, due_on=due, case_id=case_id
                )
            )
    return tuple(found)


def new_meeting(values: Values, actor: Actor) -> ScheduleMeeting | RecordHeldMeeting:
    """The command of the new-meeting form: schedule it, or record it as held (one atomic command)."""
    f = FormReader(values)
    mode = f.text("mode", required=True)
    common: dict[str, Any] = dict(  # as read; check() refuses unreadable fields, the use case validates each
        actor=actor,
        meeting_id=f.uuid("meeting_id"),
        meeting_type=f.text("meeting_type", required=True),
        title=f.text("title", required=True),
        convenor_agency=f.text("convenor_agency", required=True),
        **{name: f.text(name) for name in SITTING},
    )
    day = f.day("meeting_on")
    discussions = _discussions(f)
    if mode == "schedule":
        f.check()
        assert day is not None, "a required field: check() refuses the form without it"
        return ScheduleMeeting(scheduled_on=day, planned_case_ids=tuple(d.case_id for d in discussions), **common)
    if mode != "held":
        f.errors.setdefault("mode", "required")
    outcome: dict[str, Any] = dict(
        attendees=_attendees(f),
        discussions=discussions,
        action_items=_items(f),
        is_trial=f.flag("is_trial"),
        summary=f.text("summary"),
    )
    f.check()
    assert day is not None, "a required field: check() refuses the form without it"
    return RecordHeldMeeting(scheduled_on=day, held_on=day, **common, **outcome)


def record_outcome(values: Values, meeting_id: UUID, actor: Actor) -> RecordMeetingOutcome:
    """The command of a scheduled meeting's record form."""
    f = FormReader(values)
    command: dict[str, Any] = dict(  # as read; check() refuses unreadable fields, the use case validates each
        actor=actor,
        meeting_id=meeting_id,
        held_on=f.day("meeting_on"),
        attendees=_attendees(f),
        discussions=_discussions(f),
        action_items=_items(f),
        is_trial=f.flag("is_trial"),
        summary=f.text("summary"),
        expected_version=f.version(),
        **{name: f.text(name) for name in SITTING},
    )
    f.check()
    return RecordMeetingOutcome(**command)


def cancellation(values: Values, meeting_id: UUID, actor: Actor) -> CancelMeeting:
    f = FormReader(values)
    command: dict[str, Any] = dict(  # as read; check() refuses unreadable fields, the use case validates each
        actor=actor,
        meeting_id=meeting_id,
        reason=f.text("reason", required=True),
        cancelled_on=f.day("cancelled_on"),
        expected_version=f.version(),
    )
    f.check()
    return CancelMeeting(**command)


@dataclass(frozen=True)
class Refusal:
    """A refused form's messages by form field (``detail``: a details line in the reader's language, or None)."""

    errors: dict[str, str]
    detail: str | None


def refusal(error: KasaneError, values: Values, t: Translator) -> Refusal:
    """Where each message of a refusal goes on the meeting form; a named case's refusal goes to its row."""
    if isinstance(error, FormInvalid):
        return Refusal({field: t.error(code, field) for field, code in error.errors.items()}, None)
    field = DOMAIN_FIELDS.get(error.field or "", error.field or "")
    case_id = error.params.get("case_id")
    if case_id is not None:
        part = "closure_reason" if error.field == "closure_reason" else "case_id"
        for row in rows(values, "cases"):
            if _last(values, f"cases-{row}-case_id") == str(case_id):
                field = f"cases-{row}-{part}"
    key = f"meeting_{error.field or ''}"
    message = t.error(error.code, key if t.has_error(error.code, key) else error.field)
    return Refusal({field: message}, None)  # the domain's English words name ids: the API's, not the page's


def field_label(name: str, t: Translator) -> str:
    """The label of a form field for the error summary; rows read as "検討したケース 2：結果"."""
    match = ROW_FIELD.match(name)
    if match is None:
        return t.field("meeting_kind" if name == "meeting_type" else name) if name else ""
    group, row, part = match[1], int(match[2]), match[3]
    return f"{t(f'meeting_{group}_row', n=row + 1)}：{t.field(f'meeting_{group}_{part}')}"
