"""Master records come from a cache between commands, yet every command decides on the record as it stands now.

The cache (``KasaneCore.master_records``) reads what was recorded since the cached version on every use, so a
change made by another process (a second application on the same store) is seen by the next command, and a
command refused half-way leaves nothing of its own in the cache.
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from domain.agency import Agency
from domain.application import Kasane
from domain.errors import InvalidInput
from domain.master_data_commands import RenameRecord, RetireRecord
from domain.meeting_commands import ScheduleMeeting
from tests.builders import ADMIN, COORDINATOR, given_standard_setup
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
