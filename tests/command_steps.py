"""The steps the projection property test draws (``tests/integration/test_projections_properties.py``), and the
story that runs them against a small city.

Case work (intake, entries, voids and corrections, referrals, plans and their voids, consents, reassignment,
transfers), meetings (scheduled, held on some cases with some agencies, cancelled, voided), community activities
(recorded, corrected, voided) and anonymous consultations, interleaved with catch-ups of random page sizes; refused
commands are simply skipped, as a user would see an error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from domain.application import Kasane
from domain.casework_commands import RecordAnonymousConsultation, RequestTransfer, WithdrawTransfer
from domain.commands import (
    AssignCase,
    CloseCase,
    InvolveAgency,
    MoveCaseToArea,
    ReleaseAgency,
    ReopenCase,
    ReviewSupportPlan,
    TagIssues,
    VoidSupportPlan,
)
from domain.errors import KasaneError
from domain.lifecycle import ALLOWED, CaseStatus
from projections.engine.catalogue import ReadModels
from tests.builders import (
    COORDINATOR,
    CSW,
    TODAY,
    given_consent,
    given_meeting,
    given_open_case,
)
from tests.scenarios import (
    action_item,
    adopt_plan,
    cancel_meeting,
    complete,
    consult,
    correct,
    correct_activity,
    given_community_activity,
    hold,
    move,
    place,
    refer,
    visit,
    void,
    void_activity,
    void_meeting,
)

START = date(2026, 4, 1)
AGENCIES = ("fukushi-soudan", "shakyo", "jiritsu", "kodomo-katei")
MEETING_TYPES = ("layered", "support", "individual_case")
ACTIVITY_KINDS = ("consultation_session", "area_assessment", "outreach_session", "training")
AREAS = ("kita", "minami", None)

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
    st.tuples(st.just("void_plan"), which, later),
    st.tuples(st.just("transfer"), which, st.sampled_from(AGENCIES), st.booleans(), later),
    st.tuples(st.just("catch_up"), st.integers(min_value=1, max_value=12)),
)
cases = st.lists(which, max_size=3, unique=True)
city_steps = st.one_of(
    st.tuples(st.just("schedule"), st.sampled_from(MEETING_TYPES), later),
    st.tuples(st.just("hold"), which, cases, st.lists(st.sampled_from(AGENCIES), max_size=3, unique=True), later),
    st.tuples(st.just("hold_bare"), which, cases, st.lists(st.sampled_from(AGENCIES), max_size=3, unique=True), later),
    st.tuples(st.just("cancel"), which, later),
    st.tuples(st.just("complete"), which, later),
    st.tuples(st.just("void_meeting"), which, later),
    st.tuples(
        st.just("activity"),
        st.sampled_from(ACTIVITY_KINDS),
        st.sampled_from(AREAS),
        st.integers(min_value=0, max_value=40),
        later,
    ),
    st.tuples(st.just("correct_activity"), which, st.integers(min_value=0, max_value=40), later),
    st.tuples(st.just("void_activity"), which, later),
    st.tuples(st.just("anonymous"), st.sampled_from(AGENCIES), st.sampled_from(["window", "phone"]), later),
)


class Story:
    """Runs drawn steps against a city; remembers the cases and entries it made."""

    def __init__(self, app: Kasane, read_models: ReadModels) -> None:
        self.app, self.read_models = app, read_models
        self.day = START
        self.cases: list[uuid.UUID] = []
        self.entries: dict[uuid.UUID, list[uuid.UUID]] = {}
        self.meetings: list[uuid.UUID] = []
        self.activities: list[uuid.UUID] = []
        self.items: list[tuple[uuid.UUID, uuid.UUID]] = []

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
        elif kind in self.CITY:
            with suppress(KasaneError):
                self.CITY[kind](self, *args, self.day)
        elif self.cases:
            case_id = self.cases[args[0] % len(self.cases)]
            with suppress(KasaneError):
                self.ACTIONS[kind](self, case_id, *args[1:], self.day)

    def _meeting(self, index: int) -> uuid.UUID:
        return self.meetings[index % len(self.meetings)] if self.meetings else uuid.uuid4()

    def _activity(self, index: int) -> uuid.UUID:
        return self.activities[index % len(self.activities)] if self.activities else uuid.uuid4()

    def _schedule(self, meeting_type: str, on: date) -> None:
        self.meetings.append(given_meeting(self.app, meeting_type=meeting_type, scheduled_on=on))

    def _hold_bare(self, index: int, picked: list[int], agencies: list[str], on: date) -> None:
        """Without action items (the benchmark's meeting record): the case list does not count the items again
        unless the attendees' seeing the cases changes what the cases' open items count in."""
        chosen = list(dict.fromkeys(self.cases[i % len(self.cases)] for i in picked)) if self.cases else []
        hold(self.app, self._meeting(index), on, *chosen, agencies=tuple(agencies))

    def _hold(self, index: int, picked: list[int], agencies: list[str], on: date) -> None:
        """With action items: one per case taken up (due in 10 days), one for the meeting's owner (in 3)."""
        chosen = list(dict.fromkeys(self.cases[i % len(self.cases)] for i in picked)) if self.cases else []
        owner = agencies[0] if agencies else "shakyo"
        items = (
            *(action_item(owner, on + timedelta(days=10), case_id) for case_id in chosen),
            action_item(agencies[-1] if agencies else "kodomo-katei", on + timedelta(days=3)),
        )
        meeting_id = self._meeting(index)
        hold(self.app, meeting_id, on, *chosen, items=items, agencies=tuple(agencies))
        self.items += [(meeting_id, item.item_id) for item in items]

    def _complete(self, index: int, on: date) -> None:
        if self.items:
            complete(self.app, *self.items[index % len(self.items)], on)

    def _record_activity(self, kind: str, area: str | None, participants: int, on: date) -> None:
        activity_id = uuid.uuid4()
        self.activities.append(activity_id)
        given_community_activity(self.app, on, activity_id=activity_id, kind=kind, area=area, participants=participants)

    CITY: dict[str, Callable[..., object]] = {
        "schedule": lambda s, meeting_type, on: s._schedule(meeting_type, on),
        "hold": lambda s, i, picked, agencies, on: s._hold(i, picked, agencies, on),
        "hold_bare": lambda s, i, picked, agencies, on: s._hold_bare(i, picked, agencies, on),
        "complete": lambda s, i, on: s._complete(i, on),
        "cancel": lambda s, i, on: cancel_meeting(s.app, s._meeting(i), on),
        "void_meeting": lambda s, i, on: void_meeting(s.app, s._meeting(i), on),
        "activity": lambda s, kind, area, participants, on: s._record_activity(kind, area, participants, on),
        "correct_activity": lambda s, i, participants, on: correct_activity(
            s.app, s._activity(i), on, participants=participants
        ),
        "void_activity": lambda s, i, on: void_activity(s.app, s._activity(i), on),
        "anonymous": lambda s, agency, channel, on: s.app.execute(
            RecordAnonymousConsultation(
                actor=CSW,
                consultation_id=uuid.uuid4(),
                occurred_on=on,
                agency=agency,
                channel=channel,
                handler_role="csw",
            )
        ),
    }
    """Steps of the city rather than of one case: meetings, community activities, anonymous consultations."""

    def _entry(self, case_id: uuid.UUID, index: int) -> uuid.UUID:
        entries = self.entries[case_id] or [uuid.uuid4()]
        return entries[index % len(entries)]

    def _next_status(self, case_id: uuid.UUID, index: int) -> str:
        """One of the moves the lifecycle allows from the case's status (closing has its own step)."""
        moves = sorted(ALLOWED[self.app.case(case_id).status] - {CaseStatus.CLOSED}) or [CaseStatus.INTAKE]
        return moves[index % len(moves)].value

    def _transfer(self, case_id: uuid.UUID, to_agency: str, withdraw: bool, on: date) -> None:
        """Ask another agency to take the case over (it sees the case while asked); maybe withdraw the request."""
        transfer_id = uuid.uuid4()
        self.app.execute(
            RequestTransfer(
                actor=COORDINATOR,
                case_id=case_id,
                transfer_id=transfer_id,
                to_agency=to_agency,
                reason="就労支援",
                occurred_on=on,
            )
        )
        if withdraw:
            self.app.execute(
                WithdrawTransfer(
                    actor=COORDINATOR, case_id=case_id, transfer_id=transfer_id, reason="取下げ", occurred_on=on
                )
            )

    def _logged(self, case_id: uuid.UUID, record: Callable[[], uuid.UUID]) -> None:
        self.entries[case_id].append(record())

    ACTIONS: dict[str, Callable[..., object]] = {
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
        "transfer": lambda s, c, to, withdraw, on: s._transfer(c, to, withdraw, on),
        "void_plan": lambda s, c, on: s.app.execute(
            VoidSupportPlan(
                actor=COORDINATOR,
                case_id=c,
                plan_version=s.app.case(c).current_plan.version if s.app.case(c).current_plan else 1,
                reason="誤って作成",
                occurred_on=on,
            )
        ),
    }
