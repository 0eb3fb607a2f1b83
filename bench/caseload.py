"""One ``/caseload`` request's figures, alone: read from the maintained counts against counting the rows.

The dashboard's cost at scale is its counts and the totals of its two long
lists (every other part of the page is a first page of a keyset list). This
times them, and every query of the page with and without the summary
(``page_queries``), for the busiest coordinator's scope (the user ``bench.web``
logs in as) and unscoped, each repeated and interleaved with the previous
implementation (one statement grouping the visible cases by each dimension,
plus a count of each list; kept as ``counted_from_cases``, the reference the
tests hold the summary to; the action items each checked against the scope,
``counted_action_items``) and with a raw baseline in the same run: the plain
driver counting the visible cases once (``SELECT count(*)`` over the scope's
UNION), the floor of any count over the case rows. Both implementations must
return the same figures. On a loaded machine the minimum (also reported) is the
better estimate of the work itself.

    .venv/bin/python -m bench.caseload --store sqlite --size city
"""

from __future__ import annotations

import argparse
from functools import partial
from typing import Any

import sqlalchemy as sa

from bench.measure import percentiles, report, timed
from bench.stores import TODAY, ensure_loaded, open_app, open_read_models, store_url
from bench.web import placeholders
from projections.cases.caseload import (
    ActionItemTotals,
    CaseloadTotals,
    action_item_totals,
    ageing,
    caseload_totals,
    counted_from_cases,
    overdue_action_items,
    overdue_reviews,
)
from projections.cases.casework_queries import open_urgent_checks
from projections.cases.scope import visible_action_items, visible_case_ids
from projections.cases.selection import CaseSelection
from projections.cases.tables import case_list
from projections.meetings.queries import action_items_query, open_item_conditions
from web.demo.data import USERS

AGEING_DAYS, TOP = 90, 10
"""As the dashboard (``web.routes.caseload``)."""


def _scalar(connection: Any, query: Any) -> Any:
    return connection.execute(query).scalar_one()


def from_case_rows(connection: Any, visible_to: tuple[str, str] | None) -> CaseloadTotals:
    """The figures as computed before: the counts over the visible case rows, and each list's total counted."""

    def total(selection: CaseSelection) -> int:
        matching = sa.select(case_list.c.case_id).where(*selection.where(TODAY, visible_to))
        return int(_scalar(connection, sa.select(sa.func.count()).select_from(matching.subquery())))

    return CaseloadTotals(
        counted_from_cases(connection, visible_to=visible_to),
        total(CaseSelection(review_overdue=True)),
        total(CaseSelection(in_status_days=AGEING_DAYS)),
        counted_action_items(connection, visible_to),
    )


def counted_action_items(connection: Any, visible_to: tuple[str, str] | None) -> ActionItemTotals:
    """The open and overdue action items counted as before 2026-12-07 (late morning): every open item of the
    installation checked against the reader's scope (``visible_action_items``), once per count."""
    scope = [] if visible_to is None else [visible_action_items(*visible_to)]

    def count(*where: Any) -> int:
        return int(_scalar(connection, sa.select(sa.func.count()).select_from(action_items_query(*where).subquery())))

    return ActionItemTotals(
        count(*open_item_conditions(), *scope), count(*open_item_conditions(overdue_as_of=TODAY), *scope)
    )


def whole_page(connection: Any, visible_to: tuple[str, str] | None, *, summary: bool) -> None:
    """Every query of one ``/caseload`` request (``web.routes.caseload``), with the summary or as before."""
    overdue: int | None = None
    ageing_total: int | None = None
    if summary:
        totals = caseload_totals(connection, TODAY, ageing_days=AGEING_DAYS, visible_to=visible_to)
        overdue, ageing_total, items = totals.overdue_reviews, totals.ageing, totals.action_items
    else:
        counted_from_cases(connection, visible_to=visible_to)
        items = counted_action_items(connection, visible_to)
    overdue_reviews(connection, TODAY, visible_to=visible_to, limit=TOP, total=overdue)
    ageing(connection, TODAY, at_least_days=AGEING_DAYS, visible_to=visible_to, limit=TOP, total=ageing_total)
    overdue_action_items(connection, TODAY, visible_to=visible_to, limit=TOP, total=items.overdue)
    open_urgent_checks(connection, TODAY, visible_to=visible_to)


def page_parts(connection: Any, visible_to: tuple[str, str] | None) -> dict[str, Any]:
    """Each query of one ``/caseload`` request alone (with the summary), to see which part grows with the scope."""
    totals = caseload_totals(connection, TODAY, ageing_days=AGEING_DAYS, visible_to=visible_to)
    items = totals.action_items
    return {
        "totals": partial(caseload_totals, connection, TODAY, ageing_days=AGEING_DAYS, visible_to=visible_to),
        "top_overdue_reviews": partial(
            overdue_reviews, connection, TODAY, visible_to=visible_to, limit=TOP, total=totals.overdue_reviews
        ),
        "top_ageing": partial(
            ageing, connection, TODAY, at_least_days=AGEING_DAYS, visible_to=visible_to, limit=TOP, total=totals.ageing
        ),
        "top_overdue_action_items": partial(
            overdue_action_items, connection, TODAY, visible_to=visible_to, limit=TOP, total=items.overdue
        ),
        "urgent_checks": partial(open_urgent_checks, connection, TODAY, visible_to=visible_to),
        "action_item_totals_alone": partial(action_item_totals, connection, TODAY, visible_to=visible_to),
        "action_items_counted": partial(counted_action_items, connection, visible_to),
    }


def run(store: str, size: str, iterations: int) -> dict[str, Any]:
    generated = ensure_loaded(store, size)
    url = store_url(store, size)
    app = open_app(url)
    read_models = open_read_models(url, app)
    figures: dict[str, Any] = {"generator": generated}
    try:
        read_models.catch_up()
        coordinator = placeholders(url)["coordinator"]
        agency = next(a for username, _, _, a in USERS if username == coordinator)
        with read_models.engine.connect() as connection:
            for label, scope in (("scoped", (agency, coordinator)), ("unscoped", None)):
                summary = partial(caseload_totals, connection, TODAY, ageing_days=AGEING_DAYS, visible_to=scope)
                assert summary() == from_case_rows(connection, scope)
                assert action_item_totals(connection, TODAY, visible_to=scope) == counted_action_items(
                    connection, scope
                )
                visible = sa.select(sa.func.count()).select_from(
                    case_list if scope is None else visible_case_ids(*scope).subquery()
                )
                now, before, raw, page_now, page_before = [], [], [], [], []
                parts = page_parts(connection, scope)
                part_times: dict[str, list[float]] = {name: [] for name in parts}
                for _ in range(iterations):
                    for name, query in parts.items():
                        part_times[name].append(timed(query))
                    now.append(timed(summary))
                    before.append(timed(partial(from_case_rows, connection, scope)))
                    raw.append(timed(partial(_scalar, connection, visible)))
                    page_now.append(timed(partial(whole_page, connection, scope, summary=True)))
                    page_before.append(timed(partial(whole_page, connection, scope, summary=False)))
                figures[label] = {
                    "cases_visible": connection.execute(visible).scalar_one(),
                    "page_parts": {
                        name: {"p50_ms": percentiles(samples)["p50_ms"], "min_ms": round(min(samples), 2)}
                        for name, samples in part_times.items()
                    },
                    **{
                        name: {**percentiles(samples), "min_ms": round(min(samples), 2)}
                        for name, samples in (
                            ("kasane", now),
                            ("case_rows", before),
                            ("raw_visible_count", raw),
                            ("page_queries", page_now),
                            ("page_queries_before", page_before),
                        )
                    },
                }
        figures["events"] = app.recorder.max_notification_id() or 0
    finally:
        read_models.close()
        app.close()
    return report("caseload", store, size, **figures)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="prefecture")
    parser.add_argument("--iterations", type=int, default=15)
    args = parser.parse_args(argv)
    run(args.store, args.size, args.iterations)


if __name__ == "__main__":
    main()
