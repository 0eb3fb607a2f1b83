"""What must hold after any story of the projection property test, on either store: the case list agrees with
the cases, the caseload's counts with its case rows, every indicator with the plain-Python reference of the rules
(``tests.rule_reference``), and a rebuild with the read models caught up page by page."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from domain.application import Kasane
from domain.consent import ConsentScope, consent_in_force
from projections.cases import casework_queries, queries
from projections.cases.caseload import counted_from_cases
from projections.cases.tables import case_agencies, case_list
from projections.engine.catalogue import ReadModels
from projections.engine.catch_up import DEFAULT_PAGE_SIZE
from projections.indicators.counting import counts
from tests.builders import (
    TODAY,
)
from tests.command_steps import AGENCIES
from tests.rule_reference import by_the_rule, every_filter, plan_indicators, valid, versions
from tests.scope_reference import assert_lists_walked_per_row_equal_the_scope_selected_once


def rebuilt_as_released(read_models: ReadModels) -> None:
    """Rebuild from scratch in the page size a real rebuild uses (the stories' catch-ups drew small pages: the two
    sides then cut the log at different places)."""
    for runner in read_models.runners:
        runner.page_size = DEFAULT_PAGE_SIZE
    read_models.rebuild()


def assert_case_list_agrees_with_cases(app: Kasane, read_models: ReadModels) -> None:
    with read_models.engine.connect() as connection:
        for case_id in {c.case_id for c in queries.list_cases(connection)}:
            detail = queries.case_detail(connection, case_id)
            assert detail is not None
            assert_casework_in_one_statement_is_the_four_lists(connection, detail.case)
            row, case = detail.case, app.case(case_id)
            live = case.live_entries
            contacts = [e.occurred_on for e in live if getattr(e, "contact_made", type(e).__name__ == "Consultation")]
            in_force = consent_in_force(case.consents, ConsentScope.MEETING_DISCUSSION, TODAY) is not None
            assert (row.version, row.status, row.status_since, row.closure_reason) == (
                case.version,
                case.status.value,
                case.status_since,
                case.closure_reason,
            )
            assert (row.area, row.lead_agency, row.coordinator, set(row.issue_tags)) == (
                case.area,
                case.lead_agency,
                case.coordinator,
                set(case.issue_tags),
            )
            assert {a.agency: a.relation for a in detail.agencies} == case.involved_agencies
            assert (row.plan_version, row.next_review_due_on) == (
                case.current_plan and case.current_plan.version,
                case.next_review_due_on,
            )
            assert row.last_contact_on == max(contacts, default=None)
            assert (row.consultation_count, row.outreach_count, row.placement_count) == tuple(
                sum(type(e).__name__ == kind for e in live) for kind in ("Consultation", "OutreachVisit", "Placement")
            )
            assert in_force == (
                row.meeting_consent == "given"
                and (row.meeting_consent_expires_on is None or row.meeting_consent_expires_on >= TODAY)
            )


def assert_casework_in_one_statement_is_the_four_lists(connection: Connection, case: queries.CaseSummary) -> None:
    """The case page's one UNION ALL (``casework_of``) reads what the four queries of each list read."""
    case_id = case.case_id
    assert casework_queries.casework_of(connection, case, TODAY) == casework_queries.Casework(
        pending_transfer=casework_queries.pending_transfer(connection, case_id),
        urgent_check=next(iter(casework_queries.open_urgent_checks(connection, TODAY, case_id=case_id)), None),
        open_placements=casework_queries.open_placements(connection, case_id),
        members=casework_queries.members_of(connection, case_id),
    )


def assert_caseload_summary_counts_what_the_case_rows_count(read_models: ReadModels) -> None:
    """Every agency x coordinator scope (a coordinator outside the agency included) and the unscoped reader: the
    summary's counts and list totals equal the counts over the case rows and the lists' own totals; the lists
    walked with the scope checked per row hold the rows the scope selected once picks."""
    with read_models.engine.connect() as connection:
        agencies = sorted({*AGENCIES, *connection.execute(sa.select(case_agencies.c.agency)).scalars(), "nowhere"})
        coordinators = sorted(set(connection.execute(sa.select(case_list.c.coordinator)).scalars()))
        scopes = [(agency, user) for agency in agencies for user in coordinators]
        for scope in [None, *scopes]:
            counted = counted_from_cases(connection, visible_to=scope)
            assert queries.caseload_counts(connection, visible_to=scope) == counted, scope
            for today, days in ((TODAY, 0), (TODAY + timedelta(days=75), 40)):
                totals = queries.caseload_totals(connection, today, ageing_days=days, visible_to=scope)
                assert (totals.overdue_reviews, totals.ageing, totals.action_items) == (
                    queries.overdue_reviews(connection, today, visible_to=scope).total,
                    queries.ageing(connection, today, at_least_days=days, visible_to=scope).total,
                    queries.action_item_totals(connection, today, visible_to=scope),
                ), (scope, today)
        assert_lists_walked_per_row_equal_the_scope_selected_once(connection, [None, *scopes], TODAY)


def assert_counts_follow_the_rules(read_models: ReadModels) -> None:
    """Every indicator counts in SQL what the reference counts in Python, now and as of the story's middle."""
    with read_models.engine.connect() as connection:
        rows = versions(connection)
        indicators = plan_indicators() + every_filter(rows)
        written = sorted({r["recorded_at"] for r in rows})
        for moment in (None, written[len(written) // 2] if written else None):
            occurrences = valid(rows, moment)
            for year in YEARS:
                expected = {i.code: by_the_rule(i, occurrences, year) for i in indicators}
                assert counts(connection, indicators, year, moment) == expected, (moment, year)


YEARS = (2026,)
"""The stories run from 2026-04-01 to TODAY: fiscal and calendar year 2026 (corrections may move entries back)."""
