"""The case page's HTML, byte for byte, as it was before its rendering was made cheaper.

The case page is the busiest page (issue 13), so its rendering is tuned: values worked out once in the view
instead of per row in Jinja, URLs built from a route's path instead of ``url_for`` per row. None of that may change
a byte of what the reader gets. The pages below (two households with every kind of timeline row: corrected, voided,
amendable, decided at a meeting; each casework role; both languages; the page and its two htmx fragments) were
recorded from ``main`` before the tuning (``tests/data/case_page_html/``), with what differs from run to run
replaced: ids by their order of appearance, the CSRF token, and write times. ``KASANE_RECORD_PAGES=1`` records them
again, for a change that means to change the page.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from uuid import UUID

from domain.application import Kasane
from domain.meeting_commands import RecordMeetingOutcome
from domain.meeting_record import CaseDiscussion
from tests.builders import COORDINATOR, attendees, given_consent, given_meeting, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.printing_story import the_yamada_household
from tests.scenarios import consult, given_busy_case

RECORDED = Path(__file__).parents[2] / "data" / "case_page_html"
UUIDS = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}")
MOMENTS = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST")
CASE_NUMBERS = re.compile(r'(<code class="case-number">)[0-9A-F]{8}(</code>)')


def closed_at_a_meeting(app: Kasane) -> UUID:
    """A household whose case a 重層的支援会議 decided to close: its timeline links to the meeting's record."""
    case_id = given_open_case(app, opened_on=date(2026, 6, 1))
    given_consent(app, case_id, on=date(2026, 6, 2))
    consult(app, case_id, date(2026, 6, 3))
    app.execute(
        RecordMeetingOutcome(
            actor=COORDINATOR,
            meeting_id=given_meeting(app, planned_case_ids=(case_id,)),
            held_on=date(2026, 11, 10),
            attendees=attendees(),
            discussions=(CaseDiscussion(case_id=case_id, outcome="closure_decided", closure_reason="resolved"),),
        )
    )
    return case_id


def households(web: Web) -> dict[str, UUID]:
    return {
        "yamada": web.seeded(the_yamada_household).case_id,
        "busy": web.seeded(given_busy_case, date(2026, 4, 1)),
        "closed": web.seeded(closed_at_a_meeting),
    }


def normalised(html: str, csrf_token: str) -> str:
    """The page with what differs between runs replaced: ids numbered by first appearance, token, write times."""
    numbers: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        value = UUID(match.group(0)).hex
        return f"{{id{numbers.setdefault(value, len(numbers) + 1)}}}"

    html = html.replace(csrf_token, "{csrf}")
    html = CASE_NUMBERS.sub(r"\1{case-number}\2", html)
    return MOMENTS.sub("{moment}", UUIDS.sub(number, html))


PAGES = [
    (household, user, lang, part)
    for household in ("yamada", "busy", "closed")
    for user in ("sato", "suzuki", "kimura")
    for lang in ("ja", "en")
    for part in ("page", "summary", "timeline")
    if part == "page" or user == "sato"
]
"""Each casework role's whole page; the two fragments once (as recorded, every role got them byte for byte alike)."""


def test_the_case_page_and_its_fragments_are_the_html_recorded_before_the_tuning(web: Web) -> None:
    cases = households(web)
    mismatched = []
    for household, user, lang, part in PAGES:
        web.login(user)
        path = f"/cases/{cases[household]}" + ("" if part == "page" else f"/{part}")
        response = web.client.get(path, params={"lang": lang}, headers=None if part == "page" else HTMX)
        assert response.status_code == 200, (household, user, lang, part)
        page = normalised(response.text, web.client.headers["X-CSRF-Token"])
        recorded = RECORDED / f"{household}-{user}-{lang}-{part}.html"
        if os.environ.get("KASANE_RECORD_PAGES") == "1":
            recorded.parent.mkdir(parents=True, exist_ok=True)
            recorded.write_text(page, encoding="utf-8")
        elif page != recorded.read_text(encoding="utf-8"):
            mismatched.append(recorded.name)
    assert not mismatched, mismatched


def test_the_recorded_pages_hold_every_kind_of_row_the_tuning_touches() -> None:
    """Byte equality proves something about a part of the page only if the recorded pages render it."""
    pages = {
        name: (RECORDED / f"{name}-sato-ja-page.html").read_text(encoding="utf-8")
        for name in ("yamada", "busy", "closed")
    }
    assert all(page.count('class="event event-') >= 4 for page in pages.values())
    assert 'class="event-meeting"' in pages["closed"]
    assert 'class="button small"' in pages["busy"] and 'class="entry-amend"' in pages["busy"]
    assert 'class="event-amended"' in pages["busy"] and "is-voided" in pages["busy"] and "is-corrected" in pages["busy"]
    assert 'class="meeting-list"' in pages["yamada"] and 'class="action-items"' in pages["yamada"]
