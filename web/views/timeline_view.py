"""How each event on a case's timeline reads: a title and labelled details.

The timeline read model keeps each event's own fields as JSON; this module
reads them through the event classes (``TimelineEntry.event``: the typed
event, so ``event.referral.from_agency`` rather than a path into JSON),
dispatching on the class, and turns them into text in the reader's language (codes become labels, agency
codes become names). Records of restricted meeting types (支援会議) are
summarised by type and date only: their content is read on the meeting page,
which only the agencies that took part may open (``projections.meetings.scope``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from domain.activity import Consultation, Entry, OutreachVisit, Placement
from domain.case import Case
from domain.support_plan import PlanAction, PlanVersion
from projections.cases.queries import TimelineEntry
from web.i18n.language import Translator
from web.views.dates import wareki
from web.views.names import Names

if TYPE_CHECKING:
    from web.views.timeline_amendments import AmendAction, Amendment

Details = list[tuple[str, str]]


class TimelineItem(NamedTuple):
    """A row as the timeline shows it (a named tuple: made for every row of every case page, where a frozen
    dataclass's ``__init__``, one ``object.__setattr__`` a field, cost a tenth of describing the row)."""

    entry: TimelineEntry
    title: str
    details: Details
    who: str
    meeting_id: str | None = None
    """The meeting the entry was decided at (終結 decided at a meeting): the timeline links to its record."""
    amendment: Amendment | None = None
    """The void or correction that struck this row out (``web.views.timeline_amendments``)."""
    changes: Details | None = None
    """A correction's changed fields, before → after."""
    actions: Sequence[AmendAction] = ()
    """The 取消 / 訂正 this live row offers."""


def _day(value: date | None, t: Translator) -> str:
    if not value:
        return ""
    return value.isoformat() if t.lang == "en" else f"{wareki(value)}（{value.isoformat()}）"


def _yes(value: object, t: Translator) -> str:
    return t("yes") if value else t("no")


def _labels(kind: str, codes: tuple[str, ...], t: Translator) -> str:
    return "、".join(t.label(kind, c) for c in codes)


Describer = Callable[[Any, Translator, Names], Details]
DESCRIBERS: dict[type[Any], Describer] = {}
"""How each event class reads, by class: a renamed or removed class fails at import, not on the page."""


def describes(*classes: type[Any]) -> Callable[[Describer], Describer]:
    def register(describer: Describer) -> Describer:
        DESCRIBERS.update(dict.fromkeys(classes, describer))
        return describer

    return register


@describes(Case.Opened)
def _opened(e: Any, t: Translator, n: Names) -> Details:
    return [
        (t.field("household_name"), e.household_name),
        (
            t.field("members"),
            "、".join(f"{m.name or '—'}（{t.label('relationship', m.relationship)}）" for m in e.members),
        ),
        (t.field("issue_tags"), _labels("issue_tag", e.issue_tags, t)),
        (t.field("channel"), t.label("channel", e.channel)),
        (t.field("requester_type"), t.label("requester_type", e.requester_type)),
        (t.field("lead_agency"), n.agency(e.lead_agency)),
        (t.field("coordinator"), n.user(e.coordinator)),
        (t.field("summary"), e.summary),
    ]


def _consultation(c: Consultation, t: Translator, n: Names) -> Details:
    return [
        (t.field("agency"), n.agency(c.agency)),
        (t.field("channel"), t.label("channel", c.channel)),
        (t.field("handler_role"), t.label("handler_role", c.handler_role)),
        (t.field("requester_type"), t.label("requester_type", c.requester_type)),
        (t.field("is_new"), _yes(c.is_new, t)),
        (t.field("issue_tags"), _labels("issue_tag", c.issue_tags, t)),
        (t.field("summary"), c.summary),
    ]


def _visit(v: OutreachVisit, t: Translator, n: Names) -> Details:
    return [
        (t.field("agency"), n.agency(v.agency)),
        (t.field("visit_kind"), t.label("visit_kind", v.visit_kind)),
        (t.field("handler_role"), t.label("handler_role", v.handler_role)),
        (t.field("contact_made"), _yes(v.contact_made, t)),
        (t.field("accompanying_agencies"), "、".join(n.agency(a) for a in v.accompanying_agencies)),
        (t.field("note"), v.note),
    ]


def _placement(p: Placement, t: Translator, n: Names) -> Details:
    return [
        (t.field("agency"), n.agency(p.agency)),
        (t.field("resource_type"), t.label("resource_type", p.resource_type)),
        (t.field("host_organisation"), p.host_organisation),
        (t.field("note"), p.note),
    ]


def describe_entry(e: Entry, t: Translator, n: Names) -> Details:
    """An entry's details, whatever its kind (a correction carries the whole corrected entry)."""
    if isinstance(e, Consultation):
        return _consultation(e, t, n)
    if isinstance(e, OutreachVisit):
        return _visit(e, t, n)
    return _placement(e, t, n)


@describes(Case.DiscussedAtMeeting)
def _discussed(e: Any, t: Translator, n: Names) -> Details:
    rows = [(t.field("meeting_type"), n.meeting_type(e.meeting_type))]
    if n.restricted(e.meeting_type):
        return [*rows, (t.field("outcome"), t("restricted_record"))]
    return [*rows, (t.field("outcome"), t.label("discussion_outcome", e.outcome))]


def _reason(e: Any, t: Translator, n: Names) -> Details:
    return [(t.field("reason"), e.reason)]


def _plan(plan: PlanVersion, t: Translator, n: Names) -> Details:
    return [
        (t("plan"), f"{t.label('plan_type', plan.plan_type)}（{t('plan_version', version=plan.version)}）"),
        (t.field("goals"), "、".join(plan.goals)),
        (t.field("actions"), "、".join(f"{a.description}（{n.agency(a.agency)}{_person(a)}）" for a in plan.actions)),
        (t("next_review"), _day(plan.review_due_on, t)),
        (t("sp_meeting"), t("sp_adopted_at_meeting") if plan.meeting_id else ""),
    ]


def _person(action: PlanAction) -> str:
    """The 担当者 after the agency, when the action names one."""
    return f"・{action.person}" if action.person else ""


describes(
    Case.EntryVoided,
    Case.ReferralVoided,
    Case.ReferralAnswerVoided,
    Case.ConsentVoided,
    Case.Reopened,
    Case.ReferralDeclined,
    Case.MemberRemoved,
    Case.DiscussionWithdrawn,
    Case.PersonalDataErased,
    Case.TransferDeclined,
    Case.TransferWithdrawn,
)(_reason)
DESCRIBERS.update(
    {
        Case.ConsultationRecorded: lambda e, t, n: _consultation(e.consultation, t, n),
        Case.OutreachVisitRecorded: lambda e, t, n: _visit(e.visit, t, n),
        Case.PlacementStarted: lambda e, t, n: _placement(e.placement, t, n),
        Case.PlacementEnded: lambda e, t, n: [
            (t.field("outcome"), t.label("placement_outcome", e.outcome)),
            (t.field("note"), e.note),
        ],
        Case.EntryCorrected: lambda e, t, n: [(t.field("reason"), e.reason), *describe_entry(e.entry, t, n)],
        Case.PlanVoided: lambda e, t, n: [
            (t.field("version"), t("plan_version", version=e.plan_version)),
            (t.field("reason"), e.reason),
        ],
        Case.StatusChanged: lambda e, t, n: [
            (t.field("status"), f"{t.label('status', e.from_status)} → {t.label('status', e.to_status)}"),
            (t.field("reason"), e.reason),
        ],
        Case.Closed: lambda e, t, n: [
            (t.field("reason"), t.label("closure_reason", e.reason)),
            (t.field("note"), e.note),
        ],
        Case.ConsentRecorded: lambda e, t, n: [
            (t.field("decision"), t.label("consent_decision", e.consent.decision)),
            (t.field("scopes"), _labels("consent_scope", e.consent.scopes, t)),
            (t.field("expires_on"), _day(e.consent.expires_on, t)),
            (t.field("given_by"), e.consent.given_by),
            (t.field("note"), e.consent.note),
        ],
        Case.ReferralSent: lambda e, t, n: [
            (t.field("from_agency"), n.agency(e.referral.from_agency)),
            (t.field("to_agency"), n.agency(e.referral.to_agency)),
            (t.field("reason"), e.referral.reason),
            (t.field("via_sheet"), _yes(e.referral.via_sheet, t)),
        ],
        Case.ReferralAccepted: lambda e, t, n: [(t.field("note"), e.note)],
        Case.PlanMade: lambda e, t, n: _plan(e.plan, t, n),
        Case.PlanRevised: lambda e, t, n: [(t.field("reason"), e.plan.reason), *_plan(e.plan, t, n)],
        Case.PlanReviewed: lambda e, t, n: [
            (t.field("findings"), e.findings),
            (t("next_review"), _day(e.next_review_due_on, t)),
        ],
        Case.IssuesTagged: lambda e, t, n: [(t.field("issue_tags"), _labels("issue_tag", e.issue_tags, t))],
        Case.AreaChanged: lambda e, t, n: [(t.field("area"), n.area(e.area))],
        Case.AgencyInvolved: lambda e, t, n: [(t.field("agency"), n.agency(e.agency))],
        Case.AgencyReleased: lambda e, t, n: [(t.field("agency"), n.agency(e.agency)), (t.field("reason"), e.reason)],
        Case.MemberAdded: lambda e, t, n: [(t.field("name"), e.member.name)],
        Case.MemberUpdated: lambda e, t, n: [(t.field("name"), e.member.name)],
    }
)
DESCRIBERS.update(
    {
        Case.Assigned: lambda e, t, n: [
            (t.field("coordinator"), n.user(e.coordinator)),
            (t.field("lead_agency"), n.agency(e.lead_agency)),
            (t.field("reason"), e.reason),
        ],
        Case.TransferRequested: lambda e, t, n: [
            (t("transfer_from"), n.agency(e.transfer.from_agency)),
            (t("transfer_to"), n.agency(e.transfer.to_agency)),
            (t.field("reason"), e.transfer.reason),
        ],
        Case.TransferAccepted: lambda e, t, n: [
            (t("new_coordinator"), n.user(e.coordinator)),
            (t.field("note"), e.note),
        ],
        Case.UrgentCheckMarked: lambda e, t, n: [
            (t("urgent_due"), _day(e.due_on, t)),
            (t.field("reason"), e.reason),
        ],
        Case.UrgentCheckDone: lambda e, t, n: [(t("urgent_result"), e.note)],
    }
)
"""Responsibility and transfers (decision 10): the reason of a reassignment (``Case.Assigned`` v2), and each
step of a transfer."""


def recorded_by(entry: TimelineEntry, t: Translator, names: Names) -> str:
    """Who recorded a row: the user and their agency (markup: the names in it are escaped already)."""
    return t("timeline_by", user=names.user(entry.actor_user), agency=names.agency(entry.actor_agency))


def describe(
    entry: TimelineEntry,
    t: Translator,
    names: Names,
    *,
    amendment: Amendment | None = None,
    changes: Details | None = None,
    actions: Sequence[AmendAction] = (),
    who: str | None = None,
) -> TimelineItem:
    """How a row reads; with what amended it or may amend it, when the page shows that too (worked out for the
    whole timeline at once, ``web.views.timeline_amendments.amended_timeline``), and who recorded it when the
    caller has that already (``recorded_by``)."""
    event = entry.event
    describer = DESCRIBERS.get(type(event))
    details = [] if describer is None else [(k, v) for k, v in describer(event, t, names) if v]
    if who is None:
        who = recorded_by(entry, t, names)
    meeting_id = event.meeting_id if isinstance(event, Case.Closed) else None
    title = t("timeline_closed_at_meeting") if meeting_id else t.label("event", entry.event_type)
    return TimelineItem(
        entry=entry,
        title=title,
        details=details,
        who=who,
        meeting_id=str(meeting_id) if meeting_id else None,
        amendment=amendment,
        changes=changes,
        actions=actions,
    )
