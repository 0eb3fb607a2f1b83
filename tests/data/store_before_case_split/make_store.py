"""How ``kasane.db`` here was written (run once, before ``domain/case.py`` was split; kept for the record).

    .venv/bin/python -m tests.data.store_before_case_split.make_store

It writes a realistic case history, a held meeting and a community activity through the application of that
time, and ``expected.txt``: the state and history each aggregate had, which must read back the same forever.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from eventsourcing.domain import Aggregate
from pydantic import SecretStr

from tests.builders import given_meeting, given_open_case, given_standard_setup
from tests.integration.test_event_log_round_trip import run_realistic_history, state
from tests.scenarios import action_item, given_community_activity, hold
from web.storage.settings import Settings, eventsourcing_env

HERE = Path(__file__).parent
MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
"""A fixed test-only master key, so that the case keys in ``keys.db`` can be unwrapped."""


def settings() -> Settings:
    return Settings(database_url=f"sqlite:///{HERE / 'kasane.db'}", master_key=SecretStr(MASTER_KEY))


def main() -> None:
    from domain.application import Kasane
    from domain.household import Member

    app = Kasane(eventsourcing_env(settings()), today=lambda: date(2026, 11, 20))
    try:
        given_standard_setup(app)
        case_id = uuid.UUID("11111111-1111-4111-8111-111111111111")
        given_open_case(app, opened_on=date(2026, 1, 15), case_id=case_id)
        grandchild = Member(
            member_id=uuid.UUID("22222222-2222-4222-8222-222222222222"),
            name="",
            kana="",
            birth_date=None,
            relationship="grandchild",
            flags=("young_carer", "carer"),
            anonymous=True,
        )
        run_realistic_history(app, case_id, grandchild)
        meeting_id = given_meeting(app, scheduled_on=date(2026, 11, 10), planned_case_ids=(case_id,))
        hold(app, meeting_id, date(2026, 11, 10), case_id, items=(action_item("shakyo", date(2026, 12, 1), case_id),))
        activity_id = given_community_activity(app, date(2026, 10, 5))
        lines = []
        for aggregate_id in (case_id, meeting_id, activity_id):
            aggregate: Aggregate = app.repository.get(aggregate_id)
            lines.append(f"{type(aggregate).__name__} {aggregate_id}")
            lines.append(repr(sorted(state(aggregate).items())))
            lines.extend(repr(entry) for entry in app.history(aggregate_id))
        (HERE / "expected.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    finally:
        app.close()


if __name__ == "__main__":
    main()
