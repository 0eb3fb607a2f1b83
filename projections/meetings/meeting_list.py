"""The meetings read model: one row per support meeting, with who came, which cases, and the action items.

Each handler mirrors the assignment made by the matching ``@event`` method of
``domain.meeting.SupportMeeting``. Voiding keeps every row (the record stays
in the history, as in the aggregate): discussions are marked withdrawn, and
the counts on the meeting row are recounted so that a voided meeting counts
no cases and owes no action items. Within a page of the log each meeting is
recounted once, at the end of the page (the counts are read by nothing in
between), by one statement compiled once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, singledispatchmethod
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.meeting import MeetingStatus, SupportMeeting
from domain.personal_data import ERASED
from projections.engine.bulk_rows import insert_rows
from projections.engine.catch_up import Projection
from projections.engine.deferred import DeferredRecount
from projections.meetings.tables import (
    meeting_action_items,
    meeting_attendees,
    meeting_discussions,
    meeting_list,
    meeting_planned_cases,
    metadata,
)


class Meetings(Projection):
    name = "meetings"
    version = 3
    """2: time, place, recorder and planned-case count of a meeting; closure reason of a discussion.
    3: open action items indexed in due order (the caseload's top ten)."""
    metadata = metadata

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Events of cases (but one), master data and community activities do not change meetings."""

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        """Apply each event, then recount each meeting whose discussions or action items changed, once."""
        with _RECOUNTS.page(connection):
            super().apply_page(page, connection)

    @apply.register(SupportMeeting.Scheduled)
    def _scheduled(self, event: Any, connection: Connection) -> None:
        meeting_id = event.originator_id
        row = dict(
            meeting_id=meeting_id,
            version=event.originator_version,
            meeting_type=event.meeting_type,
            title=event.title,
            status=MeetingStatus.SCHEDULED.value,
            status_on=event.occurred_on,
            scheduled_on=event.scheduled_on,
            convenor_agency=event.convenor_agency,
            is_trial=False,
            summary="",
            attendee_count=0,
            discussed_case_count=0,
            open_action_item_count=0,
            planned_case_count=len(set(event.planned_case_ids)),
            **_sitting(event),
        )
        _insert(connection, meeting_list, [row])
        _insert(
            connection,
            meeting_planned_cases,
            [{"meeting_id": meeting_id, "case_id": c} for c in dict.fromkeys(event.planned_case_ids)],
        )

    @apply.register(SupportMeeting.Rescheduled)
    def _rescheduled(self, event: Any, connection: Connection) -> None:
        _update(connection, event, scheduled_on=event.scheduled_on)

    @apply.register(SupportMeeting.Cancelled)
    def _cancelled(self, event: Any, connection: Connection) -> None:
        _update(
            connection,
            event,
            status=MeetingStatus.CANCELLED.value,
            status_on=event.occurred_on,
            status_reason=event.reason,
        )

    @apply.register(SupportMeeting.Held)
    def _held(self, event: Any, connection: Connection) -> None:
        meeting_id = event.originator_id
        attendees = list(dict.fromkeys((a.agency, a.role) for a in event.attendees))
        _insert(
            connection,
            meeting_attendees,
            [{"meeting_id": meeting_id, "agency": agency, "role": role} for agency, role in attendees],
        )
        _insert(
            connection,
            meeting_discussions,
            [
                {
                    "meeting_id": meeting_id,
                    "case_id": d.case_id,
                    "outcome": d.outcome,
                    "decisions": d.decisions,
                    "role_allocation": d.role_allocation,
                    "withdrawn": False,
                    "closure_reason": d.closure_reason,
                }
                for d in event.discussions
            ],
        )
        _insert(
            connection,
            meeting_action_items,
            [
                {
                    "item_id": i.item_id,
                    "meeting_id": meeting_id,
                    "case_id": i.case_id,
                    "description": i.description,
                    "owner_agency": i.owner_agency,
                    "due_on": i.due_on,
                    "done_on": None,
                    "note": None,
                }
                for i in event.action_items
            ],
        )
        _update(
            connection,
            event,
            status=MeetingStatus.HELD.value,
            status_on=event.occurred_on,
            held_on=event.occurred_on,
            is_trial=event.is_trial,
            summary=event.summary,
            consent_required=event.consent_required,
            restricted_records=event.restricted_records,
            attendee_count=len(attendees),
            **_sitting(event),
        )
        _recount(connection, meeting_id)

    @apply.register(SupportMeeting.ActionItemCompleted)
    def _action_item_completed(self, event: Any, connection: Connection) -> None:
        connection.execute(
            sa.update(meeting_action_items)
            .where(meeting_action_items.c.item_id == event.item_id)
            .values(done_on=event.occurred_on, note=event.note)
        )
        _update(connection, event)
        _recount(connection, event.originator_id)

    @apply.register(SupportMeeting.Voided)
    def _voided(self, event: Any, connection: Connection) -> None:
        _update(
            connection,
            event,
            status=MeetingStatus.VOIDED.value,
            status_on=event.occurred_on,
            status_reason=event.reason,
        )
        _withdraw(connection, meeting_discussions.c.meeting_id == event.originator_id)
        _recount(connection, event.originator_id)

    @apply.register(Case.DiscussionWithdrawn)
    def _discussion_withdrawn(self, event: Any, connection: Connection) -> None:
        """The case's side of a void (saved with it), or a case taken off a record on its own."""
        d = meeting_discussions.c
        _withdraw(connection, d.meeting_id == event.meeting_id, d.case_id == event.originator_id)
        _recount(connection, event.meeting_id)

    @apply.register(Case.PersonalDataErased)
    def _personal_data_erased(self, event: Any, connection: Connection) -> None:
        """The case's decisions, role allocation and action items read as erased (as a rebuild would give)."""
        d, i = meeting_discussions.c, meeting_action_items.c
        for column in (d.decisions, d.role_allocation):
            connection.execute(
                sa.update(meeting_discussions)
                .where(d.case_id == event.originator_id, column != "")
                .values({column.name: ERASED})
            )
        connection.execute(
            sa.update(meeting_action_items)
            .where(i.case_id == event.originator_id, i.description != "")
            .values(description=ERASED)
        )


def _sitting(event: Any) -> dict[str, str]:
    """The meeting's time, place and recorder; events stored before they were asked for have none."""
    return {name: getattr(event, name, "") for name in ("starts_at", "ends_at", "place", "recorder")}


def _update(connection: Connection, event: Any, **values: Any) -> None:
    if "status" in values:  # the open action items are counted by status: count them as they stood before
        _RECOUNTS.now_if_pending(connection, event.originator_id)
    values["version"] = event.originator_version
    parameters = {f"u_{name}": value for name, value in values.items()}
    connection.execute(_update_statement(tuple(sorted(values))), {"u_meeting_id": event.originator_id, **parameters})


@cache
def _update_statement(columns: tuple[str, ...]) -> sa.Update:
    """Set ``columns`` of one meeting's row: built once per set of columns (built per event, a meeting record's
    dozen values cost more CPU than running the statement)."""
    m = meeting_list.c
    values = {name: sa.bindparam(f"u_{name}", type_=m[name].type) for name in columns}
    return sa.update(meeting_list).where(m.meeting_id == sa.bindparam("u_meeting_id", type_=sa.Uuid)).values(values)


def _insert(connection: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    insert_rows(connection, table, rows)


def _withdraw(connection: Connection, *where: Any) -> None:
    connection.execute(sa.update(meeting_discussions).where(*where).values(withdrawn=True))


def _recount(connection: Connection, meeting_id: UUID) -> None:
    """Recount the meeting now, or at the end of the page when a page is being applied."""
    _RECOUNTS.request(connection, meeting_id)


def _recount_statement() -> sa.Update:
    """Recount what still stands: discussions not withdrawn, and items owed by a held meeting."""
    d, i, m = meeting_discussions.c, meeting_action_items.c, meeting_list.c
    meeting_id = sa.bindparam("recount_meeting", type_=sa.Uuid)
    discussed = sa.select(sa.func.count()).where(d.meeting_id == meeting_id, d.withdrawn.is_(False))
    still_open = sa.select(sa.func.count()).where(i.meeting_id == meeting_id, i.done_on.is_(None))
    return (
        sa.update(meeting_list)
        .where(m.meeting_id == meeting_id)
        .values(
            discussed_case_count=discussed.scalar_subquery(),
            open_action_item_count=sa.case(
                (m.status == MeetingStatus.HELD.value, still_open.scalar_subquery()), else_=0
            ),
        )
    )


_RECOUNTS = DeferredRecount("meetings.to_recount", _recount_statement(), "recount_meeting")
"""The meetings whose discussions or action items the page being applied changed."""
