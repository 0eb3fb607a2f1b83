"""The access matrix's rows for casework: cases, support plans, meetings, corrections and everyday case handling
(``tests.integration.web.access_routes`` puts them in order with the others)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tests.integration.web.access_world import (
    CASEWORK,
    Probe,
    Routes,
    World,
)
from tests.integration.web.conftest import HTMX
from tests.integration.web.plan_story import FY


def cases(w: World) -> Routes:
    """The case screens, the caseload and the case API."""
    c = w.case_id
    empty: dict[str, Any] = {}
    return {
        # case screens
        ("GET", "/"): [Probe("/", CASEWORK)],
        ("GET", "/cases"): [Probe("/cases?q=山田", CASEWORK, shows_case_to="case")],
        ("GET", "/cases/new"): [Probe("/cases/new", CASEWORK)],
        ("POST", "/cases/search"): [Probe("/cases/search", CASEWORK, data={"q": "ヤマダ"}, shows_case_to="case")],
        ("POST", "/cases/export"): [Probe("/cases/export", CASEWORK, data={"format": "csv"}, shows_case_to="case")],
        ("GET", "/cases/new/member-row"): [Probe("/cases/new/member-row?index=1", CASEWORK)],
        ("POST", "/cases/new"): [Probe("/cases/new", CASEWORK, ok=422, data=empty, headers=HTMX)],
        ("GET", "/cases/{case_id}"): [Probe(f"/cases/{c}", CASEWORK, "case", shows_case_to="case")],
        ("GET", "/cases/{case_id}/summary"): [Probe(f"/cases/{c}/summary", CASEWORK, "case")],
        ("GET", "/cases/{case_id}/timeline"): [Probe(f"/cases/{c}/timeline", CASEWORK, "case")],
        ("GET", "/cases/{case_id}/{slug}"): [Probe(f"/cases/{c}/consultations", CASEWORK, "case")],
        ("POST", "/cases/{case_id}/{slug}"): [
            Probe(f"/cases/{c}/consultations", CASEWORK, "case", ok=422, data=empty, headers=HTMX)
        ],
        ("GET", "/caseload"): [Probe("/caseload", CASEWORK)],
        ("GET", "/caseload/action-items"): [Probe("/caseload/action-items", CASEWORK)],
        ("POST", "/caseload/action-items/export"): [
            Probe("/caseload/action-items/export", CASEWORK, data={"format": "csv"})
        ],
        # case API
        ("GET", "/api/cases"): [Probe("/api/cases", CASEWORK, shows_case_to="case")],
        ("GET", "/api/cases/{case_id}"): [Probe(f"/api/cases/{c}", CASEWORK, "case", shows_case_to="case")],
        ("GET", "/api/cases/{case_id}/timeline"): [Probe(f"/api/cases/{c}/timeline", CASEWORK, "case")],
        ("GET", "/api/caseload"): [Probe("/api/caseload", CASEWORK)],
        ("POST", "/api/caseload/action-items/export"): [
            Probe("/api/caseload/action-items/export", CASEWORK, json={"format": "xlsx"})
        ],
        ("POST", "/api/cases"): [Probe("/api/cases", CASEWORK, ok=422, json=empty)],
        ("POST", "/api/cases/search"): [Probe("/api/cases/search", CASEWORK, json={"q": "山田"}, shows_case_to="case")],
        ("POST", "/api/cases/export"): [
            Probe("/api/cases/export", CASEWORK, json={"format": "csv"}, shows_case_to="case")
        ],
        **{
            ("POST", f"/api/cases/{{case_id}}/{action}"): [
                Probe(f"/api/cases/{c}/{action}", CASEWORK, "case", ok=422, json=empty)
            ]
            for action in (
                "consultations",
                "outreach-visits",
                "referrals",
                "placements",
                "consents",
                "status",
                "close",
                "reopen",
            )
        },
        ("POST", "/api/cases/{case_id}/referrals/{referral_id}/answer"): [
            Probe(f"/api/cases/{c}/referrals/{w.referral}/answer", CASEWORK, "case", ok=422, json=empty)
        ],
    }


def support_plans(w: World) -> Routes:
    """Support plans (支援プラン): screens and API."""
    c = w.case_id
    s = w.support
    lay = w.layered
    empty: dict[str, Any] = {}
    return {
        # support plans (支援プラン): screens and API
        ("GET", "/cases/{case_id}/plans"): [Probe(f"/cases/{c}/plans", CASEWORK, "case")],
        ("GET", "/cases/{case_id}/plans/new"): [
            Probe(f"/cases/{c}/plans/new", CASEWORK, "case"),
            Probe(f"/cases/{c}/plans/new?meeting_id={s}", CASEWORK, "case"),
            Probe(f"/cases/{c}/plans/new?meeting_id={lay}", CASEWORK, "case"),
        ],
        ("POST", "/cases/{case_id}/plans/new"): [Probe(f"/cases/{c}/plans/new", CASEWORK, "case", ok=422, data=empty)],
        ("GET", "/cases/{case_id}/plans/rows/{group}"): [
            Probe(f"/cases/{c}/plans/rows/actions?index=2", CASEWORK, "case", headers=HTMX)
        ],
        ("GET", "/cases/{case_id}/plans/{version}"): [Probe(f"/cases/{c}/plans/1", CASEWORK, "case")],
        ("GET", "/cases/{case_id}/plans/{version}/print"): [Probe(f"/cases/{c}/plans/1/print", CASEWORK, "case")],
        ("GET", "/api/cases/{case_id}/plans"): [Probe(f"/api/cases/{c}/plans", CASEWORK, "case")],
        ("POST", "/api/cases/{case_id}/plans"): [Probe(f"/api/cases/{c}/plans", CASEWORK, "case", ok=422, json=empty)],
        ("POST", "/api/cases/{case_id}/plans/{version}/reviews"): [
            Probe(f"/api/cases/{c}/plans/1/reviews", CASEWORK, "case", ok=422, json=empty)
        ],
        ("GET", "/cases/{case_id}/plans/{version}/void"): [Probe(f"/cases/{c}/plans/1/void", CASEWORK, "case")],
        ("POST", "/cases/{case_id}/plans/{version}/void"): [
            Probe(f"/cases/{c}/plans/1/void", CASEWORK, "case", ok=422, data=empty, headers=HTMX)
        ],
        ("POST", "/api/cases/{case_id}/plans/{version}/void"): [
            Probe(f"/api/cases/{c}/plans/1/void", CASEWORK, "case", ok=422, json=empty)
        ],
        ("POST", "/api/cases/{case_id}/plans/{version}/monitoring"): [
            Probe(f"/api/cases/{c}/plans/1/monitoring", CASEWORK, "case", ok=422, json=empty)
        ],
    }


def meetings(w: World) -> Routes:
    """Meetings (screens and API) and the community activities' API."""
    return {**_meeting_screens(w), **_meeting_api(w)}


def _meeting_screens(w: World) -> Routes:
    """The meeting screens: the calendar, scheduling and recording, a meeting's page and its action items."""
    c = w.case_id
    s = w.support
    lay = w.layered
    sch = w.scheduled
    item = w.support_item
    fy = FY
    empty: dict[str, Any] = {}
    return {
        # meeting screens
        ("GET", "/meetings"): [Probe(f"/meetings?fy={fy}", CASEWORK), Probe("/meetings?fy=2026", CASEWORK)],
        ("POST", "/meetings/export"): [Probe("/meetings/export", CASEWORK, data={"format": "csv", "fy": "2026"})],
        ("GET", "/meetings/new"): [
            Probe("/meetings/new", CASEWORK),
            Probe(f"/meetings/new?case_id={c}", CASEWORK, "case"),
        ],
        ("POST", "/meetings/new"): [Probe("/meetings/new", CASEWORK, ok=422, data=empty, headers=HTMX)],
        ("POST", "/meetings/rows/{group}"): [Probe("/meetings/rows/attendees", CASEWORK, data={"index": "1"})],
        ("POST", "/meetings/case-search"): [
            Probe("/meetings/case-search", CASEWORK, data={"q": "山田"}, shows_case_to="case")
        ],
        ("POST", "/meetings/case-row"): [
            Probe(f"/meetings/case-row?case_id={c}", CASEWORK, "case", data={"index": "0"})
        ],
        ("POST", "/meetings/item-case-field"): [Probe("/meetings/item-case-field?row=0", CASEWORK, data={})],
        ("GET", "/meetings/{meeting_id}"): [
            Probe(f"/meetings/{m}", CASEWORK, scope)
            for m, scope in ((s, "support"), (lay, "layered"), (sch, "scheduled"))
        ],
        ("GET", "/meetings/{meeting_id}/counts"): [
            Probe(f"/meetings/{s}/counts", CASEWORK, "support"),
            Probe(f"/meetings/{lay}/counts", CASEWORK, "layered"),
        ],
        ("GET", "/meetings/{meeting_id}/record"): [Probe(f"/meetings/{sch}/record", CASEWORK, "scheduled")],
        ("POST", "/meetings/{meeting_id}/record"): [
            Probe(f"/meetings/{sch}/record", CASEWORK, "scheduled", ok=422, data=empty, headers=HTMX)
        ],
        ("POST", "/meetings/{meeting_id}/cancel"): [
            Probe(f"/meetings/{sch}/cancel", CASEWORK, "scheduled", ok=422, data=empty, headers=HTMX)
        ],
        ("POST", "/meetings/{meeting_id}/items/{item_id}/done"): [
            Probe(f"/meetings/{s}/items/{item}/done", CASEWORK, "support", ok=422, data=empty, headers=HTMX)
        ],
    }


def _meeting_api(w: World) -> Routes:
    """The meeting API and the community activities' API."""
    s = w.support
    lay = w.layered
    sch = w.scheduled
    item = w.support_item
    fy = FY
    empty: dict[str, Any] = {}
    return {
        # meeting API
        ("GET", "/api/meetings"): [Probe(f"/api/meetings?fy={fy}", CASEWORK), Probe("/api/meetings?fy=2026", CASEWORK)],
        ("POST", "/api/meetings/export"): [
            Probe("/api/meetings/export", CASEWORK, json={"format": "xlsx", "fy": 2026})
        ],
        ("GET", "/api/meetings/{meeting_id}"): [
            Probe(f"/api/meetings/{m}", CASEWORK, scope)
            for m, scope in ((s, "support"), (lay, "layered"), (sch, "scheduled"))
        ],
        ("POST", "/api/meetings"): [Probe("/api/meetings", CASEWORK, ok=422, json=empty)],
        ("POST", "/api/meetings/held"): [Probe("/api/meetings/held", CASEWORK, ok=422, json=empty)],
        ("POST", "/api/meetings/{meeting_id}/record"): [
            Probe(f"/api/meetings/{sch}/record", CASEWORK, "scheduled", ok=422, json=empty)
        ],
        ("POST", "/api/meetings/{meeting_id}/cancel"): [
            Probe(f"/api/meetings/{sch}/cancel", CASEWORK, "scheduled", ok=422, json=empty)
        ],
        ("POST", "/api/meetings/{meeting_id}/action-items/{item_id}/complete"): [
            Probe(f"/api/meetings/{s}/action-items/{item}/complete", CASEWORK, "support", ok=422, json=empty)
        ],
        ("GET", "/api/community-activities"): [Probe("/api/community-activities", CASEWORK)],
        ("POST", "/api/community-activities"): [Probe("/api/community-activities", CASEWORK, ok=422, json=empty)],
    }


def corrections(w: World) -> Routes:
    """Voids and corrections (web.routes.corrections)."""
    return {**_case_entry_corrections(w), **_meeting_and_activity_corrections(w)}


def _form_and_refusal(url: str, scope: str) -> dict[str, Probe]:
    """A 取消 / 訂正 form (GET) and its empty submission (POST, refused with 422), by method."""
    return {
        "GET": Probe(url, CASEWORK, scope),
        "POST": Probe(url, CASEWORK, scope, ok=422, data={}, headers=HTMX),
    }


def _case_entry_corrections(w: World) -> Routes:
    """Voids and corrections of a case's entries, referrals (and their answers) and consent: screens and API."""
    c = w.case_id
    empty: dict[str, Any] = {}
    return {
        # voids and corrections (web.routes.corrections)
        **{
            (method, f"/cases/{{case_id}}/entries/{{entry_id}}/{action}"): [probe]
            for action in ("void", "correct")
            for method, probe in _form_and_refusal(f"/cases/{c}/entries/{w.entry}/{action}", "case").items()
        },
        **{
            ("POST", f"/api/cases/{{case_id}}/entries/{{entry_id}}/{action}"): [
                Probe(f"/api/cases/{c}/entries/{w.entry}/{action}", CASEWORK, "case", ok=422, json=empty)
            ]
            for action in ("void", "correct")
        },
        **{
            (method, f"/cases/{{case_id}}/referrals/{{referral_id}}/{action}"): [probe]
            for action in ("void", "answer/void")
            for method, probe in _form_and_refusal(f"/cases/{c}/referrals/{w.referral}/{action}", "case").items()
        },
        **{
            ("POST", f"/api/cases/{{case_id}}/referrals/{{referral_id}}/{action}"): [
                Probe(f"/api/cases/{c}/referrals/{w.referral}/{action}", CASEWORK, "case", ok=422, json=empty)
            ]
            for action in ("void", "answer/void")
        },
        **{
            (method, "/cases/{case_id}/consents/{consent_id}/void"): [probe]
            for method, probe in _form_and_refusal(f"/cases/{c}/consents/{w.consent}/void", "case").items()
        },
        ("POST", "/api/cases/{case_id}/consents/{consent_id}/void"): [
            Probe(f"/api/cases/{c}/consents/{w.consent}/void", CASEWORK, "case", ok=422, json=empty)
        ],
    }


def _meeting_and_activity_corrections(w: World) -> Routes:
    """Voiding a held meeting's record; voiding and correcting a community activity: screens and API."""
    s = w.support
    empty: dict[str, Any] = {}
    return {
        ("POST", "/meetings/{meeting_id}/void"): [
            Probe(f"/meetings/{s}/void", CASEWORK, "support", ok=422, data=empty, headers=HTMX)
        ],
        ("POST", "/api/meetings/{meeting_id}/void"): [
            Probe(f"/api/meetings/{s}/void", CASEWORK, "support", ok=422, json=empty)
        ],
        ("GET", "/community-activities"): [Probe("/community-activities?voided=1", CASEWORK, ok=307)],
        **{
            (method, f"/activities/{{activity_id}}/{action}"): [probe]
            for action in ("void", "correct")
            for method, probe in _form_and_refusal(f"/activities/{w.activity}/{action}", "activity").items()
        },
        **{
            ("POST", f"/api/community-activities/{{activity_id}}/{action}"): [
                Probe(f"/api/community-activities/{w.activity}/{action}", CASEWORK, "activity", ok=422, json=empty)
            ]
            for action in ("void", "correct")
        },
    }


def everyday(w: World) -> Routes:
    """Everyday case handling: responsibility, transfers, household, issues, placements, urgent checks."""
    c = w.case_id
    fy = FY
    empty: dict[str, Any] = {}
    return {
        # everyday case handling (issue 11 §4): responsibility, transfers, household, issues, placement ends
        ("GET", "/transfers"): [Probe("/transfers", CASEWORK)],
        ("GET", "/api/transfers/incoming"): [Probe("/api/transfers/incoming", CASEWORK)],
        ("GET", "/api/cases/{case_id}/transfers"): [Probe(f"/api/cases/{c}/transfers", CASEWORK, "case")],
        **{
            ("POST", f"/api/cases/{{case_id}}/{action}"): [
                Probe(f"/api/cases/{c}/{action}", CASEWORK, "case", ok=422, json=empty)
            ]
            for action in ("assignment", "transfers", "members", "issue-tags")
        },
        **{
            ("POST", f"/api/cases/{{case_id}}/transfers/{{transfer_id}}/{answer}"): [
                Probe(f"/api/cases/{c}/transfers/{uuid4()}/{answer}", CASEWORK, "case", ok=422, json=empty)
            ]
            for answer in ("accept", "decline", "withdraw")
        },
        ("POST", "/api/cases/{case_id}/members/{member_id}"): [
            Probe(f"/api/cases/{c}/members/{uuid4()}", CASEWORK, "case", ok=422, json=empty)
        ],
        ("POST", "/api/cases/{case_id}/members/{member_id}/departure"): [
            Probe(f"/api/cases/{c}/members/{uuid4()}/departure", CASEWORK, "case", ok=422, json=empty)
        ],
        ("POST", "/api/cases/{case_id}/placements/{entry_id}/end"): [
            Probe(f"/api/cases/{c}/placements/{uuid4()}/end", CASEWORK, "case", ok=422, json=empty)
        ],
        ("GET", "/activities"): [Probe("/activities", CASEWORK), Probe(f"/activities?fy={fy}", CASEWORK)],
        ("POST", "/activities"): [Probe("/activities", CASEWORK, ok=422, data=empty)],
        ("GET", "/anonymous-consultations"): [Probe("/anonymous-consultations", CASEWORK)],
        ("POST", "/anonymous-consultations"): [Probe("/anonymous-consultations", CASEWORK, ok=422, data=empty)],
        ("GET", "/api/anonymous-consultations"): [Probe("/api/anonymous-consultations", CASEWORK)],
        ("POST", "/api/anonymous-consultations"): [Probe("/api/anonymous-consultations", CASEWORK, ok=422, json=empty)],
        ("POST", "/api/cases/{case_id}/urgent-checks"): [
            Probe(f"/api/cases/{c}/urgent-checks", CASEWORK, "case", ok=422, json=empty)
        ],
        ("POST", "/api/cases/{case_id}/urgent-checks/{check_id}/done"): [
            Probe(f"/api/cases/{c}/urgent-checks/{uuid4()}/done", CASEWORK, "case", ok=422, json=empty)
        ],
        ("GET", "/api/urgent-checks"): [Probe("/api/urgent-checks", CASEWORK)],
        ("GET", "/cases/{case_id}/member-updates/prefill"): [
            Probe(f"/cases/{c}/member-updates/prefill?member_id={w.member}", CASEWORK, "case")
        ],
    }
