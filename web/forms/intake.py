"""The intake form (新規受付): household, members, issues, and optionally consent.

Member rows are numbered fields (``members-0-name`` …); a row left blank is
ignored. Consent asked at intake becomes a second command dated on the
opening day; it is checked here first, so that it cannot fail after the
case has been opened.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from domain.actor import Actor
from domain.commands import OpenCase, RecordConsent
from domain.consent import ConsentDecision, ConsentScope
from domain.household import Member
from web.forms.reader import FormReader, Values, initial

MEMBER_ROWS = 3
MEMBER_FIELDS = ("name", "kana", "birth_date", "relationship")


def defaults(actor: Actor, today: date) -> Values:
    return initial(
        case_id=uuid.uuid4(),
        consent_id=uuid.uuid4(),
        opened_on=today,
        intake_agency=actor.agency_id,
        lead_agency=actor.agency_id,
        coordinator=actor.user_id,
        channel="window",
        requester_type="self",
        consent_decision="",
        **{"members-0-relationship": "principal"},
    )


def member_rows(values: Values) -> list[int]:
    """The row numbers to show: every submitted row, and at least ``MEMBER_ROWS``."""
    submitted = {
        int(key.split("-")[1])
        for key in values
        if key.startswith("members-") and key.count("-") == 2 and key.split("-")[1].isdigit()
    }
    return sorted(submitted | set(range(MEMBER_ROWS)))


def _members(f: FormReader, anonymous: bool) -> tuple[Member, ...]:
    members = []
    for row in member_rows(f.values):
        prefix = f"members-{row}-"
        name, kana = f.text(prefix + "name"), f.text(prefix + "kana")
        born = f.day(prefix + "birth_date", required=False)
        relationship = f.text(prefix + "relationship")
        if not (name or kana or born or f.text(prefix + "birth_date")):
            continue
        if not name and not anonymous:
            f.errors.setdefault(prefix + "name", "required")
        if not relationship:
            f.errors.setdefault(prefix + "relationship", "required")
        members.append(
            Member(
                member_id=uuid.uuid4(),
                name=name,
                kana=kana,
                birth_date=born,
                relationship=relationship,
                anonymous=anonymous and not name,
            )
        )
    if not members and not any(k.startswith("members-") for k in f.errors):
        f.errors.setdefault("members-0-name", "required")
    return tuple(members)


def _consent(f: FormReader, case_id: uuid.UUID | None, opened_on: date | None, actor: Actor) -> RecordConsent | None:
    decision = f.text("consent_decision")
    if not decision:
        return None
    scopes = f.many("consent_scopes")
    if decision not in {d.value for d in ConsentDecision} or not set(scopes) <= {s.value for s in ConsentScope}:
        f.errors.setdefault("consent_decision", "required")
    if not scopes:
        f.errors.setdefault("consent_scopes", "required")
    consent_id = f.uuid("consent_id")
    if f.errors:
        return None
    assert case_id is not None and opened_on is not None and consent_id is not None
    return RecordConsent(
        actor=actor,
        case_id=case_id,
        consent_id=consent_id,
        decision=decision,
        scopes=scopes,
        decided_on=opened_on,
        given_by=f.text("consent_given_by"),
    )


def open_case(values: Values, actor: Actor) -> tuple[OpenCase, RecordConsent | None]:
    """The commands the intake form asks for; raises ``FormInvalid`` naming every unreadable field."""
    f = FormReader(values)
    channel = f.text("channel", required=True)
    fields: dict[str, Any] = dict(  # as read; check() refuses unreadable fields, the use case validates each
        case_id=f.uuid("case_id"),
        opened_on=f.day("opened_on"),
        household_name=f.text("household_name", required=True),
        members=_members(f, anonymous=channel == "anonymous"),
        issue_tags=f.many("issue_tags"),
        area=f.text("area", required=True),
        intake_agency=f.text("intake_agency", required=True),
        lead_agency=f.text("lead_agency", required=True),
        coordinator=f.text("coordinator", required=True),
        channel=channel,
        requester_type=f.text("requester_type", required=True),
        summary=f.text("summary"),
    )
    consent = _consent(f, fields["case_id"], fields["opened_on"], actor)
    f.check()
    return OpenCase(actor=actor, **fields), consent
