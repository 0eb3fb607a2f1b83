"""One ``/caseload`` request's counts, alone: the current one-statement counts against the six GROUP BYs before.

The dashboard's cost at scale is ``caseload_counts`` (every other part of the
page is a first page of a keyset list). This times it for the busiest
coordinator's scope (the user ``bench.web`` logs in as) and unscoped, each
repeated and interleaved with the previous implementation (six GROUP BYs, each
re-running the visibility UNION; kept here as the baseline) and with a raw
baseline in the same run: the plain driver counting the visible cases once
(``SELECT count(*)`` over the same UNION), the floor of any per-request
count. Both implementations must return the same counts. On a loaded machine
the minimum (also reported) is the better estimate of the work itself.

    .venv/bin/python -m bench.caseload --store sqlite --size city
"""

from __future__ import annotations

import argparse
from functools import partial
from typing import Any

import sqlalchemy as sa

from bench.measure import percentiles, report, timed
from bench.stores import ensure_loaded, open_app, open_read_models, store_url
from bench.web import placeholders
from projections.cases.caseload import CaseloadCounts, caseload_counts
from projections.cases.scope import visible_case_ids
from projections.cases.selection import IS_OPEN
from projections.cases.tables import case_agencies, case_issue_tags, case_list
from web.demo.data import USERS


def _scalar(connection: Any, query: Any) -> Any:
    return connection.execute(query).scalar_one()


def six_group_bys(connection: Any, visible_to: tuple[str, str] | None) -> CaseloadCounts:
    """The counts as computed before (one GROUP BY per dimension, each with the scope's UNION)."""
    c = case_list.c
    scope = None if visible_to is None else c.case_id.in_(visible_case_ids(*visible_to))

    def count(column: Any, child: sa.Table | None = None, open_only: bool = True) -> dict[str, int]:
        source = case_list if child is None else child.join(case_list, child.c.case_id == c.case_id)
        query = sa.select(column, sa.func.count()).select_from(source).group_by(column).order_by(column)
        if open_only:
            query = query.where(IS_OPEN)
        if scope is not None:
            query = query.where(scope)
        return {key: n for key, n in connection.execute(query)}

    return CaseloadCounts(
        by_status=count(c.status, open_only=False),
        by_coordinator=count(c.coordinator),
        by_lead_agency=count(c.lead_agency),
        by_involved_agency=count(case_agencies.c.agency, case_agencies),
        by_area=count(c.area),
        by_issue_tag=count(case_issue_tags.c.tag, case_issue_tags),
    )


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
                assert caseload_counts(connection, visible_to=scope) == six_group_bys(connection, scope)
                visible = sa.select(sa.func.count()).select_from(
                    case_list if scope is None else visible_case_ids(*scope).subquery()
                )
                now, before, raw = [], [], []
                for _ in range(iterations):
                    now.append(timed(partial(caseload_counts, connection, visible_to=scope)))
                    before.append(timed(partial(six_group_bys, connection, scope)))
                    raw.append(timed(partial(_scalar, connection, visible)))
                figures[label] = {
                    "cases_visible": connection.execute(visible).scalar_one(),
                    **{
                        name: {**percentiles(samples), "min_ms": round(min(samples), 2)}
                        for name, samples in (("kasane", now), ("six_group_bys", before), ("raw_visible_count", raw))
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
