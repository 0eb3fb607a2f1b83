"""Round trips of a command and its catch-up on PostgreSQL, counted on the wire (libpq's trace, ``bench.round_trips``).

On a loaded machine each wait on the server costs far more than the statement (docs/benchmarks.md, "The command's
round trips"): a read of one statement opens no transaction, a save sends its lock, rows, snapshots and NOTIFY in
one trip, and a catch-up writes a meeting's few rows without COPY's extra trip. Each test also checks that what was
stored is what it was before (ids in order, a duplicate version refused, read models equal to a rebuild).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from eventsourcing.domain import Aggregate

from bench.round_trips import Tracer
from domain.application import BLIND_RETRIES, Kasane
from domain.audit import AccessMade
from domain.errors import ConcurrentChange
from domain.use_cases import Recorded
from projections.engine.catalogue import ReadModels
from tests.builders import ADMIN, TODAY, given_meeting, given_open_case
from tests.integration.test_concurrency import a_phone_consultation
from tests.integration.test_projections_case_list import given_meeting_held, held
from tests.read_models import table_contents
from web.storage.audit_chain import ChainedAuditLog
from web.storage.bootstrap import audit_env
from web.storage.event_recorder import Recorder
from web.storage.event_store import store_engine
from web.storage.settings import Settings, eventsourcing_env

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def tracer(city: Kasane, read_models: ReadModels) -> Iterator[Tracer]:
    read_models.catch_up()
    traced = Tracer((store_engine(city), read_models.engine))
    read_models.catch_up_pages()  # pooled connections again: a fresh one is not pinged
    city.recorder.max_notification_id()
    yield traced
    traced.close()


def transaction_commands(texts: list[str]) -> list[str]:
    return [t for t in texts if t.split(" ")[0] in ("BEGIN", "ROLLBACK", "COMMIT", "DEALLOCATE")]


def test_a_read_of_the_store_opens_no_transaction(city: Kasane, tracer: Tracer) -> None:
    case_id = given_open_case(city)
    recorder = city.recorder
    assert isinstance(recorder, Recorder)

    with tracer.counting() as trips:
        recorder.select_events_of([case_id])
        city.recorder.max_notification_id()

    assert transaction_commands(trips.texts) == []  # main: BEGIN and ROLLBACK around each read
    assert trips.round_trips == 4  # each: the pool's ping and the statement (main: 8)


def test_the_catch_up_asks_for_the_head_and_positions_in_two_round_trips(
    city: Kasane, read_models: ReadModels, tracer: Tracer
) -> None:
    with tracer.counting() as trips:
        assert read_models.catch_up_pages() == 0

    assert transaction_commands(trips.texts) == []
    assert trips.round_trips == 2  # the pool's ping and the statement (main: BEGIN and ROLLBACK too)


def test_a_meeting_records_save_is_one_round_trip_between_begin_and_commit(
    city: Kasane, read_models: ReadModels, tracer: Tracer
) -> None:
    taken_up = [given_open_case(city), given_open_case(city, household_name="佐々木家")]
    meeting_id = given_meeting(city, meeting_type="support")
    head = city.recorder.max_notification_id() or 0

    with tracer.counting() as trips:
        city.execute(held(meeting_id, taken_up))

    assert transaction_commands(trips.texts) == ["BEGIN ISOLATION LEVEL READ COMMITTED", "COMMIT"]
    assert trips.round_trips == 8  # one ping, the meeting, its masters, its cases; a ping, BEGIN, the save, COMMIT
    saved = city.saved_between(head, city.recorder.max_notification_id() or 0)
    stored = city.recorder.select_notifications(start=head, limit=10, inclusive_of_start=False)
    assert saved is not None and len(saved) == 3
    assert [(n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in saved] == [
        (n.id, n.originator_id, n.originator_version, n.topic, n.state) for n in stored
    ]  # each event has the id the store gave it, in the order of the save


def test_a_commands_reads_share_one_connection_and_give_it_back_before_the_save(
    city: Kasane, read_models: ReadModels
) -> None:
    taken_up = [given_open_case(city), given_open_case(city, household_name="佐々木家")]
    meeting_id = given_meeting(city, meeting_type="support")
    pool = store_engine(city).pool
    checkouts, out_now, most = [0], [0], [0]

    def out(*_: object) -> None:
        checkouts[0] += 1
        out_now[0] += 1
        most[0] = max(most[0], out_now[0])

    def back(*_: object) -> None:
        out_now[0] -= 1

    sa.event.listen(pool, "checkout", out)
    sa.event.listen(pool, "checkin", back)

    city.execute(held(meeting_id, taken_up))

    assert checkouts[0] == 2  # the reads' one and the save's (main: 4, one per read)
    assert most[0] == 1  # never two at once: the pool serves as many commands as before
    assert set(city.meeting(meeting_id).discussed_case_ids) == set(taken_up)


def test_a_version_taken_meanwhile_is_still_a_concurrent_change(
    city: Kasane, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = given_open_case(city)
    other = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    save = city._save

    def saved_after_the_others(*aggregates: Aggregate) -> Recorded:
        other.execute(a_phone_consultation(case_id))  # another process takes the case's next version first
        return save(*aggregates)

    monkeypatch.setattr(city, "_save", saved_after_the_others)
    mine = a_phone_consultation(case_id)
    try:
        with pytest.raises(ConcurrentChange):  # the duplicate version, refused inside the pipeline (each retry too)
            city.execute(mine)
        assert mine.entry_id not in other.case(case_id).entries  # nothing of the refused saves was stored
        assert len(other.case(case_id).entries) == BLIND_RETRIES + 1  # every one of the other's
    finally:
        other.close()


def test_a_meeting_records_catch_up_writes_its_rows_without_copy(
    city: Kasane, read_models: ReadModels, tracer: Tracer
) -> None:
    taken_up = [given_open_case(city), given_open_case(city, household_name="佐々木家")]
    read_models.catch_up()
    given_meeting_held(city, taken_up)

    with tracer.counting() as trips:
        read_models.catch_up_pages()

    assert [
        t for t in trips.texts if t.startswith("COPY")
    ] == []  # main: 4 (attendees, discussions, agencies, timeline)
    read_models.catch_up()
    caught_up = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == caught_up


def test_an_audit_entry_is_written_and_linked_in_four_round_trips(settings: Settings) -> None:
    audit = ChainedAuditLog(audit_env(settings), today=lambda: TODAY)
    try:
        audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path="/cases"))
        assert audit.writes_engine is not audit.chain_engine  # the writes' own engine on PostgreSQL
        tracer = Tracer((audit.writes_engine,))
        audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path="/cases"))  # a pooled connection
        try:
            with tracer.counting() as trips:
                audit.record(AccessMade(actor=ADMIN, action="read", method="GET", path="/caseload"))
        finally:
            tracer.close()

        assert trips.round_trips == 4  # ping, BEGIN with the turn and the entry, the unlinked, the links with COMMIT
        verdict = audit.verify_chain()  # 6 until 2026-12-08 (BEGIN and COMMIT alone), 10 until 2026-12-07
        assert verdict.broken is None and verdict.entries == 3
    finally:
        audit.close()
