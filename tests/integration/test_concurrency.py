"""Concurrent writers on PostgreSQL, each with its own application and connection pool.

Every attempt either lands whole or is refused; nothing is half-written,
duplicated or lost, and an aggregate's versions stay contiguous.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TypeVar
from uuid import UUID

import pytest

from domain.application import Kasane
from domain.commands import Command, RecordConsent, RecordConsultation
from domain.consent import ConsentScope
from domain.errors import ConcurrentChange, ConsentRequired, InvalidInput, KasaneError
from domain.meeting_commands import RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from tests.builders import (
    COORDINATOR,
    TODAY,
    attendees,
    given_consent,
    given_meeting,
    given_open_case,
    given_standard_setup,
)
from tests.conftest import POSTGRES_URL, empty_postgres
from web.storage.settings import Settings, eventsourcing_env

pytestmark = pytest.mark.postgres

WRITERS = 8
ATTEMPTS = 5
ROUNDS = 8
MEETING_DAY = date(2026, 11, 10)

T = TypeVar("T")


@pytest.fixture
def apps() -> Iterator[list[Kasane]]:
    """WRITERS applications on one empty PostgreSQL store, none sharing a connection pool."""
    empty_postgres(POSTGRES_URL)
    applications = [
        Kasane(eventsourcing_env(Settings(database_url=POSTGRES_URL)), today=lambda: TODAY) for _ in range(WRITERS)
    ]
    yield applications
    for application in applications:
        application.close()


def run_together(*writers: Callable[[], T]) -> list[T]:
    """Run each writer in its own thread and return their results; re-raises anything unexpected."""
    with ThreadPoolExecutor(len(writers)) as pool:
        futures = [pool.submit(w) for w in writers]
        return [f.result() for f in futures]


def accepted(app: Kasane, command: Command, refusal: type[KasaneError]) -> bool:
    """Whether the command was accepted; the expected refusal and a conflict count as not."""
    try:
        app.execute(command)
    except (refusal, ConcurrentChange):
        return False
    return True


def test_concurrent_consultations_each_land_exactly_once_or_not_at_all(apps: list[Kasane]) -> None:
    given_standard_setup(apps[0])
    case_id = given_open_case(apps[0])
    barrier = threading.Barrier(WRITERS)

    def writer(app: Kasane) -> Callable[[], dict[UUID, bool]]:
        def record_several() -> dict[UUID, bool]:
            commands = [a_phone_consultation(case_id) for _ in range(ATTEMPTS)]
            barrier.wait()
            return {c.entry_id: accepted(app, c, ConcurrentChange) for c in commands}

        return record_several

    outcomes = {entry: ok for result in run_together(*(writer(app) for app in apps)) for entry, ok in result.items()}

    assert len(outcomes) == WRITERS * ATTEMPTS
    landed = {entry for entry, ok in outcomes.items() if ok}
    refused = set(outcomes) - landed
    history = apps[0].history(case_id)
    recorded = [h.data["consultation"].entry_id for h in history if h.event == "ConsultationRecorded"]
    assert landed
    assert len(recorded) == len(set(recorded))
    assert set(recorded) == landed
    assert not refused & set(recorded)
    assert [h.version for h in history] == list(range(1, len(history) + 1))
    assert len(history) == 1 + len(landed)


def a_phone_consultation(case_id: UUID) -> RecordConsultation:
    return RecordConsultation(
        actor=COORDINATOR,
        case_id=case_id,
        entry_id=uuid.uuid4(),
        occurred_on=date(2026, 11, 19),
        agency="fukushi-soudan",
        channel="phone",
        handler_role="consultation_staff",
        requester_type="family",
        is_new=False,
        summary="長女から電話",
    )


def test_layered_meeting_and_backdated_consent_withdrawal_are_never_both_accepted(apps: list[Kasane]) -> None:
    chair, registrar = apps[0], apps[1]
    given_standard_setup(chair)
    for round_number in range(ROUNDS):
        held, withdrawn = race_meeting_against_withdrawal(chair, registrar, registrar_reads=round_number % 4 * 3)
        assert not (held and withdrawn)


def race_meeting_against_withdrawal(chair: Kasane, registrar: Kasane, *, registrar_reads: int) -> tuple[bool, bool]:
    """A 重層的支援会議 on 11/10 is recorded while consent is withdrawn as of 11/01.

    The registrar first reads the case a few times, so that over the rounds
    each writer gets to go first. Returns whether each was accepted, after
    checking that the case agrees with that.
    """
    case_id = given_open_case(chair)
    given_consent(chair, case_id, on=date(2026, 6, 1))
    hold = RecordMeetingOutcome(
        actor=COORDINATOR,
        meeting_id=given_meeting(chair, meeting_type="layered"),
        held_on=MEETING_DAY,
        attendees=attendees(),
        discussions=(CaseDiscussion(case_id=case_id, outcome="plan_made"),),
    )
    withdraw = RecordConsent(
        actor=COORDINATOR,
        case_id=case_id,
        consent_id=uuid.uuid4(),
        decision="withdrawn",
        scopes=("meeting_discussion",),
        decided_on=date(2026, 11, 1),
        given_by="本人",
    )
    barrier = threading.Barrier(2)

    def hold_meeting() -> bool:
        barrier.wait()
        return accepted(chair, hold, ConsentRequired)

    def withdraw_consent() -> bool:
        barrier.wait()
        for _ in range(registrar_reads):
            registrar.case(case_id)
        return accepted(registrar, withdraw, InvalidInput)

    held, withdrawn = run_together(hold_meeting, withdraw_consent)
    case = chair.case(case_id)
    assert (hold.meeting_id in case.meetings) == held
    assert any(c.consent_id == withdraw.consent_id for c in case.consents) == withdrawn
    if held:
        assert case.consent_in_force(ConsentScope.MEETING_DISCUSSION, MEETING_DAY) is not None
    return held, withdrawn
