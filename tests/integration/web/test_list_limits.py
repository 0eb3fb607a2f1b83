"""Lists have documented limits (``domain.validation.LIST_LIMITS``): one item more is a 422 that writes nothing."""

from __future__ import annotations

import re
import uuid
from typing import Any

from domain.validation import LIST_LIMITS
from tests.builders import given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_api import OPEN_CASE


def held_meeting(attendees: int, case_id: object) -> dict[str, Any]:
    return {
        "meeting_type": "support",
        "title": "定例会議",
        "convenor_agency": "fukushi-soudan",
        "held_on": "2026-11-19",
        "attendees": [{"agency": "fukushi-soudan", "role": f"係員{i}"} for i in range(attendees)],
        "discussions": [{"case_id": str(case_id), "outcome": "information_shared"}],
    }


def test_a_meeting_with_thousands_of_attendees_is_refused_and_nothing_is_written(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    before = web.events()
    for attendees in (LIST_LIMITS["attendees"] + 1, 5000):
        refused = web.client.post("/api/meetings/held", json=held_meeting(attendees, case_id))
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"]["code"] == "too_many" and refused.json()["detail"]["field"] == "attendees"
    assert web.events() == before
    at_the_limit = held_meeting(LIST_LIMITS["attendees"], case_id)
    assert web.client.post("/api/meetings/held", json=at_the_limit).status_code == 201


def test_a_household_of_too_many_members_is_refused(web: Web) -> None:
    members = [
        {"name": f"伊藤 {i}", "relationship": "other", "birth_date": "1990-01-01"}
        for i in range(LIST_LIMITS["members"] + 1)
    ]
    before = web.events()
    refused = web.client.post("/api/cases", json={**OPEN_CASE, "members": members})
    assert refused.status_code == 422 and refused.json()["detail"]["field"] == "members"
    assert web.events() == before


def test_the_meeting_form_says_the_limit_in_japanese(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    form: dict[str, Any] = {
        "mode": "held",
        "meeting_id": str(uuid.uuid4()),
        "meeting_type": "support",
        "title": "定例会議",
        "convenor_agency": "fukushi-soudan",
        "meeting_on": "2026-11-19",
        "cases-0-case_id": str(case_id),
        "cases-0-outcome": "information_shared",
    }
    for i in range(LIST_LIMITS["attendees"] + 1):
        form[f"attendees-{i}-agency"] = "fukushi-soudan"
    before = web.events()
    refused = web.client.post("/meetings/new", data=form, headers=HTMX)
    assert refused.status_code == 422
    assert "出席機関は50件までです。" in refused.text, re.findall(r"<li>.*?</li>", refused.text)[:5]
    assert web.events() == before
