"""Master records come from a cache between commands, yet every command decides on the record as it stands now.

The cache (``KasaneCore.master_records``) reads what was recorded since the cached version on every use, so a
change made by another process (a second application on the same store) is seen by the next command, and a
command refused half-way leaves nothing of its own in the cache.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa

from domain.agency import Agency
from domain.application import Kasane
from domain.errors import InvalidInput
from domain.master_data_commands import RenameRecord, RetireRecord
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, CaseDiscussion
from tests.builders import ADMIN, COORDINATOR, attendees, given_meeting, given_open_case, given_standard_setup
from web.storage.settings import Settings, eventsourcing_env


def schedule_convened_by(app: Kasane, agency: str) -> None:
    app.execute(
        ScheduleMeeting(
            actor=COORDINATOR,
            meeting_id=uuid4(),
            meeting_type="support",
            title="定例会議",
            scheduled_on=date(2026, 11, 25),
            convenor_agency=agency,
        )
    )


def test_an_agency_retired_by_another_process_is_refused_by_the_next_command(app: Kasane, settings: Settings) -> None:
    given_standard_setup(app)
    schedule_convened_by(app, "shakyo")  # the agency is now in this application's cache
    other_process = Kasane(eventsourcing_env(settings), today=app.today)
    try:
        other_process.execute(RetireRecord(actor=ADMIN, kind="agency", code="shakyo", reason="統合"))
    finally:
        other_process.close()
    with pytest.raises(InvalidInput, match="retired"):
        schedule_convened_by(app, "shakyo")


def test_a_rename_is_seen_at_once_and_a_cached_record_is_never_handed_out_to_be_changed(app: Kasane) -> None:
    given_standard_setup(app)
    first = app.master(Agency, "shakyo", "agency")
    first.retire(reason="試しに変えるだけ", on=date(2026, 11, 20), actor=ADMIN)  # a refused command never saves this
    assert app.master(Agency, "shakyo", "agency").active
    app.execute(RenameRecord(actor=ADMIN, kind="agency", code="shakyo", name="社会福祉協議会（本所）"))
    assert app.master(Agency, "shakyo", "agency").name == "社会福祉協議会（本所）"


def held(meeting_id: UUID, case_id: UUID, *agencies: str, owner: str = "jiritsu") -> RecordMeetingOutcome:
    """The meeting recorded as held with ``agencies`` attending and one action item owned by ``owner``."""
    return RecordMeetingOutcome(
        actor=COORDINATOR,
        meeting_id=meeting_id,
        held_on=date(2026, 11, 10),
        attendees=attendees(*agencies),
        discussions=(CaseDiscussion(case_id=case_id, outcome="roles_allocated", decisions="社協が月2回訪問"),),
        action_items=(
            ActionItem(item_id=uuid4(), description="就労相談へつなぐ", owner_agency=owner, due_on=date(2026, 11, 30)),
        ),
    )


def reads_of_the_log(app: Kasane) -> list[str]:
    """Every statement reading the events table that the application runs from now on."""
    seen: list[str] = []

    def note(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().startswith("SELECT") and "kasane_events" in statement:
            seen.append(statement)

    sa.event.listen(app.factory.datastore.engine, "before_cursor_execute", note)  # type: ignore[attr-defined]
    return seen


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_a_meeting_record_checks_its_type_and_every_agency_in_one_read(
    app: Kasane, settings: Settings, cache: str
) -> None:
    given_standard_setup(app)
    case_id, meeting_id = given_open_case(app), given_meeting(app, meeting_type="support")
    recording = Kasane(eventsourcing_env(settings), today=app.today)
    try:
        if cache == "warm":  # the type and the agencies are in this application's cache already
            recording.execute(held(given_meeting(app, meeting_type="support"), case_id, "shakyo", "jiritsu"))
        reads = reads_of_the_log(recording)

        recording.execute(held(meeting_id, case_id, "fukushi-soudan", "shakyo", "jiritsu", owner="fukushi-soudan"))

        # the meeting, its type and the four agencies named (one of them twice), and the case: three reads
        assert len(reads) == 3
    finally:
        recording.close()


def test_an_attendee_agency_retired_by_another_process_is_refused_though_checked_together(
    app: Kasane, settings: Settings
) -> None:
    given_standard_setup(app)
    case_id = given_open_case(app)
    app.execute(held(given_meeting(app, meeting_type="support"), case_id, "shakyo", "jiritsu"))  # both cached
    other_process = Kasane(eventsourcing_env(settings), today=app.today)
    try:
        other_process.execute(RetireRecord(actor=ADMIN, kind="agency", code="jiritsu", reason="統合"))
    finally:
        other_process.close()
    meeting_id = given_meeting(app, meeting_type="support")

    with pytest.raises(InvalidInput, match="retired") as refused:
        app.execute(held(meeting_id, case_id, "shakyo", "jiritsu"))
    assert refused.value.field == "attendees"
    with pytest.raises(InvalidInput, match="retired") as refused:
        app.execute(held(meeting_id, case_id, "shakyo", owner="jiritsu"))
    assert refused.value.field == "action_items"
