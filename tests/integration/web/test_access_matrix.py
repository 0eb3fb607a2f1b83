"""The access-control matrix: every route of the app × role × the user's agency's part in a case and its meetings.

One world per store (built once, then only HTTP requests): the 山田家 case, led by the 福祉相談課, with an agency
involved in it, one it was referred to, a 重層的支援会議 and a 支援会議 that discussed it (each
attended by one more agency), a 支援会議 scheduled to take it up, and an agency with no part in any of it. For every
route (read from ``app.routes``, so a new route without an entry here fails) and every user, the expected status
follows from three facts stated here, not read from the code under test: which roles the route is for, which
object its URL names, and which agencies may see that object. A refused answer (401/403/404) holds no name of the
household and no meeting text; whoever may not see the case never gets its names anywhere, planners and admins
included; no agency that did not attend the 支援会議 gets its record from any route, and the 重層的支援会議's
record (summary, decisions, role allocation) reaches its attendees only. Write routes get an empty body: the
allowed ones answer 422 and nothing is written, so the world stays the same for every cell.

Every request of every cell goes through the app (guard, audit, print view); only WeasyPrint's layout of a print
view is done once per distinct HTML (``OncePerDocument``): a PDF is a function of its HTML, which names no reader, so
every user allowed a document gets the same bytes (``test_users_allowed_one_document_get_the_same_pdf`` shows it
with the real layout). Laying out the same four documents for every allowed user was a quarter of this file's time.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote
from uuid import UUID, uuid4

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from domain.commands import AdoptSupportPlan, InvolveAgency, RecordConsultation
from domain.community_commands import RecordCommunityActivity
from domain.master_data_commands import RegisterUser
from domain.meeting_commands import RecordMeetingOutcome, ScheduleMeeting
from domain.meeting_record import ActionItem, Attendee, CaseDiscussion
from domain.support_plan import PlanAction
from projections.cases.tables import case_list, case_members
from tests.builders import ADMIN, COORDINATOR, TODAY, given_consent, given_open_case, given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING, POSTGRES_URL, fresh_postgres
from tests.integration.web.conftest import HTMX, Web, given_staff_of_every_role
from tests.integration.web.plan_story import FY, fiscal_2023, last_write
from tests.plan_scenarios import PLAN_CODE
from tests.scenarios import refer
from web.app import create_app
from web.printing import layout
from web.storage.settings import Settings

AGENCY = {
    "lead": "fukushi-soudan",  # intake and lead agency; convened both meetings
    "involved": "houkatsu-kita",  # registered as an agency involved in the case
    "referred": "jiritsu",  # accepted a referral of the case
    "attended_meeting": "kodomo-katei",  # attended the 重層的支援会議 that discussed the case
    "attended_support": "shakyo",  # attended the 支援会議 that discussed the case
    "unrelated": "hello-work",
}
CASEWORK_ROLES, OTHER_ROLES = ("coordinator", "supervisor"), ("planner", "admin")
USERS = [(role, relation) for role in CASEWORK_ROLES for relation in AGENCY] + [
    (role, relation) for role in OTHER_ROLES for relation in ("lead", "unrelated")
]

SEES = {
    "case": {"lead", "involved", "referred", "attended_meeting", "attended_support"},
    "support": {"lead", "attended_support"},
    "layered": {"lead", "attended_meeting"},
    "scheduled": {"lead"},
    "activity": {"lead"},
}
"""Who may open what a URL names: the case, the held 支援会議, the held 重層的支援会議, the planned one."""

HOUSEHOLD = ("山田家", "山田 太郎", "山田 健", "父の介護と長男のひきこもりについて長女から相談")
SUPPORT_RECORD = (
    "秘匿の支援会議",
    "支援会議で共有した家族の事情",
    "長女の就労を含めた見守り方針",
    "社協: 訪問 / 福祉相談課: 全体調整",
    "支援会議で決めた長男への同行訪問",
)
LAYERED_RECORD = ("重層的支援会議で話した家計の状況", "家計改善支援の開始", "自立相談: 家計 / 子ども家庭: 学校連携")
LAYERED_ITEM = "重層的支援会議で決めた学校への連絡"
SCHEDULED_TITLE = "予定の支援会議"

CASEWORK, EVERYONE, ADMIN_ONLY, PUBLIC = (
    frozenset(CASEWORK_ROLES),
    frozenset(CASEWORK_ROLES + OTHER_ROLES),
    frozenset({"admin"}),
    None,
)
PLANNERS = frozenset({"planner"})
"""Plan entries are written by planners only (web.access.policy.PLAN_WRITERS)."""


@dataclass
class World:
    web: Web
    case_id: UUID
    support: UUID
    layered: UUID
    scheduled: UUID
    support_item: UUID
    referral: UUID
    households: tuple[str, ...]
    """Every household name in the store: none reaches a user who may not see the case."""
    moment: str
    """When the world was finished (the planners' "changes since")."""
    entry: UUID | None = None
    """A consultation on the case (its 取消 / 訂正 routes)."""
    activity: UUID | None = None
    """A community activity the lead agency recorded (only its staff may void or correct it)."""
    consent: UUID | None = None
    """The case's consent decision (its 取消 route)."""
    member: UUID | None = None
    """One of the case's household members (the member correction form's prefill)."""


@dataclass(frozen=True)
class Probe:
    """One request to a route, and what an allowed user gets."""

    url: str
    roles: frozenset[str] | None
    scope: str | None = None
    ok: int = 200
    data: dict[str, str] | None = None
    json: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    contents_checked: bool = True
    shows_case_to: str | None = None
    """A scope whose users must find the household name in the answer (the lists and the case search)."""


def probes(w: World) -> dict[tuple[str, str], list[Probe]]:
    """Every route of the app, by method and path template, with the requests that exercise it."""
    c, s, lay, sch, item = w.case_id, w.support, w.layered, w.scheduled, w.support_item
    plan, fy = PLAN_CODE, FY
    since = quote(w.moment)
    empty: dict[str, Any] = {}
    return {
        ("GET", "/health"): [Probe("/health", PUBLIC)],
        ("GET", "/login"): [Probe("/login", PUBLIC)],
        # a fresh name each time: failed logins lock a name
        ("POST", "/login"): [
            Probe("/login", PUBLIC, ok=401, data={"username": f"nobody-{uuid4().hex[:8]}", "password": "x" * 12})
        ],
        ("POST", "/login/code"): [
            Probe("/login/code", PUBLIC, ok=401, data={"token": "no-such-token", "code": "123456"})
        ],
        ("GET", "/api/session"): [Probe("/api/session", EVERYONE)],
        # FastAPI serves the schema outside the app's dependencies: public, no data (its examples name 山田家)
        ("GET", "/openapi.json"): [Probe("/openapi.json", PUBLIC, contents_checked=False)],
        ("GET", "/admin/audit"): [Probe(f"/admin/audit?case={c}", ADMIN_ONLY)],
        # master-data admin screens and API (admins only; empty bodies are refused and write nothing)
        ("GET", "/admin/master"): [Probe("/admin/master", ADMIN_ONLY, ok=303)],
        ("GET", "/admin/master/{slug}"): [
            Probe(f"/admin/master/{slug}", ADMIN_ONLY)
            for slug in ("agencies", "areas", "meeting-types", "staff", "audiences")
        ],
        ("POST", "/admin/master/{slug}"): [Probe("/admin/master/areas", ADMIN_ONLY, ok=422, data=empty)],
        ("POST", "/admin/master/{slug}/{code}/{action}"): [
            Probe("/admin/master/areas/kita/rename", ADMIN_ONLY, ok=422, data=empty)
        ],
        ("GET", "/api/admin/{slug}"): [Probe("/api/admin/staff", ADMIN_ONLY)],
        ("POST", "/api/admin/{slug}"): [Probe("/api/admin/agencies", ADMIN_ONLY, ok=422, json=empty)],
        ("POST", "/api/admin/{slug}/{code}/{action}"): [
            Probe("/api/admin/agencies/shakyo/reorder", ADMIN_ONLY, ok=422, json=empty)
        ],
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
        # planner screens and API: aggregates, every role
        ("GET", "/plans"): [Probe("/plans", EVERYONE)],
        ("GET", "/plans/{code}"): [Probe(f"/plans/{plan}?fy={fy}", EVERYONE)],
        ("GET", "/plans/{code}/indicators/{indicator}"): [
            Probe(f"/plans/{plan}/indicators/{code}?fy={fy}", EVERYONE) for code in ("C-TOTAL", "K6-2", "A02")
        ],
        ("GET", "/plans/{code}/changes"): [Probe(f"/plans/{plan}/changes?fy={fy}&since={since}", EVERYONE)],
        ("GET", "/plans/{code}/report.{fmt}"): [
            Probe(f"/plans/{plan}/report.{fmt}?fy={fy}", EVERYONE) for fmt in ("json", "csv")
        ],
        ("GET", "/plans/{code}/entries"): [Probe(f"/plans/{plan}/entries?fy={fy}", EVERYONE)],
        ("POST", "/plans/{code}/entries/{slug}"): [
            Probe(f"/plans/{plan}/entries/reviews?fy={fy}", PLANNERS, ok=422, data=empty, headers=HTMX)
        ],
        ("GET", "/plans/{code}/what-if"): [Probe(f"/plans/{plan}/what-if?fy={fy}", EVERYONE)],
        ("POST", "/plans/{code}/what-if"): [Probe(f"/plans/{plan}/what-if", PLANNERS, ok=422, data=empty)],
        ("GET", "/api/plans"): [Probe("/api/plans", EVERYONE)],
        ("GET", "/api/plans/{code}/years/{fiscal_year}"): [Probe(f"/api/plans/{plan}/years/{fy}", EVERYONE)],
        ("GET", "/api/plans/{code}/years/{fiscal_year}/indicators/{indicator}/provenance"): [
            Probe(f"/api/plans/{plan}/years/{fy}/indicators/{code}/provenance", EVERYONE)
            for code in ("C-TOTAL", "K6-2", "A02")
        ],
        ("GET", "/api/plans/{code}/years/{fiscal_year}/diff"): [
            Probe(f"/api/plans/{plan}/years/{fy}/diff?since={since}", EVERYONE)
        ],
        **{
            ("POST", f"/api/plans/{{code}}/years/{{fiscal_year}}/{entry}"): [
                Probe(f"/api/plans/{plan}/years/{fy}/{entry}", PLANNERS, ok=422, json=empty)
            ]
            for entry in (
                "indicator-values",
                "judgements",
                "reviews",
                "policies",
                "opinions",
                "ratings",
                "rating-clears",
            )
        },
        # voids and corrections (web.routes.corrections)
        **{
            (method, f"/cases/{{case_id}}/entries/{{entry_id}}/{action}"): [
                Probe(f"/cases/{c}/entries/{w.entry}/{action}", CASEWORK, "case", **writes)
            ]
            for action in ("void", "correct")
            for method, writes in (("GET", {}), ("POST", dict(ok=422, data=empty, headers=HTMX)))
        },
        **{
            ("POST", f"/api/cases/{{case_id}}/entries/{{entry_id}}/{action}"): [
                Probe(f"/api/cases/{c}/entries/{w.entry}/{action}", CASEWORK, "case", ok=422, json=empty)
            ]
            for action in ("void", "correct")
        },
        **{
            (method, f"/cases/{{case_id}}/referrals/{{referral_id}}/{action}"): [
                Probe(f"/cases/{c}/referrals/{w.referral}/{action}", CASEWORK, "case", **writes)
            ]
            for action in ("void", "answer/void")
            for method, writes in (("GET", {}), ("POST", dict(ok=422, data=empty, headers=HTMX)))
        },
        **{
            ("POST", f"/api/cases/{{case_id}}/referrals/{{referral_id}}/{action}"): [
                Probe(f"/api/cases/{c}/referrals/{w.referral}/{action}", CASEWORK, "case", ok=422, json=empty)
            ]
            for action in ("void", "answer/void")
        },
        **{
            (method, "/cases/{case_id}/consents/{consent_id}/void"): [
                Probe(f"/cases/{c}/consents/{w.consent}/void", CASEWORK, "case", **writes)
            ]
            for method, writes in (("GET", {}), ("POST", dict(ok=422, data=empty, headers=HTMX)))
        },
        ("POST", "/api/cases/{case_id}/consents/{consent_id}/void"): [
            Probe(f"/api/cases/{c}/consents/{w.consent}/void", CASEWORK, "case", ok=422, json=empty)
        ],
        ("POST", "/meetings/{meeting_id}/void"): [
            Probe(f"/meetings/{s}/void", CASEWORK, "support", ok=422, data=empty, headers=HTMX)
        ],
        ("POST", "/api/meetings/{meeting_id}/void"): [
            Probe(f"/api/meetings/{s}/void", CASEWORK, "support", ok=422, json=empty)
        ],
        ("GET", "/community-activities"): [Probe("/community-activities?voided=1", CASEWORK, ok=307)],
        **{
            (method, f"/activities/{{activity_id}}/{action}"): [
                Probe(f"/activities/{w.activity}/{action}", CASEWORK, "activity", **writes)
            ]
            for action in ("void", "correct")
            for method, writes in (("GET", {}), ("POST", dict(ok=422, data=empty, headers=HTMX)))
        },
        **{
            ("POST", f"/api/community-activities/{{activity_id}}/{action}"): [
                Probe(f"/api/community-activities/{w.activity}/{action}", CASEWORK, "activity", ok=422, json=empty)
            ]
            for action in ("void", "correct")
        },
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
        # caseload import (admins only; an empty upload has no rows and is refused, a hash never kept is gone)
        ("GET", "/admin/import"): [Probe("/admin/import", ADMIN_ONLY)],
        ("GET", "/admin/import/template.xlsx"): [Probe("/admin/import/template.xlsx", ADMIN_ONLY)],
        ("POST", "/admin/import"): [Probe("/admin/import", ADMIN_ONLY, ok=422, data=empty)],
        ("POST", "/admin/import/{sha256}"): [Probe(f"/admin/import/{'0' * 64}", ADMIN_ONLY, ok=410, data=empty)],
        ("POST", "/api/imports/caseload"): [Probe("/api/imports/caseload", ADMIN_ONLY, ok=422, data=empty)],
        ("POST", "/api/imports/caseload/{sha256}"): [
            Probe(f"/api/imports/caseload/{'0' * 64}", ADMIN_ONLY, ok=410, data=empty)
        ],
        ("GET", "/caseload/as-of"): [Probe("/caseload/as-of?as_of=2026-06-30", CASEWORK)],
        ("GET", "/api/caseload/as-of"): [Probe("/api/caseload/as-of?as_of=2026-06-30", CASEWORK)],
        # printed documents (issue 15): print views (contents checked) and their PDFs (compressed: checked in
        # tests/integration/web/test_printed_documents.py), on the screens and under /api
        ("GET", "/meetings/{meeting_id}/print"): [
            Probe(f"/meetings/{m}/print", CASEWORK, scope) for m, scope in ((s, "support"), (lay, "layered"))
        ],
        ("GET", "/cases/{case_id}/record/print"): [Probe(f"/cases/{c}/record/print", CASEWORK, "case")],
        ("GET", "/cases/{case_id}/referrals/{referral_id}/print"): [
            Probe(f"/cases/{c}/referrals/{w.referral}/print", CASEWORK, "case")
        ],
        **{
            ("GET", f"{prefix}{path}.pdf"): [Probe(f"{prefix}{url}.pdf", CASEWORK, scope, contents_checked=False)]
            for prefix in ("", "/api")
            for path, url, scope in (
                ("/meetings/{meeting_id}/print", f"/meetings/{s}/print", "support"),
                ("/cases/{case_id}/record/print", f"/cases/{c}/record/print", "case"),
                ("/cases/{case_id}/referrals/{referral_id}/print", f"/cases/{c}/referrals/{w.referral}/print", "case"),
                ("/cases/{case_id}/plans/{version}/print", f"/cases/{c}/plans/1/print", "case"),
            )
        },
        ("GET", "/admin/disclosures"): [Probe(f"/admin/disclosures?case={c}", ADMIN_ONLY)],
        ("POST", "/plans/{code}/finalize"): [Probe(f"/plans/{plan}/finalize", PLANNERS, ok=422, data=empty)],
        ("POST", "/api/plans/{code}/years/{fiscal_year}/finalize"): [
            Probe(f"/api/plans/{plan}/years/1999/finalize", PLANNERS, ok=422)
        ],
        ("GET", "/api/plans/{code}/years/{fiscal_year}/finalized"): [
            Probe(f"/api/plans/{plan}/years/{fy}/finalized", EVERYONE, ok=422)
        ],
        # the what-if in the API (issue 16): an empty body is refused and records nothing
        ("GET", "/api/plans/what-if-files"): [Probe("/api/plans/what-if-files", EVERYONE)],
        ("POST", "/api/plans/{code}/what-if"): [Probe(f"/api/plans/{plan}/what-if", PLANNERS, ok=422, json=empty)],
        # a plan across its years (issue 16): the 工程表 and one indicator's series
        ("GET", "/plans/{code}/roadmap"): [Probe(f"/plans/{plan}/roadmap", EVERYONE)],
        ("GET", "/plans/{code}/roadmap.{fmt}"): [
            Probe(f"/plans/{plan}/roadmap.{fmt}", EVERYONE) for fmt in ("csv", "xlsx")
        ],
        ("GET", "/plans/{code}/trend"): [Probe(f"/plans/{plan}/trend?indicator=C-TOTAL", EVERYONE)],
        ("GET", "/api/plans/{code}/roadmap"): [Probe(f"/api/plans/{plan}/roadmap", EVERYONE)],
        ("GET", "/api/plans/{code}/indicators/{indicator}/series"): [
            Probe(f"/api/plans/{plan}/indicators/K6-2/series", EVERYONE)
        ],
        # last: it ends the session
        ("POST", "/logout"): [Probe("/logout", EVERYONE, ok=303)],
    }


CASE_LINK = re.compile(r'href="(http://testserver)?/cases/')
NOT_ROUTES = {"/static"}
"""Mounted files (CSS, scripts), not routes: no data behind them."""


def expected_status(probe: Probe, role: str, relation: str) -> int:
    if probe.roles is None:
        return probe.ok
    if role not in probe.roles:
        return 403
    if probe.scope is not None and relation not in SEES[probe.scope]:
        return 404
    return probe.ok


def given_the_world(web: Web) -> World:
    def story(app: Any) -> World:
        given_staff_of_every_role(app)
        fiscal_2023(app)
        for role, relation in USERS:
            app.execute(
                RegisterUser(
                    actor=ADMIN,
                    username=f"{role}-{relation}",
                    name=f"{role} {relation}",
                    role=role,
                    agency=AGENCY[relation],
                )
            )
        case_id = given_open_case(app, opened_on=date(2023, 5, 11))
        app.execute(
            InvolveAgency(actor=COORDINATOR, case_id=case_id, agency=AGENCY["involved"], occurred_on=date(2023, 6, 1))
        )
        referral = refer(app, case_id, date(2023, 6, 5), to_agency=AGENCY["referred"])
        given_consent(app, case_id, on=date(2023, 7, 1))
        support, layered, scheduled, support_item = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        for meeting_id, meeting_type, title, on in (
            (support, "support", SUPPORT_RECORD[0], date(2023, 10, 12)),
            (layered, "layered", "重層的支援会議（10月）", date(2023, 10, 5)),
            (scheduled, "support", SCHEDULED_TITLE, date(2026, 12, 1)),
        ):
            app.execute(
                ScheduleMeeting(
                    actor=COORDINATOR,
                    meeting_id=meeting_id,
                    meeting_type=meeting_type,
                    title=title,
                    scheduled_on=on,
                    convenor_agency=AGENCY["lead"],
                    planned_case_ids=(case_id,),
                )
            )
        for meeting_id, texts, item, attending in (
            (support, SUPPORT_RECORD[1:], (support_item, SUPPORT_RECORD[4]), "attended_support"),
            (layered, LAYERED_RECORD, (uuid.uuid4(), LAYERED_ITEM), "attended_meeting"),
        ):
            summary, decisions, roles = texts[:3]
            app.execute(
                RecordMeetingOutcome(
                    actor=COORDINATOR,
                    meeting_id=meeting_id,
                    held_on=date(2023, 10, 12) if meeting_id == support else date(2023, 10, 5),
                    summary=summary,
                    attendees=(
                        Attendee(agency=AGENCY["lead"], role="相談支援包括化推進員"),
                        Attendee(agency=AGENCY[attending], role=""),
                    ),
                    discussions=(
                        CaseDiscussion(
                            case_id=case_id, outcome="roles_allocated", decisions=decisions, role_allocation=roles
                        ),
                    ),
                    action_items=(
                        ActionItem(
                            item_id=item[0],
                            description=item[1],
                            owner_agency=AGENCY[attending],
                            due_on=date(2027, 1, 15),
                            case_id=case_id,
                        ),
                    ),
                )
            )
        entry, activity = uuid.uuid4(), uuid.uuid4()
        app.execute(
            RecordConsultation(
                actor=COORDINATOR,
                case_id=case_id,
                entry_id=entry,
                occurred_on=date(2023, 11, 1),
                agency=AGENCY["lead"],
                channel="phone",
                handler_role="consultation_staff",
                requester_type="family",
                is_new=False,
                summary=HOUSEHOLD[3],
            )
        )
        app.execute(
            RecordCommunityActivity(
                actor=COORDINATOR,
                activity_id=activity,
                kind="consultation_session",
                occurred_on=date(2023, 11, 2),
                agency=AGENCY["lead"],
                title="出張相談会",
            )
        )
        app.execute(
            AdoptSupportPlan(  # a plan made outside a meeting, so that its pages have a version to show
                actor=COORDINATOR,
                case_id=case_id,
                plan_type="layered",
                goals=("生活の安定",),
                actions=(PlanAction(description="定期的な見守り", agency=AGENCY["lead"]),),
                review_due_on=date(2024, 1, 20),
                adopted_on=date(2023, 10, 20),
            )
        )
        return World(
            web=web,
            case_id=case_id,
            support=support,
            layered=layered,
            scheduled=scheduled,
            support_item=support_item,
            referral=referral,
            households=(),
            moment=last_write(app).isoformat(),
            entry=entry,
            activity=activity,
            consent=app.case(case_id).consents[0].consent_id,
        )

    world = web.seeded(story)
    with web.read_models.engine.connect() as connection:
        world.households = tuple(
            connection.execute(case_list.select().with_only_columns(case_list.c.household_name)).scalars()
        )
        world.member = connection.execute(
            case_members.select()
            .with_only_columns(case_members.c.member_id)
            .where(case_members.c.case_id == world.case_id)
            .limit(1)
        ).scalar_one()
    return world


class OncePerDocument:
    """WeasyPrint's layout (``web.printing.layout.pdf_of``), done once per distinct input and remembered after.

    The print route still runs for every request (access check, audit, the print view's HTML); only the layout of
    HTML already laid out is skipped, and it would give the same bytes (the digests test below).
    """

    def __init__(self, lay_out: Callable[..., bytes]) -> None:
        self.lay_out = lay_out
        self.done: dict[tuple[str, str, str], bytes] = {}
        self.reused = 0

    def __call__(self, html: str, *, base_url: str, static_url: str) -> bytes:
        key = (html, base_url, static_url)
        if key in self.done:
            self.reused += 1
        else:
            self.done[key] = self.lay_out(html, base_url=base_url, static_url=static_url)
        return self.done[key]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'kasane.db'}"
    else:
        fresh_postgres(POSTGRES_URL)  # as an app start leaves an empty store: its start need not make every table
        url = POSTGRES_URL
    api = create_app(Settings(database_url=url, **FAST_PASSWORD_HASHING), today=lambda: TODAY)
    with TestClient(api) as client, pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "pdf_of", OncePerDocument(layout.pdf_of))
        web = Web(client, api.state.kasane, api.state.read_models, api)
        web.seeded(given_standard_setup)
        yield given_the_world(web)


def routes_of(api: Any) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in iter_route_contexts(api.routes)
        for method in (route.methods or ())
        if method != "HEAD" and route.path not in NOT_ROUTES
    }


def test_every_route_of_the_app_has_its_row_in_the_matrix(world: World) -> None:
    app_routes = routes_of(world.web.api)
    listed = set(probes(world))
    assert app_routes - listed == set(), "a route without a row in the access matrix"
    assert listed - app_routes == set(), "a row for a route the app no longer has"
    assert {m.path for m in iter_route_contexts(world.web.api.routes) if not m.methods} == NOT_ROUTES  # type: ignore[attr-defined]


def secrets_for(role: str, relation: str) -> tuple[str, ...]:
    """What this user must never receive, from any route."""
    hidden: list[str] = []
    if role not in CASEWORK_ROLES or relation not in SEES["case"]:
        hidden += HOUSEHOLD
    if role not in CASEWORK_ROLES or relation not in SEES["support"]:
        hidden += SUPPORT_RECORD
    if role not in CASEWORK_ROLES or relation not in SEES["layered"]:
        hidden += LAYERED_RECORD
    if role not in CASEWORK_ROLES or relation not in SEES["scheduled"]:
        hidden.append(SCHEDULED_TITLE)
    return tuple(hidden)


@pytest.mark.parametrize(("role", "relation"), USERS, ids=[f"{r}-{a}" for r, a in USERS])
def test_each_route_answers_each_user_as_the_matrix_says_and_refusals_reveal_nothing(
    world: World, role: str, relation: str
) -> None:
    web = world.web
    username = f"{role}-{relation}"
    web.login(username)
    before = web.events()
    hidden = secrets_for(role, relation)
    refused_everything = HOUSEHOLD + SUPPORT_RECORD + LAYERED_RECORD + (LAYERED_ITEM, SCHEDULED_TITLE)
    failures: list[str] = []
    denied: list[tuple[str, int]] = []
    for (method, _), route_probes in probes(world).items():
        for probe in route_probes:
            answer = web.client.request(
                method, probe.url, data=probe.data, json=probe.json, headers=probe.headers, follow_redirects=False
            )
            want = expected_status(probe, role, relation)
            where = f"{method} {probe.url}"
            if answer.status_code != want:
                failures.append(f"{where}: {answer.status_code}, expected {want}")
                continue
            text = answer.text
            if want in (401, 403, 404):
                leaked = [s for s in refused_everything + world.households if s in text]
                if leaked:
                    failures.append(f"{where}: refused but shows {leaked}")
                if want in (403, 404):
                    denied.append((probe.url.split("?")[0], want))
                continue
            if probe.url.endswith(".pdf"):
                if answer.headers["content-type"] != "application/pdf" or not answer.content.startswith(b"%PDF-"):
                    failures.append(f"{where}: not a PDF ({answer.headers['content-type']})")
                continue
            if not probe.contents_checked:
                continue
            leaked = [s for s in hidden if s in text]
            if role not in CASEWORK_ROLES:
                leaked += [s for s in world.households if s in text]
                leaked += ["a link to a case page"] if CASE_LINK.search(text) else []
            if leaked:
                failures.append(f"{where}: shows {leaked}")
            if probe.shows_case_to and relation in SEES[probe.shows_case_to] and "山田家" not in text:
                failures.append(f"{where}: the household is missing")
    assert failures == [], "\n".join(failures)
    assert web.events() == before, "refused and invalid requests write nothing"
    web.login("admin-lead")  # the audit log as its reader sees it
    audited = {
        (a.path, a.status)
        for a in web.client.app.state.audit.accesses(username=username)  # type: ignore[attr-defined]
        if a.action == "denied"
    }
    assert set(denied) <= audited, set(denied) - audited


def test_users_allowed_one_document_get_the_same_pdf(world: World) -> None:
    """What lets the matrix lay each document out once: two users of different roles and agencies allowed the case's
    record get the same bytes from WeasyPrint itself (no layout remembered), and the matrix's cells reuse layouts."""
    remembered = layout.pdf_of
    assert isinstance(remembered, OncePerDocument)
    digests = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "pdf_of", remembered.lay_out)
        for username in ("coordinator-lead", "supervisor-referred"):
            world.web.login(username)
            answer = world.web.client.get(f"/cases/{world.case_id}/record/print.pdf")
            assert answer.status_code == 200
            digests.append(hashlib.sha256(answer.content).hexdigest())
    assert digests[0] == digests[1]
    world.web.login("coordinator-involved")
    assert world.web.client.get(f"/api/cases/{world.case_id}/record/print.pdf").content.startswith(b"%PDF-")
    assert remembered.done, "the matrix lays its documents out through OncePerDocument"
