"""Support meetings (支援会議 and the other meeting types): scheduling, the outcome record and its action items.

A meeting takes up cases open on its day (a layered-support meeting only those with consent to discuss them),
so meetings are planned after every household.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from domain.actor import Actor
from domain.consent import ConsentScope, consent_in_force
from domain.fiscal_year import FiscalYear
from domain.meeting_commands import CompleteActionItem, RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from web.demo.city import City, SimulatedCase

MEETING_VOLUMES = {"support": 6, "layered": 4, "individual_case": 8, "community_care": 5, "liaison": 10}
"""Meetings of each type per fiscal year."""
CASES_DISCUSSED = {"support": 2, "layered": 2, "individual_case": 1}
"""Cases each meeting type takes up (the others discuss no case)."""
ATTENDING_AGENCIES = ("fukushi-soudan", "shakyo", "houkatsu-kita", "jiritsu", "kodomo-katei", "kikan-soudan", "shougai")


def plan_meetings(city: City, fiscal_year: FiscalYear) -> None:
    last = min(fiscal_year.end, city.today - timedelta(days=1))
    for meeting_type, count in MEETING_VOLUMES.items():
        for _ in range(count):
            held_on = city.day_between(fiscal_year.start, last)
            if held_on <= city.start or held_on >= city.today:
                continue
            plan_meeting(city, meeting_type, held_on)


def plan_meeting(city: City, meeting_type: str, held_on: date) -> None:
    wanted = CASES_DISCUSSED.get(meeting_type, 0)
    candidates = open_cases(city, meeting_type, held_on)
    cases = city.rng.sample(candidates, k=min(wanted, len(candidates)))
    if wanted and not cases:
        return
    meeting_id, convenor = city.new_id(), city.actor_for("sato")
    city.add(
        max(held_on - timedelta(days=14), city.start),
        ScheduleMeeting(
            actor=convenor,
            meeting_id=meeting_id,
            meeting_type=meeting_type,
            title=f"{held_on:%m月}の会議",
            scheduled_on=held_on,
            convenor_agency="fukushi-soudan",
        ),
    )
    attendees = meeting_attendees(city, meeting_type)
    items = tuple(
        ActionItem(
            item_id=city.new_id(),
            description="関係機関で役割分担を確認",
            owner_agency=attendees[0].agency,
            due_on=held_on + timedelta(days=30),
            case_id=c.case_id,
        )
        for c in cases
    )
    record_outcome(city, convenor, meeting_id, meeting_type, held_on, attendees, cases, items)
    plan_completions(city, convenor, meeting_id, items)


def open_cases(city: City, meeting_type: str, held_on: date) -> list[SimulatedCase]:
    """The cases a meeting of this type may discuss on its day."""
    cases = [c for c in city.cases if c.opened_on < held_on and (c.closed_on is None or c.closed_on > held_on)]
    if meeting_type == "layered":
        cases = [c for c in cases if consent_in_force(c.consents, ConsentScope.MEETING_DISCUSSION, held_on)]
    return cases


def meeting_attendees(city: City, meeting_type: str) -> tuple[Attendee, ...]:
    attendees = tuple(
        Attendee(agency=a, role="") for a in city.rng.sample(ATTENDING_AGENCIES, k=city.rng.randint(3, 6))
    )
    if meeting_type == "liaison" and all(a.agency != "shakyo" for a in attendees):
        attendees += (Attendee(agency="shakyo", role="CSW"),)
    return attendees


def record_outcome(
    city: City,
    convenor: Actor,
    meeting_id: UUID,
    meeting_type: str,
    held_on: date,
    attendees: tuple[Attendee, ...],
    cases: list[SimulatedCase],
    items: tuple[ActionItem, ...],
) -> None:
    city.add(
        held_on,
        RecordMeetingOutcome(
            actor=convenor,
            meeting_id=meeting_id,
            held_on=held_on,
            attendees=attendees,
            discussions=tuple(
                CaseDiscussion(
                    case_id=c.case_id,
                    outcome="roles_allocated",
                    decisions="支援方針を共有",
                    role_allocation="各機関の役割を確認",
                )
                for c in cases
            ),
            action_items=items,
            is_trial=meeting_type == "support" and city.rng.random() < 0.3,
        ),
    )


def plan_completions(city: City, convenor: Actor, meeting_id: UUID, items: tuple[ActionItem, ...]) -> None:
    """Most action items are done before they fall due."""
    for item in items:
        done_on = item.due_on - timedelta(days=city.rng.randint(0, 20))
        if done_on < city.today and city.rng.random() < 0.7:
            city.add(
                done_on,
                CompleteActionItem(actor=convenor, meeting_id=meeting_id, item_id=item.item_id, done_on=done_on),
            )
