"""Projection rebuild throughput (events/s) against a raw decoded replay of the same log, in the same run.

Three rates over the whole stored log:

- raw: the plain driver reads the log in pages of 500 by notification id and
  ``json.loads`` each event's state (the floor any rebuild pays);
- decoded: Kasane's recorder and mapper read and decode the same pages into
  domain events (what each runner pays before applying anything);
- each read model's ``rebuild()`` (drop, recreate, replay every event, one
  transaction per page), and all of them together (``kasane projections rebuild``:
  ``ReadModels.rebuild()``, one pass over the log that decodes each page once for all;
  with ``--only``, the sum of the chosen ones' own rebuilds; ``--one-pass``: only the one pass,
  of all or of the ``--only`` ones).

    .venv/bin/python -m bench.rebuild --store sqlite --size town
    .venv/bin/python -m bench.rebuild --store sqlite --size prefecture --replay-only   # the two replays at 1M
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from bench import raw
from bench.measure import report
from bench.stores import ensure_loaded, open_app, open_read_models, raw_dsn, store_url
from domain.application import Kasane
from projections.engine.catch_up import DEFAULT_PAGE_SIZE, rebuild_together


def decoded_replay(app: Kasane) -> tuple[int, float]:
    """Read and decode the whole log through Kasane's recorder and mapper; (events, seconds)."""
    count, position = 0, 0
    started = time.perf_counter()
    while True:
        page = app.recorder.select_notifications(start=position, limit=DEFAULT_PAGE_SIZE, inclusive_of_start=False)
        if not page:
            break
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        position = page[-1].id
    return count, time.perf_counter() - started


def rate(events: int, seconds: float) -> int:
    return round(events / seconds) if seconds else 0


def run(
    store: str, size: str, only: list[str] | None, replay_only: bool = False, one_pass: bool = False
) -> dict[str, Any]:
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    raw_events, raw_seconds = raw.decoded_replay(raw_dsn(url))
    app = open_app(url)
    read_models = open_read_models(url, app)
    try:
        decoded_events, decoded_seconds = decoded_replay(app)
        models: dict[str, dict[str, Any]] = {}
        total = 0.0
        for runner in read_models.runners:
            if replay_only or one_pass or (only and runner.name not in only):
                continue
            started = time.perf_counter()
            applied = runner.rebuild()
            seconds = time.perf_counter() - started
            total += seconds
            models[runner.name] = {
                "events": applied,
                "seconds": round(seconds, 1),
                "events_per_s": rate(applied, seconds),
                "share_of_raw": round(rate(applied, seconds) / rate(raw_events, raw_seconds), 3),
            }
            print(runner.name, models[runner.name], file=sys.stderr, flush=True)
        if not replay_only and (one_pass or not only):  # what `kasane projections rebuild` does: one pass
            chosen = [runner for runner in read_models.runners if not only or runner.name in only]
            started = time.perf_counter()
            rebuild_together(chosen)
            total = time.perf_counter() - started
            print("all together (one pass)", round(total, 1), "s", file=sys.stderr, flush=True)
    finally:
        read_models.close()
        app.close()
    raw_rate = rate(raw_events, raw_seconds)
    return report(
        "rebuild",
        store,
        size,
        events=raw_events,
        generator=generated,
        raw={"seconds": round(raw_seconds, 1), "events_per_s": raw_rate},
        decoded={
            "seconds": round(decoded_seconds, 1),
            "events_per_s": rate(decoded_events, decoded_seconds),
            "share_of_raw": round(rate(decoded_events, decoded_seconds) / raw_rate, 3),
        },
        read_models=models,
        all_read_models={
            "seconds": round(total, 1),
            "events_per_s": rate(raw_events, total),
            "share_of_raw": round(rate(raw_events, total) / raw_rate, 3),
        },
    )


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
    args = parser.parse_args(argv)
    run(args.store, args.size, args.only, args.replay_only, args.one_pass)


if __name__ == "__main__":
    main()
