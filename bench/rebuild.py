"""Projection rebuild throughput (events/s) against a raw decoded replay of the same log, in the same run.

Three rates over the whole stored log, the two replays run before and again after the rebuilds
(interleaved, so that a machine busier at one moment than another weighs on both sides):

- raw: the plain driver reads the log in pages of 500 by notification id and
  ``json.loads`` each event's state (the floor any rebuild pays);
- decoded: Kasane's recorder and mapper read and decode the same pages into
  domain events (what each runner pays before applying anything);
- each read model's ``rebuild()`` (drop, recreate, replay every event, one
  transaction per page), and all of them together (``kasane projections rebuild``:
  ``ReadModels.rebuild()``, one pass over the log that decodes each page once for all;
  with ``--only``, the sum of the chosen ones' own rebuilds; ``--one-pass``: only the one pass,
  of all or of the ``--only`` ones);
- with ``--floor`` (after the one pass): the least a rebuild of those read models could cost here, dispatching every
  event to handlers that do nothing and writing the rows they hold by the driver's fastest path, and the best
  share of the decoded replay that leaves (``bench.rebuild_floor``).

Each rebuild is reported as events/s and as its share of the decoded replay and of the raw (plain JSON)
replay, by the clock and by this process's CPU time (which a busy machine disturbs less; on PostgreSQL
the server's own work is not in it), with the peak resident memory of the process.

    .venv/bin/python -m bench.rebuild --store sqlite --size town
    .venv/bin/python -m bench.rebuild --store sqlite --size prefecture --replay-only   # the two replays at 1M
    .venv/bin/python -m bench.rebuild --store postgres --size town --floor             # the one pass and its floor
    .venv/bin/python -m bench.rebuild --store sqlite --size prefecture --floor-only    # the floor alone (caught up)
"""

from __future__ import annotations

import argparse
import sys
import time
from contextlib import nullcontext
from typing import Any

from bench import raw, rebuild_floor
from bench.measure import report
from bench.stores import bench_dir, ensure_loaded, open_app, open_read_models, raw_dsn, store_url
from domain.application import Kasane
from projections.engine.catch_up import DEFAULT_PAGE_SIZE
from projections.engine.together import rebuild_together


def decoded_replay(app: Kasane) -> tuple[int, float]:
    """Read and decode the whole log through Kasane's recorder and mapper; (events, seconds).

    The case keys are read at once, as a rebuild reads them (``KeyStore.held``), so the share of this replay
    is what the read models themselves cost.
    """
    hold = getattr(app.case_keys, "held", None)
    started = time.perf_counter()
    with hold() if hold is not None else nullcontext():
        count = _decode_all(app)
    return count, time.perf_counter() - started


def _decode_all(app: Kasane) -> int:
    count, position = 0, 0
    while True:
        page = app.recorder.select_notifications(start=position, limit=DEFAULT_PAGE_SIZE, inclusive_of_start=False)
        if not page:
            break
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        position = page[-1].id
    return count


def rate(events: int, seconds: float) -> int:
    return round(events / seconds) if seconds else 0


class Replays:
    """The two replays, run before and again after what is measured (interleaved), summed: wall and CPU seconds."""

    def __init__(self, url: str, app: Kasane) -> None:
        self.dsn, self.app = raw_dsn(url), app
        self.events = 0
        self.raw = [0.0, 0.0]
        self.decoded = [0.0, 0.0]
        self.runs = 0

    def run(self) -> None:
        cpu = time.process_time()
        events, seconds = raw.decoded_replay(self.dsn)
        self.raw[0] += seconds
        self.raw[1] += time.process_time() - cpu
        cpu = time.process_time()
        decoded_events, seconds = decoded_replay(self.app)
        self.decoded[0] += seconds
        self.decoded[1] += time.process_time() - cpu
        assert decoded_events == events, "the two replays read different logs"
        self.events, self.runs = events, self.runs + 1

    @property
    def decoded_cpu_seconds(self) -> float:
        """One decoded replay's CPU seconds, the mean of the runs."""
        return self.decoded[1] / self.runs if self.runs else 0.0

    def rates(self) -> tuple[dict[str, Any], dict[str, Any]]:
        total = self.events * self.runs
        raw_rate = rate(total, self.raw[0])
        decoded_rate = rate(total, self.decoded[0])
        return (
            {
                "seconds": round(self.raw[0] / self.runs, 1),
                "events_per_s": raw_rate,
                "events_per_cpu_s": rate(total, self.raw[1]),
                "runs": self.runs,
            },
            {
                "seconds": round(self.decoded[0] / self.runs, 1),
                "events_per_s": decoded_rate,
                "events_per_cpu_s": rate(total, self.decoded[1]),
                "share_of_raw": round(decoded_rate / raw_rate, 3) if raw_rate else 0,
                "runs": self.runs,
            },
        )


def shares(events: int, seconds: float, cpu_seconds: float, raw_: dict[str, Any], decoded: dict[str, Any]) -> dict:
    """A rebuild's rate, and its share of each replay's rate: by the clock, and by this process's CPU time."""
    events_per_s = rate(events, seconds)
    events_per_cpu_s = rate(events, cpu_seconds)
    return {
        "seconds": round(seconds, 1),
        "events_per_s": events_per_s,
        "share_of_raw": round(events_per_s / raw_["events_per_s"], 3) if raw_["events_per_s"] else 0,
        "share_of_decoded": round(events_per_s / decoded["events_per_s"], 3) if decoded["events_per_s"] else 0,
        "cpu_seconds": round(cpu_seconds, 1),
        "events_per_cpu_s": events_per_cpu_s,
        "cpu_share_of_decoded": round(events_per_cpu_s / decoded["events_per_cpu_s"], 3)
        if decoded["events_per_cpu_s"]
        else 0,
    }


def run(
    store: str,
    size: str,
    only: list[str] | None,
    replay_only: bool = False,
    one_pass: bool = False,
    floor: bool = False,
    floor_only: bool = False,
) -> dict[str, Any]:
    """The replays, then the rebuilds, then the replays again: each share is against both replay runs.

    ``floor_only``: no rebuild; the read models are caught up (not timed: a catch-up leaves the tables a rebuild
    would, as the property tests check) and only the floor is measured between the replays: at 1M a one pass
    takes the better part of an hour, the floor minutes."""
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    app = open_app(url)
    read_models = open_read_models(url, app)
    replays = Replays(url, app)
    measured: dict[str, tuple[int, float, float]] = {}
    together: tuple[int, float, float] | None = None
    floors: dict[str, Any] = {}
    one_pass = one_pass or floor
    try:
        if floor_only:
            read_models.catch_up()
        replays.run()
        for runner in read_models.runners:
            if replay_only or one_pass or floor_only or (only and runner.name not in only):
                continue
            started, cpu = time.perf_counter(), time.process_time()
            applied = runner.rebuild()
            measured[runner.name] = (applied, time.perf_counter() - started, time.process_time() - cpu)
            print(runner.name, round(measured[runner.name][1], 1), "s", file=sys.stderr, flush=True)
        if floor_only:
            chosen = [runner for runner in read_models.runners if not only or runner.name in only]
            floors = {"dispatch": rebuild_floor.dispatch_floor(chosen)}
            floors["write"] = rebuild_floor.write_floor(replays.dsn, chosen, bench_dir())
        elif not replay_only and (one_pass or not only):  # what `kasane projections rebuild` does: one pass
            chosen = [runner for runner in read_models.runners if not only or runner.name in only]
            started, cpu = time.perf_counter(), time.process_time()
            rebuild_together(chosen)
            together = (replays.events, time.perf_counter() - started, time.process_time() - cpu)
            print("all together (one pass)", round(together[1], 1), "s", file=sys.stderr, flush=True)
            if floor:
                floors = {"dispatch": rebuild_floor.dispatch_floor(chosen)}
                floors["write"] = rebuild_floor.write_floor(replays.dsn, chosen, bench_dir())
        if not replay_only:
            replays.run()
    finally:
        read_models.close()
        app.close()
    raw_rates, decoded_rates = replays.rates()
    models = {name: shares(*figures, raw_rates, decoded_rates) for name, figures in measured.items()}
    if together is None and models:  # --only without --one-pass: the sum of the chosen ones' own rebuilds
        together = (replays.events, sum(f[1] for f in measured.values()), sum(f[2] for f in measured.values()))
    return report(
        "rebuild",
        store,
        size,
        events=replays.events,
        generator=generated,
        raw=raw_rates,
        decoded=decoded_rates,
        read_models=models,
        all_read_models=shares(*(together or (0, 0.0, 0.0)), raw_rates, decoded_rates),
        **({"floor": _floor(replays, floors)} if floors else {}),
    )


def _floor(replays: Replays, floors: dict[str, Any]) -> dict[str, Any]:
    events, dispatch_cpu = floors["dispatch"]
    assert events == replays.events, "the dispatch floor read another log"
    return rebuild_floor.bound(events, replays.decoded_cpu_seconds, dispatch_cpu, floors["write"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="prefecture")
    parser.add_argument("--only", nargs="*", help="rebuild only these read models (default: all)")
    parser.add_argument("--replay-only", action="store_true", help="measure the two replays, rebuild nothing")
    parser.add_argument(
        "--one-pass",
        action="store_true",
        help="only the one-pass rebuild of all (or the --only) read models, not each on its own",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="after the one pass, its floor: dispatching to handlers that do nothing, writing the rows it left",
    )
    parser.add_argument(
        "--floor-only",
        action="store_true",
        help="the floor alone, on the read models caught up (no rebuild): for stores where a one pass takes an hour",
    )
    args = parser.parse_args(argv)
    run(args.store, args.size, args.only, args.replay_only, args.one_pass, args.floor, args.floor_only)


if __name__ == "__main__":
    main()
