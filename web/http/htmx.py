"""The htmx conventions of Kasane's pages, declared once.

Data-changing routes answer with an ``HX-Trigger`` header naming an event
from ``Event``; fragments that depend on the data listen for it with
``hx-trigger="<event> from:body"`` and fetch themselves again.
"""

from __future__ import annotations

from enum import StrEnum

from starlette.requests import Request


class Event(StrEnum):
    CASE_CHANGED = "case-changed"
    """Something was recorded on the case shown: its summary and timeline refresh."""
    MEETING_CHANGED = "meeting-changed"
    """An action item of the meeting shown was done: its counts refresh."""
    MEETING_CASES_CHANGED = "meeting-cases-changed"
    """A case was added to or removed from the meeting form: the action items' case choices refresh."""
    ACTIVITY_CHANGED = "activity-changed"
    """A community activity was voided or corrected: the activity list refreshes."""


def is_htmx(request: Request) -> bool:
    """True for a request htmx made (it wants a fragment, not a whole page).

    Boosted requests, and history restores (back to a pushed URL such as a list's next page, not in htmx's
    cache), want whole pages.
    """
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def trigger(*events: Event) -> dict[str, str]:
    """The response header that fires ``events`` in the browser."""
    return {"HX-Trigger": ", ".join(e.value for e in events)}


def redirect(url: str) -> dict[str, str]:
    """The response header that makes htmx load a whole new page (after creating something)."""
    return {"HX-Redirect": url}
