"""Any sequence of commands gives the same read models page by page as rebuilt, and agrees with the cases.

Hypothesis draws command sequences (refused commands are simply skipped, as
a user would see an error) interleaved with catch-ups of random page sizes.
SQLite only: the PostgreSQL paths are the same SQL and are covered elsewhere.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import Kasane
from domain.commands import (
    AssignCase,
    CloseCase,
    InvolveAgency,
    MoveCaseToArea,
    ReleaseAgency,
    ReopenCase,
    ReviewSupportPlan,
    TagIssues,
)
from domain.consent import ConsentScope, consent_in_force
from domain.errors import KasaneError
from domain.lifecycle import ALLOWED, CaseStatus
from projections.cases import queries
from projections.engine.catalogue import ReadModels
from tests.builders import COORDINATOR, TODAY, given_consent, given_open_case, given_standard_setup
from tests.read_models import table_contents
from tests.scenarios import adopt_plan, consult, correct, move, place, refer, visit, void
from web.storage.bootstrap import build_application, build_read_models
from web.storage.settings import Settings

START = date(2026, 4, 1)
AGENCIES = ("fukushi-soudan", "shakyo", "jiritsu", "kodomo-katei")

later = st.integers(min_value=0, max_value=9)
"""How many days after the previous step a step happens: the story's dates move forward like a real case."""
which = st.integers(min_value=0, max_value=3)
steps = st.one_of(
    st.tuples(st.just("open"), later),
    st.tuples(st.just("status"), which, which, later),
    st.tuples(st.just("close"), which, st.sampled_from(["resolved", "moved_away"]), later),
    st.tuples(st.just("reopen"), which, later),
    st.tuples(st.just("consent"), which, st.sampled_from(["given", "refused", "withdrawn"]), later),
    st.tuples(st.just("consult"), which, later),
    st.tuples(st.just("visit"), which, st.booleans(), later),
    st.tuples(st.just("place"), which, later),
    st.tuples(st.just("void"), which, which, later),
    st.tuples(st.just("correct"), which, which, st.integers(min_value=0, max_value=20), later),
    st.tuples(st.just("refer"), which, st.sampled_from(AGENCIES), st.booleans(), later),
    st.tuples(st.just("plan"), which, st.integers(min_value=1, max_value=200), later),
    st.tuples(st.just("review"), which, st.none() | st.integers(min_value=1, max_value=200), later),
    st.tuples(st.just("assign"), which, st.sampled_from(["sato", "suzuki"]), st.sampled_from(AGENCIES), later),
    st.tuples(st.just("involve"), which, st.sampled_from(AGENCIES), later),
    st.tuples(st.just("release"), which, st.sampled_from(AGENCIES), later),
    st.tuples(st.just("tags"), which, st.lists(st.sampled_from(["elderly", "poverty", "dv"]), max_size=3), later),
    st.tuples(st.just("area"), which, st.sampled_from(["kita", "minami"]), later),
    st.tuples(st.just("catch_up"), st.integers(min_value=1, max_value=12)),
)


class Story:
    """Runs drawn steps against a city; remembers the cases and entries it made."""

    def __init__(self, app: Kasane, read_models: ReadModels) -> None:
        self.app, self.read_models = app, read_models
        self.day = START
        self.cases: list[uuid.UUID] = []
        self.entries: dict[uuid.UUID, list[uuid.UUID]] = {}

    def run(self, step: tuple[Any, ...]) -> None:
        kind, *args = step
        if kind == "catch_up":
            for runner in self.read_models.runners:
                runner.page_size = args[0]
            self.read_models.catch_up()
            return
        self.day = min(self.day + timedelta(days=args.pop()), TODAY)
        if kind == "open":
            case_id = given_open_case(self.app, opened_on=self.day, household_name=f"世帯{len(self.cases) + 1}")
            self.cases.append(case_id)
            self.entries[case_id] = []
        elif self.cases:
            case_id = self.cases[args[0] % len(self.cases)]
            with suppress(KasaneError):
                self.ACTIONS[kind](self, case_id, *args[1:], self.day)

    def _entry(self, case_id: uuid.UUID, index: int) -> uuid.UUID:
        entries = self.entries[case_id] or [uuid.uuid4()]
        return entries[index % len(entries)]

    def _next_status(self, case_id: uuid.UUID, index: int) -> str:
        """One of the moves the lifecycle allows from the case's status (closing has its own step)."""
        moves = sorted(ALLOWED[self.app.case(case_id).status] - {CaseStatus.CLOSED}) or [CaseStatus.INTAKE]
        return moves[index % len(moves)].value

    def _logged(self, case_id: uuid.UUID, record: Callable[[], uuid.UUID]) -> None:
        self.entries[case_id].append(record())

    ACTIONS: dict[str, Callable[..., None]] = {
        "status": lambda s, c, i, on: move(s.app, c, s._next_status(c, i), on),
        "close": lambda s, c, reason, on: s.app.execute(
            CloseCase(actor=COORDINATOR, case_id=c, reason=reason, occurred_on=on)
        ),
        "reopen": lambda s, c, on: s.app.execute(
            ReopenCase(actor=COORDINATOR, case_id=c, reason="再相談", occurred_on=on)
        ),
        "consent": lambda s, c, decision, on: given_consent(s.app, c, on=on, decision=decision),
        "consult": lambda s, c, on: s._logged(c, lambda: consult(s.app, c, on)),
        "visit": lambda s, c, contact, on: s._logged(c, lambda: visit(s.app, c, on, contact_made=contact)),
        "place": lambda s, c, on: s._logged(c, lambda: place(s.app, c, on)),
        "void": lambda s, c, i, on: void(s.app, c, s._entry(c, i), on),
        "correct": lambda s, c, i, back, on: correct(
            s.app, c, s._entry(c, i), on, occurred_on=on - timedelta(days=back)
        ),
        "refer": lambda s, c, to, accept, on: refer(s.app, c, on, to_agency=to, accept=accept),
        "plan": lambda s, c, due, on: adopt_plan(s.app, c, on, on + timedelta(days=due), reason="見直し"),
        "review": lambda s, c, due, on: s.app.execute(
            ReviewSupportPlan(
                actor=COORDINATOR,
                case_id=c,
                findings="経過良好",
                reviewed_on=on,
                next_review_due_on=None if due is None else on + timedelta(days=due),
            )
        ),
        "assign": lambda s, c, who, lead, on: s.app.execute(
            AssignCase(actor=COORDINATOR, case_id=c, coordinator=who, lead_agency=lead, occurred_on=on)
        ),
        "involve": lambda s, c, agency, on: s.app.execute(
            InvolveAgency(actor=COORDINATOR, case_id=c, agency=agency, occurred_on=on)
        ),
        "release": lambda s, c, agency, on: s.app.execute(
            ReleaseAgency(actor=COORDINATOR, case_id=c, agency=agency, reason="支援終了", occurred_on=on)
        ),
        "tags": lambda s, c, tags, on: s.app.execute(
            TagIssues(actor=COORDINATOR, case_id=c, issue_tags=tuple(tags), occurred_on=on)
        ),
        "area": lambda s, c, area, on: s.app.execute(
            MoveCaseToArea(actor=COORDINATOR, case_id=c, area=area, occurred_on=on)
        ),
    }


@contextmanager
def fresh_city() -> Iterator[tuple[Kasane, ReadModels]]:
    with tempfile.TemporaryDirectory() as folder:
        city_settings = Settings(database_url=f"sqlite:///{Path(folder) / 'kasane.db'}")
        app = build_application(city_settings, today=lambda: TODAY)
        read_models = build_read_models(city_settings, app)
        try:
            given_standard_setup(app)
            yield app, read_models
        finally:
            read_models.close()
            app.close()


def assert_case_list_agrees_with_cases(app: Kasane, read_models: ReadModels) -> None:
    with read_models.engine.connect() as connection:
        for case_id in {c.case_id for c in queries.list_cases(connection)}:
            detail = queries.case_detail(connection, case_id)
            assert detail is not None
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


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(later, min_size=1, max_size=3), st.lists(steps, min_size=10, max_size=30))
def test_any_command_sequence_projects_the_same_incrementally_and_rebuilt(
    openings: list[int], drawn: list[tuple[Any, ...]]
) -> None:
    with fresh_city() as (app, read_models):
        story = Story(app, read_models)
        for step in [("open", days) for days in openings] + drawn:
            story.run(step)
        read_models.catch_up()
        assert_case_list_agrees_with_cases(app, read_models)
        incremental = table_contents(read_models)
        read_models.rebuild()
        assert table_contents(read_models) == incremental
