"""Reading the 取消 / 訂正 forms of a timeline entry into ``VoidCaseEntry`` / ``CorrectCaseEntry``.

A correction form shows the entry's current values; only the fields the user
changed become the command's ``changes`` (the domain re-checks the whole
corrected entry and refuses a correction that changes nothing). The entry is
found on the case's timeline read model: the row holding its current version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from domain.activity import Consultation, Entry, OutreachVisit
from domain.actor import Actor
from domain.case import Case
from domain.commands import CorrectCaseEntry, VoidCaseEntry, VoidConsent, VoidReferral, VoidReferralAnswer
from domain.errors import NotFound
from projections.cases import queries
from projections.timeline import ENTRY_VERSIONS
from projections.typed_events import name_of
from web.forms.reader import FormReader, Values, initial
from web.views.timeline_amendments import entry_of

EDITABLE: dict[str, tuple[str, ...]] = {
    "consultation": ("occurred_on", "channel", "summary"),
    "visit": ("occurred_on", "visit_kind", "contact_made", "note"),
    "placement": ("occurred_on", "host_organisation", "note"),
}
"""Per kind of entry, the fields its correction form offers (the rest are corrected through the API)."""


def kind_of(entry: Entry) -> str:
    if isinstance(entry, Consultation):
        return "consultation"
    return "visit" if isinstance(entry, OutreachVisit) else "placement"


def current_entry(connection: Connection, case_id: UUID, entry_id: UUID) -> Entry:
    """The entry as last recorded or corrected; one voided, struck out or of another case is not found."""
    for row in reversed(queries.timeline(connection, case_id)):
        if row.subject_id == entry_id and row.event_type in ENTRY_VERSIONS and not (row.voided or row.corrected):
            entry = entry_of(row)
            if entry is not None:
                return entry
    raise NotFound("no such entry on this case, or it has been voided", field="entry_id")


def void_defaults(today: date) -> Values:
    return initial(voided_on=today)


def correction_defaults(entry: Entry, today: date) -> Values:
    fields: dict[str, Any] = {name: getattr(entry, name) for name in EDITABLE[kind_of(entry)]}
    if "contact_made" in fields:
        fields["contact_made"] = "yes" if fields["contact_made"] else "no"
    return initial(**fields, corrected_on=today)


def void_command(values: Values, case_id: UUID, entry_id: UUID, actor: Actor, today: date) -> VoidCaseEntry:
    """A blank date is today's (the void is usually made the day the mistake is found)."""
    f = FormReader(values)
    reason, on = f.text("reason", required=True), f.day("voided_on", required=False) or today
    f.check()
    return VoidCaseEntry(actor=actor, case_id=case_id, entry_id=entry_id, reason=reason, occurred_on=on)


def correction_command(
    values: Values, entry: Entry, case_id: UUID, entry_id: UUID, actor: Actor, today: date
) -> CorrectCaseEntry:
    """Only the fields whose submitted value differs from the entry's become changes."""
    f = FormReader(values)
    read = {"occurred_on": lambda: f.day("occurred_on"), "contact_made": lambda: f.yes_no("contact_made")}
    submitted = {name: read.get(name, lambda n=name: f.text(n))() for name in EDITABLE[kind_of(entry)]}
    reason, on = f.text("reason", required=True), f.day("corrected_on", required=False) or today
    f.check()
    changes: dict[str, object] = {name: value for name, value in submitted.items() if value != getattr(entry, name)}
    return CorrectCaseEntry(
        actor=actor, case_id=case_id, entry_id=entry_id, changes=changes, reason=reason, occurred_on=on
    )


@dataclass(frozen=True)
class RecordVoid:
    """How a record other than an entry is voided from its timeline row."""

    command: type[VoidReferral | VoidReferralAnswer | VoidConsent]
    param: str
    """The id's name, in the route and the command."""
    rows: tuple[str, ...]
    """Timeline rows that hold the record while it stands."""


RECORD_VOIDS = {
    "void_referral": RecordVoid(VoidReferral, "referral_id", name_of(Case.ReferralSent)),
    "void_referral_answer": RecordVoid(
        VoidReferralAnswer, "referral_id", name_of(Case.ReferralAccepted, Case.ReferralDeclined)
    ),
    "void_consent": RecordVoid(VoidConsent, "consent_id", name_of(Case.ConsentRecorded)),
}
"""By route name."""


def live_record(connection: Connection, case_id: UUID, record_id: UUID, route: str) -> None:
    """Raised (NotFound, on the record's id) unless the case's timeline shows the record standing."""
    void = RECORD_VOIDS[route]
    if not any(
        r.subject_id == record_id and r.event_type in void.rows and not r.voided
        for r in queries.timeline(connection, case_id)
    ):
        raise NotFound("no such record on this case, or it has been voided", field=void.param)


def record_void_command(
    route: str, values: Values, case_id: UUID, record_id: UUID, actor: Actor, today: date
) -> VoidReferral | VoidReferralAnswer | VoidConsent:
    """The void of a referral (with its answer), of an answer alone, or of a consent; a blank date is today's."""
    f = FormReader(values)
    reason, on = f.text("reason", required=True), f.day("voided_on", required=False) or today
    f.check()
    command = RECORD_VOIDS[route].command
    if issubclass(command, VoidConsent):
        return command(actor=actor, case_id=case_id, consent_id=record_id, reason=reason, occurred_on=on)
    return command(actor=actor, case_id=case_id, referral_id=record_id, reason=reason, occurred_on=on)
