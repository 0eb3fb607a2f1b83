"""Voids and corrections beside the entries they amend, on a case's timeline.

The timeline read model keeps every version of an entry and marks the ones a
void or correction struck out; this module pairs each struck-out row with the
amendment that struck it (who, when, why) and each correction with the values
it changed (before → after), so the page shows both without another query.
It also says which rows still carry an entry that may be voided or corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple
from uuid import UUID

from domain.activity import Entry
from domain.case import Case
from projections.cases.queries import TimelineEntry
from projections.timeline import ENTRY_VERSIONS, PLAN_VERSIONS, REFERRAL_RECORDS
from projections.typed_events import name_of
from web.i18n.language import Translator
from web.views.names import Names
from web.views.timeline_view import Details, describe_entry, recorded_by

STRUCK_BY = {
    **dict.fromkeys(ENTRY_VERSIONS, name_of(Case.EntryVoided)),
    **dict.fromkeys(name_of(Case.ReferralSent), name_of(Case.ReferralVoided)),
    **dict.fromkeys(REFERRAL_RECORDS[1:], name_of(Case.ReferralVoided, Case.ReferralAnswerVoided)),
    **dict.fromkeys(name_of(Case.ConsentRecorded), name_of(Case.ConsentVoided)),
    **dict.fromkeys(PLAN_VERSIONS, name_of(Case.PlanVoided)),
}
"""What may strike out a row of each kind, when it is marked voided."""
Action = tuple[str, str, str]
ACTIONS: dict[str, tuple[Action, ...]] = {
    **dict.fromkeys(
        ENTRY_VERSIONS,
        (("void_action", "void_entry_form", "entry_id"), ("correct_action", "correct_entry_form", "entry_id")),
    ),
    **dict.fromkeys(name_of(Case.ReferralSent), (("void_action", "void_referral_form", "referral_id"),)),
    **dict.fromkeys(REFERRAL_RECORDS[1:], (("void_action", "void_referral_answer_form", "referral_id"),)),
    **dict.fromkeys(name_of(Case.ConsentRecorded), (("void_action", "void_consent_form", "consent_id"),)),
    **dict.fromkeys(PLAN_VERSIONS, (("void_action", "void_support_plan_form", "version"),)),
}
"""The 取消 / 訂正 each live row offers: (label key, route name, the route's name for the row's subject id)."""
ENTRY_OF: dict[type[Any], Callable[[Any], Entry]] = {
    Case.ConsultationRecorded: lambda e: e.consultation,
    Case.OutreachVisitRecorded: lambda e: e.visit,
    Case.PlacementStarted: lambda e: e.placement,
    Case.EntryCorrected: lambda e: e.entry,
}
"""Where each entry-recording event carries the entry."""


@dataclass(frozen=True)
class Amendment:
    """What struck a timeline row out: a void or a correction, by whom, when, why."""

    voided: bool
    who: str
    on: date
    reason: str


def entry_of(row: TimelineEntry) -> Entry | None:
    """The entry a row records (None for rows that record no whole entry)."""
    read = ENTRY_OF.get(type(row.event))
    return None if read is None else read(row.event)


def amendments(rows: list[TimelineEntry], t: Translator, names: Names) -> dict[int, Amendment]:
    """For each struck-out row (by version), the void or the next correction that struck it."""
    found: dict[int, Amendment] = {}
    for row in rows:
        if row.event_type not in STRUCK_BY or not (row.voided or row.corrected):
            continue
        struck_by = STRUCK_BY[row.event_type] if row.voided else name_of(Case.EntryCorrected)
        later = [
            r
            for r in rows
            if r.version > row.version
            and r.subject_id == row.subject_id
            and r.event_type in struck_by
            and _same_plan(row, r)
        ]
        if later:
            by = later[0]
            found[row.version] = Amendment(row.voided, str(recorded_by(by, t, names)), by.occurred_on, by.event.reason)
    return found


def plan_version_of(row: TimelineEntry) -> int | None:
    """The plan version a plan row records or voids (plan versions have no id: the number names them)."""
    event = row.event
    if isinstance(event, Case.PlanMade | Case.PlanRevised):
        return int(event.plan.version)
    return int(event.plan_version) if isinstance(event, Case.PlanVoided) else None


def _same_plan(row: TimelineEntry, later: TimelineEntry) -> bool:
    return row.event_type not in PLAN_VERSIONS or plan_version_of(row) == plan_version_of(later)


def changes(rows: list[TimelineEntry], t: Translator, names: Names) -> dict[int, Details]:
    """For each correction row (by version), the fields it changed as "label: before → after"."""
    found: dict[int, Details] = {}
    latest: dict[UUID, Entry] = {}
    for row in rows:
        entry = entry_of(row)
        if entry is None or row.subject_id is None:
            continue
        before = latest.get(row.subject_id)
        latest[row.subject_id] = entry
        if isinstance(row.event, Case.EntryCorrected) and before is not None:
            found[row.version] = _changed(before, entry, t, names)
    return found


def _changed(before: Entry, after: Entry, t: Translator, names: Names) -> Details:
    old, new = dict(describe_entry(before, t, names)), dict(describe_entry(after, t, names))
    rows = (
        [
            (
                t.field("occurred_on"),
                str(t("correction_change", before=before.occurred_on, after=after.occurred_on)),
            )
        ]
        if before.occurred_on != after.occurred_on
        else []
    )
    return rows + [
        (label, str(t("correction_change", before=old.get(label) or "—", after=value or "—")))
        for label, value in new.items()
        if old.get(label) != value
    ]


class AmendAction(NamedTuple):
    """A 取消 / 訂正 link of a live row: its label key, its route, and the route's path parameter for the row (a
    named tuple, as ``TimelineItem``: a case page makes one or two for most of its rows)."""

    label: str
    route: str
    params: dict[str, Any]


def amendable(rows: list[TimelineEntry]) -> dict[int, list[AmendAction]]:
    """The actions of each live row (by version): an entry's current version, a standing referral or answer,
    the plan version in force (only the current one may be voided), each naming the row's subject id, or for a plan
    its version (plan versions have no id: the number names them)."""
    standing_plans = [r for r in rows if r.event_type in PLAN_VERSIONS and not r.voided]
    current_plan = max(standing_plans, key=lambda r: r.version) if standing_plans else None
    return {
        r.version: [
            AmendAction(label, route, {param: plan_version_of(r) if r.event_type in PLAN_VERSIONS else r.subject_id})
            for label, route, param in ACTIONS[r.event_type]
        ]
        for r in rows
        if r.event_type in ACTIONS and not (r.voided or r.corrected) and (r.subject_id is not None or r is current_plan)
    }


@dataclass(frozen=True)
class AmendedTimeline:
    """What amended each row of a timeline, or may amend it, by the row's version."""

    amendments: dict[int, Amendment]
    changes: dict[int, Details]
    actions: dict[int, list[AmendAction]]


def amended_timeline(rows: list[TimelineEntry], t: Translator, names: Names) -> AmendedTimeline:
    """Voids and corrections of the timeline's rows, and the actions of its live rows (``partials/timeline.html``
    shows them with each row: ``describe``)."""
    return AmendedTimeline(amendments(rows, t, names), changes(rows, t, names), amendable(rows))
