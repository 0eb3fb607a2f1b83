"""Every read that shows a household is audited with its case id, so "who saw this household" misses none.

And the audit keeps the route's template with its ids, never a query string or a value typed into a URL.
"""

from __future__ import annotations

from datetime import date

from tests.builders import given_meeting, given_open_case
from tests.integration.web.conftest import HTMX, Web
from tests.scenarios import action_item, hold


def reads_of(web: Web, case_id: object) -> list[tuple[str, str]]:
    return [(a.method, a.path) for a in web.api.state.audit.accesses(case_id=str(case_id)) if a.action == "read"]


def test_meeting_page_counts_and_api_are_audited_with_the_households_they_show(web: Web) -> None:
    discussed = web.seeded(given_open_case)
    planned = web.seeded(lambda app: given_open_case(app, household_name="田中家"))
    held = web.seeded(lambda app: given_meeting(app, meeting_type="support"))
    web.seeded(
        lambda app: hold(
            app, held, date(2026, 11, 10), discussed, items=(action_item("shakyo", date(2026, 12, 1), discussed),)
        )
    )
    scheduled = web.seeded(lambda app: given_meeting(app, scheduled_on=date(2026, 12, 10), planned_case_ids=(planned,)))
    assert web.client.get(f"/meetings/{held}").status_code == 200
    assert web.client.get(f"/meetings/{held}/counts", headers=HTMX).status_code == 200
    assert web.client.get(f"/api/meetings/{held}").status_code == 200
    assert web.client.get(f"/meetings/{scheduled}").status_code == 200
    assert reads_of(web, discussed) == [
        ("GET", f"/meetings/{held}"),
        ("GET", f"/meetings/{held}/counts"),
        ("GET", f"/api/meetings/{held}"),
    ]
    assert reads_of(web, planned) == [("GET", f"/meetings/{scheduled}")]


def test_the_meeting_case_search_and_case_row_are_audited_with_the_cases_shown_not_the_name(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    assert "山田家" in web.client.post("/meetings/case-search", data={"q": "山田"}, headers=HTMX).text
    web.client.post("/meetings/case-row", params={"case_id": str(case_id)}, data={"index": 0}, headers=HTMX)
    assert reads_of(web, case_id) == [("POST", "/meetings/case-search"), ("POST", "/meetings/case-row")]
    entries = web.api.state.audit.accesses(username="sato")
    assert all("山田" not in a.path and a.query == "" for a in entries)


def test_the_audit_keeps_ids_of_a_path_and_drops_its_query_and_free_text(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    web.client.get(f"/cases/{case_id}", params={"note": "山田太郎さんのこと"})
    web.client.get("/meetings/山田家")
    entries = web.api.state.audit.accesses(username="sato")
    assert [(a.path, a.query) for a in entries if a.method == "GET"] == [
        (f"/cases/{case_id}", ""),
        ("/meetings/{meeting_id}", ""),
    ]
