"""A write that does not say which version it saw (a consultation from the API) is never refused for a race.

Two writers, each with its own application and connection pool, append to one case at the same moment, round
after round. Without ``expected_version`` they asked to add, not to overwrite: the loser of each race is run
again on the latest state (a bounded number of times), so every consultation lands, exactly once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import pytest

from domain.application import Kasane
from tests.builders import TODAY, given_open_case, given_standard_setup
from tests.integration.test_concurrency import a_phone_consultation
from web.storage.settings import Settings, eventsourcing_env

ROUNDS = 6


@pytest.fixture
def two_apps(settings: Settings) -> Iterator[tuple[Kasane, Kasane]]:
    first, second = (Kasane(eventsourcing_env(settings), today=lambda: TODAY) for _ in range(2))
    yield first, second
    first.close()
    second.close()


def test_two_concurrent_consultations_without_expected_version_both_land(two_apps: tuple[Kasane, Kasane]) -> None:
    given_standard_setup(two_apps[0])
    case_id = given_open_case(two_apps[0])
    barrier = threading.Barrier(2)

    def writer(app: Kasane) -> list[UUID]:
        entries = []
        for _ in range(ROUNDS):
            command = a_phone_consultation(case_id)
            barrier.wait(timeout=60)
            try:
                app.execute(command)
            except Exception:
                barrier.abort()  # the other writer stops too, instead of waiting for this one
                raise
            entries.append(command.entry_id)
        return entries

    with ThreadPoolExecutor(2) as pool:
        written = [entry for f in [pool.submit(writer, app) for app in two_apps] for entry in f.result()]
    history = two_apps[0].history(case_id)
    recorded = [h.data["consultation"].entry_id for h in history if h.event == "ConsultationRecorded"]
    assert sorted(map(str, recorded)) == sorted(map(str, written))
    assert [h.version for h in history] == list(range(1, len(history) + 1))
