"""Command latency: record a support meeting that took up 3 cases, end to end, on a store already full.

One timed iteration is what the web does for one form post: run
``RecordMeetingOutcome`` (load the meeting and 3 cases, check, save the
meeting's ``Held`` and each case's ``DiscussedAtMeeting`` in one transaction)
and catch the read models the pages read up to it (``ReadModels.catch_up_pages``).
The report read models are then caught up too, untimed in the command's figures
but measured as ``deferred`` (what the projector or the next report page does).
The meetings are scheduled (untimed) beforehand; each iteration takes up 3
cases not used before.

Case snapshots (``domain/case_snapshots.py``): by default every case the run takes up is snapshotted first,
untimed (``--snapshots steady``: a store whose cases commands have been loading for a while); ``--snapshots cold``
leaves the store as it is, so a case without a snapshot is replayed in full and snapshotted by its command's save.

On SQLite the WAL is checkpointed by a thread beside the commands, as ``kasane serve`` does
(``web/storage/wal_checkpoints.py``), not inside the commit of whichever command found the log full.

CPU time of this process (``time.process_time``; on PostgreSQL the server's own CPU is not in it) is
reported per command as ``cpu_ms_per_command``: under a loaded machine it varies far less than wall time.

The raw baseline does the same storage work with the plain driver (sqlite3 or
psycopg) in the same run: read the 4 aggregates' stored events, insert 4 event
rows of the same size in one transaction, then read the new rows back and
decode their JSON (what a catch-up reads), without any domain or projection
logic.

    .venv/bin/python -m bench.command --store sqlite --size prefecture
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from itertools import cycle, islice
from typing import Any

import sqlalchemy as sa

from bench import raw
from bench.measure import percentiles, report, timed
from bench.stores import TODAY, ensure_loaded, open_app, open_read_models, raw_dsn, store_url
from domain.actor import Actor
from domain.application import Kasane
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import Attendee, CaseDiscussion
from projections.cases.tables import case_list
from projections.engine.catalogue import ReadModels
from web.storage.event_store import engines_on
from web.storage.wal_checkpoints import WalCheckpoints

CONVENOR = Actor(user_id="sato", role="coordinator", agency_id="fukushi-soudan")
ATTENDEES = (
    Attendee(agency="fukushi-soudan", role=""),
    Attendee(agency="shakyo", role="CSW"),
    Attendee(agency="jiritsu", role=""),
)


def open_cases(read_models: ReadModels, wanted: int, seed: int) -> list[uuid.UUID]:
    """``wanted`` open cases in a seeded order, reused in turn when a small store has fewer (3 in a row differ)."""
    with read_models.engine.connect() as connection:
        ids = (
            connection.execute(
                sa.select(case_list.c.case_id)
                .where(case_list.c.status != "closed", case_list.c.opened_on < TODAY)
                .order_by(case_list.c.case_id)
            )
            .scalars()
            .all()
        )
    chosen = list(ids)
    random.Random(seed).shuffle(chosen)
    if len(chosen) < 3:
        raise RuntimeError("the store has fewer than 3 open cases to take up at a meeting")
    return list(islice(cycle(chosen), wanted))


def schedule(app: Kasane, rng: random.Random) -> uuid.UUID:
    meeting_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    app.execute(
        ScheduleMeeting(
            actor=CONVENOR,
            meeting_id=meeting_id,
            meeting_type="support",
            title="ベンチマーク支援会議",
            scheduled_on=TODAY,
            convenor_agency="fukushi-soudan",
        )
    )
    return meeting_id


def outcome(meeting_id: uuid.UUID, cases: list[uuid.UUID]) -> RecordMeetingOutcome:
    return RecordMeetingOutcome(
        actor=CONVENOR,
        meeting_id=meeting_id,
        held_on=TODAY,
        attendees=ATTENDEES,
        discussions=tuple(
            CaseDiscussion(
                case_id=c, outcome="roles_allocated", decisions="支援方針を共有", role_allocation="各機関の役割を確認"
            )
            for c in cases
        ),
    )


def snapshot_cases(url: str, cases: list[uuid.UUID]) -> None:
    """Snapshot ``cases`` from another application on the store, so this one's key cache starts as cold as without."""
    other = open_app(url)
    try:
        other.take_case_snapshots(cases)
    finally:
        other.close()


def run(store: str, size: str, iterations: int, warmup: int, snapshots: str = "steady") -> dict[str, Any]:
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    app = open_app(url)
    read_models = open_read_models(url, app)
    checkpoints = WalCheckpoints.start(engines_on(url))  # as the server's lifespan does
    try:
        read_models.catch_up()
        head = app.recorder.max_notification_id() or 0
        rng = random.Random(head)  # new meeting ids on every run against the same store
        cases = open_cases(read_models, 3 * (iterations + warmup), seed=head)
        meetings = [schedule(app, rng) for _ in range(iterations + warmup)]
        if snapshots == "steady":
            snapshot_cases(url, cases)
        read_models.catch_up()
        samples, deferred = [], []
        cpu = {"command": 0.0, "catch_up_pages": 0.0}
        for index, meeting_id in enumerate(meetings):
            command = outcome(meeting_id, cases[3 * index : 3 * index + 3])
            spent = cpu if index >= warmup else {}

            def record(command: RecordMeetingOutcome = command, spent: dict[str, float] = spent) -> None:
                started = time.process_time()
                app.execute(command)
                executed = time.process_time()
                read_models.catch_up_pages()
                spent["command"] = spent.get("command", 0.0) + executed - started
                spent["catch_up_pages"] = spent.get("catch_up_pages", 0.0) + time.process_time() - executed

            took = timed(record)
            rest = timed(read_models.catch_up)
            if index >= warmup:
                samples.append(took)
                deferred.append(rest)
        baseline = raw.command_baseline(raw_dsn(url), meetings[-1], cases[-3:], iterations)
    finally:
        if checkpoints is not None:
            checkpoints.stop()
        read_models.close()
        app.close()
    return report(
        "command",
        store,
        size,
        events_before=head,
        snapshots=snapshots,
        generator=generated,
        warmup=warmup,
        kasane=percentiles(samples),
        deferred=percentiles(deferred),
        raw=percentiles(baseline),
        ratio_p95=round(percentiles(samples)["p95_ms"] / max(percentiles(baseline)["p95_ms"], 1e-3), 1),
        cpu_ms_per_command={part: round(seconds * 1000 / iterations, 2) for part, seconds in cpu.items()},
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="prefecture")
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--snapshots", choices=("steady", "cold"), default="steady")
    args = parser.parse_args(argv)
    run(args.store, args.size, args.iterations, args.warmup, args.snapshots)


if __name__ == "__main__":
    main()
