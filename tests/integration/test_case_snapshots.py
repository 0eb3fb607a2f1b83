"""Sealed case snapshots: a case loaded from one equals its full replay, and erasure shreds it with the events.

Commands load their cases from the latest snapshot and the events after it, and snapshot a case that took many
events to replay in their own save (``domain/case_snapshots.py``). The reference every test compares with is the
library's own replay of every stored event (``project_aggregate``), on both stores.
"""

from __future__ import annotations

import pickle
import uuid
from datetime import date
from typing import Any
from uuid import UUID

import pytest
import sqlalchemy as sa
from eventsourcing.application import project_aggregate

from domain.application import Kasane
from domain.application_core import case_code_fingerprint
from domain.case import Case
from domain.case_snapshots import SNAPSHOT_AFTER, SealedSnapshot, opened
from domain.commands import TagIssues
from domain.erasure import ForgetCase
from domain.errors import ConcurrentChange
from domain.master_data_commands import RegisterUser
from domain.meeting_commands import RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from domain.personal_data import ERASED
from tests.builders import (
    ADMIN,
    COORDINATOR,
    TODAY,
    attendees,
    given_consent,
    given_meeting,
    given_open_case,
)
from tests.expectations import refused
from web.demo.generator import load_demo
from web.storage.settings import Settings, eventsourcing_env


def state(aggregate: Any) -> dict[str, Any]:
    return {"class": type(aggregate), **vars(aggregate)}


def replayed(app: Kasane, case_id: UUID) -> Case:
    """The case from every one of its stored events, as the library replays it."""
    case = project_aggregate(None, app.events.get(case_id))
    assert isinstance(case, Case)
    return case


def snapshots(app: Kasane) -> dict[UUID, Any]:
    table = app.recorder.snapshots  # type: ignore[attr-defined]
    with app.factory.datastore.engine.connect() as connection:  # type: ignore[attr-defined]
        return {row.case_id: row for row in connection.execute(sa.select(table))}


def read_together(app: Kasane, case_id: UUID) -> tuple[SealedSnapshot | None, list[Any]]:
    """What a command's load reads of the case: its snapshot of this code, if any, and the events after it."""
    found: tuple[SealedSnapshot | None, list[Any]] = app.recorder.select_snapshots_and_events_of(  # type: ignore[attr-defined]
        [case_id], case_code_fingerprint()
    )[case_id]
    return found


def tag(app: Kasane, case_id: UUID, *tags: str, expected_version: int | None = None) -> None:
    app.execute(
        TagIssues(
            actor=COORDINATOR,
            case_id=case_id,
            issue_tags=tags,
            occurred_on=date(2026, 11, 1),
            expected_version=expected_version,
        )
    )


def a_long_case(app: Kasane, case_id: UUID | None = None) -> UUID:
    """A case with more events than a command replays before it snapshots the case, and no snapshot yet (as in a
    store from before snapshots): ``case_id`` made long, or the builder's household."""
    case_id = case_id or given_open_case(app)
    given_consent(app, case_id, on=date(2026, 6, 1))
    for tags in (("elderly",), ("hikikomori",), ("elderly", "poverty"), ("poverty",)):
        tag(app, case_id, *tags)
    assert len(list(app.events.get(case_id))) > SNAPSHOT_AFTER
    with app.factory.datastore.engine.begin() as connection:  # type: ignore[attr-defined]
        connection.execute(sa.delete(app.recorder.snapshots))  # type: ignore[attr-defined]
    return case_id


def discuss(app: Kasane, *case_ids: UUID) -> None:
    app.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=given_meeting(app, meeting_type="support"),
            held_on=date(2026, 11, 10),
            attendees=attendees(),
            discussions=tuple(
                CaseDiscussion(case_id=c, outcome="roles_allocated", decisions="見守りを継続") for c in case_ids
            ),
        )
    )


def test_a_case_loaded_from_its_snapshot_equals_its_replay_before_and_after_later_events(
    city: Kasane, another_process: Kasane
) -> None:
    case_id = a_long_case(city)
    assert city.take_case_snapshots([case_id]) == 1
    taken = snapshots(city)[case_id].version

    assert state(another_process.case(case_id)) == state(replayed(city, case_id))
    tag(city, case_id, "dv")
    discuss(city, case_id)
    snapshot, after = read_together(another_process, case_id)
    assert snapshot is not None and snapshot.version == taken
    assert [event.originator_version for event in after] == [taken + 1, taken + 2]
    assert state(another_process.case(case_id)) == state(replayed(city, case_id))


def test_cases_loaded_from_the_snapshots_the_demo_commands_took_equal_their_replays(
    app: Kasane, settings: Settings
) -> None:
    load_demo(app, seed=3, households=30)
    taken = snapshots(app)
    assert taken, "the demo's commands took no snapshot"
    other = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        case_ids = list(taken)
        loaded = other.get_many(Case, case_ids, "case")
        assert [state(loaded[c]) for c in case_ids] == [state(replayed(app, c)) for c in case_ids]
        assert any(loaded[c].version > row.version for c, row in taken.items()), "no snapshot was followed by events"
    finally:
        other.close()


def test_a_command_snapshots_a_long_case_it_loaded_as_loaded_in_its_own_save(city: Kasane) -> None:
    long, short = a_long_case(city), given_open_case(city)
    version = replayed(city, long).version

    discuss(city, long, short)

    taken = snapshots(city)
    assert set(taken) == {long}
    assert taken[long].version == version  # the state it was loaded in, not the command's own change


def test_a_refused_or_stale_command_writes_no_snapshot(city: Kasane, another_process: Kasane) -> None:
    case_id = a_long_case(city)
    stale = another_process.case(case_id)  # replayed in full: its snapshot waits for its save
    with refused(city, ConcurrentChange, field="expected_version"):
        tag(city, case_id, "dv", expected_version=stale.version - 1)
    assert snapshots(city) == {}
    city.take_case_snapshots([case_id])
    taken = snapshots(city)[case_id]
    tag(city, case_id, "dv")

    stale.tag_issues(("poverty", "dv"), on=date(2026, 11, 2), actor=COORDINATOR, today=TODAY)
    with pytest.raises(ConcurrentChange):
        another_process._save(stale)

    assert snapshots(city)[case_id].sealed == taken.sealed


def test_a_snapshot_is_sealed_with_the_cases_key_and_unreadable_once_the_case_is_erased(
    city: Kasane, another_process: Kasane
) -> None:
    case_id = a_long_case(city, given_open_case(city, household_name="渡辺家", summary="長男の就労について母から相談"))
    city.take_case_snapshots([case_id])
    row = snapshots(city)[case_id]
    assert "渡辺家".encode() in pickle.dumps(replayed(city, case_id))  # what a snapshot in clear would hold
    assert "渡辺家".encode() not in row.sealed and "長男の就労".encode() not in row.sealed
    sealed = SealedSnapshot(case_id, row.version, row.fingerprint, row.sealed)
    assert opened(another_process.case_keys, sealed, case_code_fingerprint()) is not None

    city.execute(
        RegisterUser(actor=ADMIN, username=ADMIN.user_id, name="田中 管理者", role="admin", agency="fukushi-seisaku")
    )
    city.execute(ForgetCase(actor=ADMIN, case_id=case_id, reason="保存期間の経過"))

    assert city.case_keys.decrypt(case_id, row.sealed) is None
    assert opened(city.case_keys, sealed, case_code_fingerprint()) is None
    erased = city.case(case_id)
    assert erased.personal_data_erased and erased.household_name == ERASED
    assert state(erased) == state(replayed(city, case_id))
    assert city.take_case_snapshots([case_id]) == 0
    assert snapshots(city)[case_id].sealed == row.sealed  # nothing readable was written after the erasure


def test_a_snapshot_made_by_other_code_is_not_used(city: Kasane, another_process: Kasane) -> None:
    case_id = a_long_case(city)
    city.take_case_snapshots([case_id])
    table = city.recorder.snapshots  # type: ignore[attr-defined]
    with city.factory.datastore.engine.begin() as connection:  # type: ignore[attr-defined]
        connection.execute(sa.update(table).values(fingerprint="other-code"))

    snapshot, events = read_together(another_process, case_id)

    assert snapshot is None and len(events) == replayed(city, case_id).version
    assert state(another_process.case(case_id)) == state(replayed(city, case_id))
    discuss(another_process, case_id)
    assert snapshots(city)[case_id].fingerprint == case_code_fingerprint()


def test_an_unknown_case_is_still_not_found(city: Kasane) -> None:
    assert city.get_many(Case, [uuid.uuid4()], "case") == {}
