"""Every refusal a coordinator can trigger on the case forms and the meeting form speaks the page's language.

On a Japanese page a refusal names things by their labels (the field's label, the household), never by
code, field name or id, and has no English words; with ``?lang=en`` it is English and has no Japanese.
The messages are read where a person reads them: the error summary and the message beside each field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html import unescape
from typing import Any
from uuid import UUID

import pytest

from tests.builders import given_consent, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.integration.web.test_case_forms import BEFORE, VALID
from tests.integration.web.test_meetings_pages import meeting_form
from tests.scenarios import consult

UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LATIN_WORD = re.compile(r"[A-Za-z_]{2,}")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MESSAGES = re.compile(r'<div class="error-summary".*?</div>|<p class="field-error"[^>]*>.*?</p>', re.S)

Refusal = Callable[[Web, UUID], tuple[str, dict[str, Any]]]
"""(web, case) → (form slug, what the coordinator sent)."""


def _with(slug: str, **changes: Any) -> Refusal:
    return lambda web, case_id: (slug, {**VALID[slug], **changes})


def _stale(web: Web, case_id: UUID) -> tuple[str, dict[str, Any]]:
    version = web.seeded(lambda app: app.case(case_id).version)
    web.seeded(lambda app: consult(app, case_id, date(2026, 11, 2)))  # a colleague, meanwhile
    return "consultations", {**VALID["consultations"], "expected_version": str(version)}


CASE_FORM_REFUSALS: dict[str, Refusal] = {
    "consultation in the future": _with("consultations", occurred_on="2026-11-21"),
    "consultation before the case opened": _with("consultations", occurred_on="2026-01-05"),
    "consultation on a day that does not exist": _with("consultations", occurred_on="2026-02-30"),
    "consultation without a channel": _with("consultations", channel=""),
    "outreach in the future": _with("outreach-visits", occurred_on="2026-12-01"),
    "outreach without saying whether anyone was met": _with("outreach-visits", contact_made=""),
    "referral to the referring agency": _with("referrals", to_agency="fukushi-soudan"),
    "referral without a reason": _with("referrals", reason=""),
    "referral sent in the future": _with("referrals", sent_on="2026-11-30"),
    "referral answered in the future": _with("referral-answers", answered_on="2026-12-24"),
    "placement in the future": _with("placements", started_on="2027-01-04"),
    "consent without a scope": _with("consents", scopes=[]),
    "consent expiring before it was given": _with("consents", expires_on="2026-11-01"),
    "consent in the future": _with("consents", decided_on="2026-12-01"),
    "status that cannot follow": _with("status", status="monitoring"),
    "status change in the future": _with("status", occurred_on="2026-11-21"),
    "closure without a reason": _with("closure", reason=""),
    "a change made by someone else meanwhile": _stale,
}


def _messages(html: str) -> str:
    """The visible words of the error summary and the field messages."""
    shown = " ".join(MESSAGES.findall(html))
    return unescape(re.sub(r"<[^>]+>", " ", shown))


def assert_japanese_without_codes(html: str, case: str) -> None:
    text = _messages(html)
    assert text.strip(), f"{case}: no message shown"
    assert not UUID_TEXT.search(text), f"{case}: an id is shown: {text}"
    assert not LATIN_WORD.findall(text), f"{case}: English or a code is shown: {LATIN_WORD.findall(text)} in {text}"


def assert_english(html: str, case: str) -> None:
    text = _messages(html)
    assert text.strip(), f"{case}: no message shown"
    assert not UUID_TEXT.search(text), f"{case}: an id is shown: {text}"
    assert not JAPANESE.search(text), f"{case}: Japanese on the English page: {text}"
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), f"{case}: a field name or code is shown: {text}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_refusals_on_the_case_forms_speak_the_pages_language_by_labels(web: Web, lang: str) -> None:
    query, check = ("", assert_japanese_without_codes) if lang == "ja" else ("?lang=en", assert_english)
    for case, refusal in CASE_FORM_REFUSALS.items():
        case_id = web.seeded(given_open_case)
        slug, data = refusal(web, case_id)
        extra = web.seeded(BEFORE[slug], case_id) if slug in BEFORE else {}
        before = web.events()
        answer = web.client.post(f"/cases/{case_id}/{slug}{query}", data={**data, **extra}, headers=HTMX)
        assert answer.status_code in (409, 422), f"{case}: {answer.status_code}"
        check(answer.text, case)
        assert web.events() == before, f"{case}: something was stored"


def _meeting_refusals(web: Web) -> dict[str, dict[str, Any]]:
    yamada = web.seeded(given_open_case)
    tanaka = web.seeded(lambda app: given_open_case(app, household_name="田中家", opened_on=date(2026, 6, 1)))
    late = web.seeded(lambda app: given_open_case(app, household_name="佐々木家", opened_on=date(2026, 11, 18)))
    web.seeded(lambda app: given_consent(app, yamada, on=date(2026, 11, 1)))
    return {
        "held in the future": meeting_form("support", (yamada, "山田家"), meeting_on="2026-11-21"),
        "layered meeting about a case without consent": meeting_form("layered", (yamada, "山田家"), (tanaka, "田中家")),
        "a case opened after the meeting": meeting_form("support", (late, "佐々木家"), meeting_on="2026-11-10"),
        "without a title": meeting_form("support", (yamada, "山田家"), title=""),
        "a day that does not exist": meeting_form("support", (yamada, "山田家"), meeting_on="2026-11-31"),
        "an action item due before the meeting": meeting_form(
            "support", (yamada, "山田家"), **{"items-0-due_on": "2026-01-01"}
        ),
    }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_refusals_on_the_meeting_form_speak_the_pages_language_by_labels(web: Web, lang: str) -> None:
    query, check = ("", assert_japanese_without_codes) if lang == "ja" else ("?lang=en", assert_english)
    for case, data in _meeting_refusals(web).items():
        before = web.events()
        answer = web.client.post(f"/meetings/new{query}", data=data, headers=HTMX)
        assert answer.status_code in (409, 422), f"{case}: {answer.status_code} {answer.text[:300]}"
        check(answer.text, case)
        assert web.events() == before, f"{case}: something was stored"
