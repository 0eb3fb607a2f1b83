"""How each event on a case's timeline reads: a title and labelled details.

The timeline read model keeps each event's own fields as JSON; this module
turns them into text in the reader's language (codes become labels, agency
codes become names). Records of restricted meeting types (支援会議) are
summarised by type and date only: their content is read on the meeting page,
which only the agencies that took part may open (``projections.meetings.scope``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.cases.queries import TimelineEntry
from web.i18n.language import Translator
from web.views.dates import wareki
from web.views.names import Names

Details = list[tuple[str, str]]


@dataclass(frozen=True)
class TimelineItem:
    entry: TimelineEntry
    title: str
    details: Details
    who: str
    meeting_id: str | None = None
    """The meeting the entry was decided at (終結 decided at a meeting): the timeline links to its record."""


def _day(value: str | None, t: Translator) -> str:
    if not value:
        return ""
    day = date.fromisoformat(value)
    return day.isoformat() if t.lang == "en" else f"{wareki(day)}（{day.isoformat()}）"


def _yes(value: object, t: Translator) -> str:
    return t("yes") if value else t("no")


def _labels(kind: str, codes: list[str], t: Translator) -> str:
    return "、".join(t.label(kind, c) for c in codes)


def _opened(p: dict[str, Any], t: Translator, n: Names) -> Details:
    return [
        (t.field("household_name"), p["household_name"]),
        (
            t.field("members"),
            "、".join(f"{m['name'] or '—'}（{t.label('relationship', m['relationship'])}）" for m in p["members"]),
        ),
        (t.field("issue_tags"), _labels("issue_tag", p["issue_tags"], t)),
        (t.field("channel"), t.label("channel", p["channel"])),
        (t.field("requester_type"), t.label("requester_type", p["requester_type"])),
        (t.field("lead_agency"), n.agency(p["lead_agency"])),
        (t.field("coordinator"), n.user(p["coordinator"])),
        (t.field("summary"), p["summary"]),
    ]


def _consultation(c: dict[str, Any], t: Translator, n: Names) -> Details:
    return [
        (t.field("agency"), n.agency(c["agency"])),
        (t.field("channel"), t.label("channel", c["channel"])),
        (t.field("handler_role"), t.label("handler_role", c["handler_role"])),
        (t.field("requester_type"), t.label("requester_type", c["requester_type"])),
        (t.field("is_new"), _yes(c["is_new"], t)),
        (t.field("issue_tags"), _labels("issue_tag", c["issue_tags"], t)),
        (t.field("summary"), c["summary"]),
    ]


def _visit(v: dict[str, Any], t: Translator, n: Names) -> Details:
    return [
        (t.field("agency"), n.agency(v["agency"])),
        (t.field("visit_kind"), t.label("visit_kind", v["visit_kind"])),
        (t.field("handler_role"), t.label("handler_role", v["handler_role"])),
        (t.field("contact_made"), _yes(v["contact_made"], t)),
        (t.field("accompanying_agencies"), "、".join(n.agency(a) for a in v["accompanying_agencies"])),
        (t.field("note"), v["note"]),
    ]


def _placement(p: dict[str, Any], t: Translator, n: Names) -> Details:
    return [
        (t.field("agency"), n.agency(p["agency"])),
        (t.field("resource_type"), t.label("resource_type", p["resource_type"])),
        (t.field("host_organisation"), p["host_organisation"]),
        (t.field("note"), p["note"]),
    ]


def describe_entry(e: dict[str, Any], t: Translator, n: Names) -> Details:
    """An entry's details, whatever its kind (a correction carries the whole corrected entry)."""
    if "channel" in e:
        return _consultation(e, t, n)
    if "visit_kind" in e:
        return _visit(e, t, n)
    return _placement(e, t, n)


def _discussed(p: dict[str, Any], t: Translator, n: Names) -> Details:
    rows = [(t.field("meeting_type"), n.meeting_type(p["meeting_type"]))]
    if n.restricted(p["meeting_type"]):
        return [*rows, (t.field("outcome"), t("restricted_record"))]
    return [*rows, (t.field("outcome"), t.label("discussion_outcome", p["outcome"]))]


DESCRIBERS: dict[str, Callable[[dict[str, Any], Translator, Names], Details]] = {
    "Opened": _opened,
    "ConsultationRecorded": lambda p, t, n: _consultation(p["consultation"], t, n),
    "OutreachVisitRecorded": lambda p, t, n: _visit(p["visit"], t, n),
    "PlacementStarted": lambda p, t, n: _placement(p["placement"], t, n),
    "PlacementEnded": lambda p, t, n: [
        (t.field("outcome"), t.label("placement_outcome", p["outcome"])),
        (t.field("note"), p["note"]),
    ],
    "EntryCorrected": lambda p, t, n: [(t.field("reason"), p["reason"]), *describe_entry(p["entry"], t, n)],
    "EntryVoided": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "ReferralVoided": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "ReferralAnswerVoided": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "ConsentVoided": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "PlanVoided": lambda p, t, n: [
        (t.field("version"), t("plan_version", version=p["plan_version"])),
        (t.field("reason"), p["reason"]),
    ],
    "StatusChanged": lambda p, t, n: [
        (t.field("status"), f"{t.label('status', p['from_status'])} → {t.label('status', p['to_status'])}"),
        (t.field("reason"), p["reason"]),
    ],
    "Closed": lambda p, t, n: [
        (t.field("reason"), t.label("closure_reason", p["reason"])),
        (t.field("note"), p["note"]),
    ],
    "Reopened": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "ConsentRecorded": lambda p, t, n: [
        (t.field("decision"), t.label("consent_decision", p["consent"]["decision"])),
        (t.field("scopes"), _labels("consent_scope", p["consent"]["scopes"], t)),
        (t.field("expires_on"), _day(p["consent"]["expires_on"], t)),
        (t.field("given_by"), p["consent"]["given_by"]),
        (t.field("note"), p["consent"]["note"]),
    ],
    "ReferralSent": lambda p, t, n: [
        (t.field("from_agency"), n.agency(p["referral"]["from_agency"])),
        (t.field("to_agency"), n.agency(p["referral"]["to_agency"])),
        (t.field("reason"), p["referral"]["reason"]),
        (t.field("via_sheet"), _yes(p["referral"]["via_sheet"], t)),
    ],
    "ReferralAccepted": lambda p, t, n: [(t.field("note"), p["note"])],
    "ReferralDeclined": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "PlanMade": lambda p, t, n: _plan(p["plan"], t, n),
    "PlanRevised": lambda p, t, n: [(t.field("reason"), p["plan"]["reason"]), *_plan(p["plan"], t, n)],
    "PlanReviewed": lambda p, t, n: [
        (t.field("findings"), p["findings"]),
        (t("next_review"), _day(p["next_review_due_on"], t)),
    ],
    "IssuesTagged": lambda p, t, n: [(t.field("issue_tags"), _labels("issue_tag", p["issue_tags"], t))],
    "AreaChanged": lambda p, t, n: [(t.field("area"), n.area(p["area"]))],
    "Assigned": lambda p, t, n: [
        (t.field("coordinator"), n.user(p["coordinator"])),
        (t.field("lead_agency"), n.agency(p["lead_agency"])),
    ],
    "AgencyInvolved": lambda p, t, n: [(t.field("agency"), n.agency(p["agency"]))],
    "AgencyReleased": lambda p, t, n: [(t.field("agency"), n.agency(p["agency"])), (t.field("reason"), p["reason"])],
    "MemberAdded": lambda p, t, n: [(t.field("name"), p["member"]["name"])],
    "MemberUpdated": lambda p, t, n: [(t.field("name"), p["member"]["name"])],
    "MemberRemoved": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "DiscussedAtMeeting": _discussed,
    "DiscussionWithdrawn": lambda p, t, n: [(t.field("reason"), p["reason"])],
    "PersonalDataErased": lambda p, t, n: [(t.field("reason"), p["reason"])],
}


def _plan(plan: dict[str, Any], t: Translator, n: Names) -> Details:
    return [
        (t("plan"), f"{t.label('plan_type', plan['plan_type'])}（{t('plan_version', version=plan['version'])}）"),
        (t.field("goals"), "、".join(plan["goals"])),
        (
            t.field("actions"),
            "、".join(f"{a['description']}（{n.agency(a['agency'])}{_person(a)}）" for a in plan["actions"]),
        ),
        (t("next_review"), _day(plan["review_due_on"], t)),
        (t("sp_meeting"), t("sp_adopted_at_meeting") if plan.get("meeting_id") else ""),
    ]


def _person(action: dict[str, Any]) -> str:
    """The 担当者 after the agency, for versions that name one (older plans have no such field)."""
    person = action.get("person") or ""
    return f"・{person}" if person else ""


def describe(entry: TimelineEntry, t: Translator, names: Names) -> TimelineItem:
    describer = DESCRIBERS.get(entry.event_type)
    details = [] if describer is None else [(k, v) for k, v in describer(entry.payload, t, names) if v]
    who = t("timeline_by", user=names.user(entry.actor_user), agency=names.agency(entry.actor_agency))
    meeting_id = entry.payload.get("meeting_id") if entry.event_type == "Closed" else None
    title = t("timeline_closed_at_meeting") if meeting_id else t.label("event", entry.event_type)
    return TimelineItem(entry=entry, title=title, details=details, who=who, meeting_id=meeting_id)


DESCRIBERS.update(
    {
        "Assigned": lambda p, t, n: [
            (t.field("coordinator"), n.user(p["coordinator"])),
            (t.field("lead_agency"), n.agency(p["lead_agency"])),
            (t.field("reason"), p.get("reason", "")),
        ],
        "TransferRequested": lambda p, t, n: [
            (t("transfer_from"), n.agency(p["transfer"]["from_agency"])),
            (t("transfer_to"), n.agency(p["transfer"]["to_agency"])),
            (t.field("reason"), p["transfer"]["reason"]),
        ],
        "TransferAccepted": lambda p, t, n: [
            (t("new_coordinator"), n.user(p["coordinator"])),
            (t.field("note"), p["note"]),
        ],
        "TransferDeclined": lambda p, t, n: [(t.field("reason"), p["reason"])],
        "TransferWithdrawn": lambda p, t, n: [(t.field("reason"), p["reason"])],
        "UrgentCheckMarked": lambda p, t, n: [
            (t("urgent_due"), _day(p["due_on"], t)),
            (t.field("reason"), p["reason"]),
        ],
        "UrgentCheckDone": lambda p, t, n: [(t("urgent_result"), p["note"])],
    }
)
"""Responsibility and transfers (decision 10): the reason of a reassignment, and each step of a transfer."""
