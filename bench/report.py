"""Fiscal-year indicator report and as-of report latency on a full store, against plain SQL reads.

Loads the 50-indicator plan of ``bench/plan_50.py`` once (through ``LoadPlan``,
like ``kasane plan load``), catches the read models up, then times what
``kasane report indicators`` does after its catch-up: ``year_report`` for
FY2025 (the last complete year of the data) plus the JSON document, without
and with ``--as-of``. The as-of moment is just after the plan was loaded, so
the report counts the whole log through the as-of filter of the fact table;
"as_of_middle" is the same report as known at the write time of the event in
the middle of the log (by notification id), under the plan of today (the plan
was loaded after the log, so the one of that moment does not exist): the
as-of filter then has to tell the facts known by then from the later ones.

Two raw baselines in the same run, with the plain driver: fetch the same
fact rows per indicator (kind, validity and date filters), and only
``count(*)`` them. And the counting step alone ("counting"): the report's
counts now (延べ figures from the per-rule monthly summary, 実/新規 from the
per-year unit counters) interleaved with the 2026-12-06 path (延べ from the
summary, 実/新規 exact) and the exact path over the fact table for every
indicator.

    .venv/bin/python -m bench.report --store sqlite --size prefecture
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import Any

from bench import raw
from bench.measure import percentiles, report, timed
from bench.plan_50 import CODE, plan_text
from bench.stores import TODAY, ensure_loaded, open_app, open_read_models, raw_dsn, store_url
from domain.actor import Actor
from domain.plan_commands import LoadPlan
from domain.rule import CountingMode
from projections.indicators import fact_summary
from projections.indicators.counting import _statement as exact_statement
from projections.indicators.counting import counts
from projections.indicators.engine import report_of, year_report
from projections.indicators.evaluation_records import plan_at, plans
from projections.indicators.fact_tables import summary_tables
from projections.reports.documents import indicators_document, to_json

FISCAL_YEAR = 2025
PLANNER = Actor(user_id="hayashi", role="planner", agency_id="fukushi-seisaku")


def selections(connection: Any, as_of: datetime | None) -> list[tuple[tuple[str, ...], date, date]]:
    """(event kinds, first day, last day) that Kasane reads for each counted indicator."""
    plan = year_report(connection, CODE, FISCAL_YEAR, as_of).version.plan
    chosen = []
    for indicator in plan.indicators():
        if indicator.rule is None or indicator.counting is None:
            continue
        start, end = indicator.period_of(FISCAL_YEAR)
        first = date(1900, 1, 1) if indicator.counting == CountingMode.NEW else start
        chosen.append((tuple(indicator.rule.events), first, end))
    return chosen


def ensure_plan(app: Any, read_models: Any) -> None:
    """Load the 50-indicator plan unless the store has it, and catch the read models up."""
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        loaded = any(p.code == CODE for p in plans(connection))
    if not loaded:
        app.execute(LoadPlan(actor=PLANNER, source=plan_text(), occurred_on=TODAY))
    read_models.catch_up()


def middle_moment(app: Any, head: int) -> datetime:
    """The write time of the event in the middle of the log (by notification id)."""
    notification = app.recorder.select_notifications(start=max(head // 2, 1), limit=1)[0]
    return app.mapper.to_domain_event(notification).timestamp


def counting_alone(connection: Any, iterations: int = 15) -> dict[str, Any]:
    """The counting step of the FY report alone, now (summary + exact path) against the exact path for every
    indicator (what it was before the summary), interleaved in the same process, with the minimum: on a loaded
    machine the better estimate of the work itself."""
    plan = year_report(connection, CODE, FISCAL_YEAR, None).version.plan
    counted = [i for i in plan.indicators() if not i.is_manual]
    wanted: tuple[fact_summary.Counting, ...] = tuple(
        dict.fromkeys((i.rule, i.counting_mode, *i.period_of(FISCAL_YEAR)) for i in counted)  # type: ignore[misc]
    )  # counted indicators always have a rule and a mode
    summed = len(fact_summary.figures(connection, summary_tables, wanted))
    totals = fact_summary._totals(connection, summary_tables, wanted)
    rest = tuple(key for key in wanted if key not in totals)

    def totals_then_exact() -> None:  # the 2026-12-06 path: 延べ from the summary, 実/新規 exact
        fact_summary._totals(connection, summary_tables, wanted)
        connection.execute(exact_statement(rest, False)).one()

    now, previous, exact = [], [], []
    for _ in range(iterations):
        now.append(timed(lambda: counts(connection, counted, FISCAL_YEAR, None)))
        previous.append(timed(totals_then_exact))
        exact.append(timed(lambda: connection.execute(exact_statement(wanted, False)).one()))
    return {
        "countings": len(wanted),
        "from_summary": summed,
        "kasane": {**percentiles(now), "min_ms": round(min(now), 2)},
        "totals_summary_rest_exact": {**percentiles(previous), "min_ms": round(min(previous), 2)},
        "exact_path_all": {**percentiles(exact), "min_ms": round(min(exact), 2)},
    }


def run(store: str, size: str, iterations: int, raw_fetch: bool = True) -> dict[str, Any]:
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    app = open_app(url)
    read_models = open_read_models(url, app)
    try:
        ensure_plan(app, read_models)
        as_of = datetime.now(UTC)
        head = app.recorder.max_notification_id() or 0
        figures: dict[str, Any] = {"events": head, "generator": generated, "fiscal_year": FISCAL_YEAR}
        middle = middle_moment(app, head)
        figures["as_of_middle_moment"] = middle.isoformat()
        with read_models.engine.connect() as connection:
            chosen = selections(connection, None)
            today = plan_at(connection, CODE, None)
            for label, moment in (("fy", None), ("as_of", as_of), ("as_of_middle", middle)):

                def once(moment: datetime | None = moment) -> None:
                    reported = (
                        report_of(connection, today, FISCAL_YEAR, moment)
                        if moment == middle
                        else year_report(connection, CODE, FISCAL_YEAR, moment)
                    )
                    to_json(indicators_document(reported))

                samples = [timed(once) for _ in range(iterations)]
                rows = [
                    raw.fact_reads(raw_dsn(url), chosen, moment, count_only=False)
                    for _ in range(iterations if raw_fetch else 0)
                ]
                counts = [raw.fact_reads(raw_dsn(url), chosen, moment, count_only=True) for _ in range(iterations)]
                figures[label] = {
                    "kasane": percentiles(samples),
                    "raw_count": percentiles(counts),
                    **({"raw_fetch": percentiles(rows)} if rows else {}),
                }
            figures["counting"] = counting_alone(connection)
        figures["indicators_counted"] = len(chosen)
    finally:
        read_models.close()
        app.close()
    return report("report", store, size, **figures)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="prefecture")
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument(
        "--no-raw-fetch",
        action="store_true",
        help="skip the raw fetch of every fact row (minutes per run at 1M on PostgreSQL)",
    )
    args = parser.parse_args(argv)
    run(args.store, args.size, args.iterations, raw_fetch=not args.no_raw_fetch)


if __name__ == "__main__":
    main()
