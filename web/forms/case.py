"""The forms on a case page: what each one asks, and the command it becomes.

Each form has one template (``partials/forms/<slug>.html``), used both as an
htmx fragment and inside a full page, initial values, and a ``build``
function from submitted fields to a command. Fresh forms carry a new id for
the thing they record, so a form sent twice records it once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.actor import Actor
from domain.commands import (
    AnswerReferral,
    CaseCommand,
    ChangeCaseStatus,
    CloseCase,
    RecordConsent,
    RecordConsultation,
    RecordOutreachVisit,
    ReopenCase,
    ReviewSupportPlan,
    SendReferral,
    StartPlacement,
)
from domain.lifecycle import ALLOWED, CaseStatus
from web.forms.reader import FormReader, Values, initial

Build = Callable[[FormReader, UUID, Actor], CaseCommand]
Defaults = Callable[[Actor, date], Values]


@dataclass(frozen=True)
class CaseForm:
    slug: str
    title: str
    """Key of the form's heading (a screen text of the catalogs, ``web/i18n/locale``)."""
    build: Build
    defaults: Defaults
    for_closed: bool = False
    """Offered on a closed case (only reopening is)."""

    @property
    def template(self) -> str:
        return f"partials/forms/{self.slug.replace('-', '_')}.html"


def _command(kind: type[CaseCommand], f: FormReader, case_id: UUID, actor: Actor, **fields: object) -> CaseCommand:
    version = f.version()
    f.check()
    return kind(actor=actor, case_id=case_id, expected_version=version, **fields)


def consultation(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        RecordConsultation,
        f,
        case_id,
        actor,
        entry_id=f.uuid("entry_id"),
        occurred_on=f.day("occurred_on"),
        agency=f.text("agency", required=True),
        channel=f.text("channel", required=True),
        handler_role=f.text("handler_role", required=True),
        requester_type=f.text("requester_type", required=True),
        is_new=f.flag("is_new"),
        issue_tags=f.many("issue_tags"),
        summary=f.text("summary"),
    )


def outreach(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        RecordOutreachVisit,
        f,
        case_id,
        actor,
        entry_id=f.uuid("entry_id"),
        occurred_on=f.day("occurred_on"),
        agency=f.text("agency", required=True),
        visit_kind=f.text("visit_kind", required=True),
        handler_role=f.text("handler_role", required=True),
        contact_made=f.yes_no("contact_made"),
        accompanying_agencies=f.many("accompanying_agencies"),
        note=f.text("note"),
    )


def referral(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        SendReferral,
        f,
        case_id,
        actor,
        referral_id=f.uuid("referral_id"),
        from_agency=f.text("from_agency", required=True),
        to_agency=f.text("to_agency", required=True),
        reason=f.text("reason", required=True),
        sent_on=f.day("sent_on"),
        via_sheet=f.flag("via_sheet"),
    )


def referral_answer(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        AnswerReferral,
        f,
        case_id,
        actor,
        referral_id=f.uuid("referral_id"),
        accepted=f.yes_no("accepted"),
        answered_on=f.day("answered_on"),
        note=f.text("note"),
    )


def placement(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        StartPlacement,
        f,
        case_id,
        actor,
        entry_id=f.uuid("entry_id"),
        started_on=f.day("started_on"),
        agency=f.text("agency", required=True),
        resource_type=f.text("resource_type", required=True),
        host_organisation=f.text("host_organisation", required=True),
        note=f.text("note"),
    )


def status(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        ChangeCaseStatus,
        f,
        case_id,
        actor,
        status=f.text("status", required=True),
        occurred_on=f.day("occurred_on"),
        reason=f.text("reason"),
    )


def closure(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        CloseCase,
        f,
        case_id,
        actor,
        reason=f.text("reason", required=True),
        occurred_on=f.day("occurred_on"),
        note=f.text("note"),
    )


def reopening(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        ReopenCase,
        f,
        case_id,
        actor,
        reason=f.text("reason", required=True),
        occurred_on=f.day("occurred_on"),
    )


def consent(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        RecordConsent,
        f,
        case_id,
        actor,
        consent_id=f.uuid("consent_id"),
        decision=f.text("decision", required=True),
        scopes=f.many("scopes"),
        decided_on=f.day("decided_on"),
        expires_on=f.day("expires_on", required=False),
        given_by=f.text("given_by"),
        note=f.text("note"),
    )


def plan_review(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        ReviewSupportPlan,
        f,
        case_id,
        actor,
        findings=f.text("findings", required=True),
        reviewed_on=f.day("reviewed_on"),
        next_review_due_on=f.day("next_review_due_on", required=False),
        plan_version=f.whole_number("plan_version"),
    )


def next_statuses(current: str) -> list[str]:
    """The statuses an ordinary change may move to (closing and reopening have their own forms)."""
    allowed = ALLOWED.get(CaseStatus(current), frozenset())
    return [s.value for s in CaseStatus if s in allowed and s != CaseStatus.CLOSED]


FORMS: dict[str, CaseForm] = {
    form.slug: form
    for form in (
        CaseForm(
            "consultations",
            "form_consultation",
            consultation,
            lambda a, today: initial(
                entry_id=uuid.uuid4(),
                occurred_on=today,
                agency=a.agency_id,
                channel="window",
                handler_role="consultation_staff",
                requester_type="self",
            ),
        ),
        CaseForm(
            "outreach-visits",
            "form_outreach",
            outreach,
            lambda a, today: initial(
                entry_id=uuid.uuid4(),
                occurred_on=today,
                agency=a.agency_id,
                visit_kind="home_visit",
                handler_role="consultation_staff",
            ),
        ),
        CaseForm(
            "referrals",
            "form_referral",
            referral,
            lambda a, today: initial(referral_id=uuid.uuid4(), sent_on=today, from_agency=a.agency_id),
        ),
        CaseForm(
            "referral-answers", "form_referral_answer", referral_answer, lambda a, today: initial(answered_on=today)
        ),
        CaseForm(
            "placements",
            "form_placement",
            placement,
            lambda a, today: initial(entry_id=uuid.uuid4(), started_on=today, agency=a.agency_id),
        ),
        CaseForm(
            "consents",
            "form_consent",
            consent,
            lambda a, today: initial(
                consent_id=uuid.uuid4(), decided_on=today, decision="given", scopes=["meeting_discussion"]
            ),
        ),
        CaseForm("status", "form_status", status, lambda a, today: initial(occurred_on=today)),
        CaseForm("closure", "form_close", closure, lambda a, today: initial(occurred_on=today)),
        CaseForm("reopening", "form_reopen", reopening, lambda a, today: initial(occurred_on=today), for_closed=True),
        CaseForm("plan-reviews", "form_plan_review", plan_review, lambda a, today: initial(reviewed_on=today)),
    )
}


def offered(case_status: str) -> list[CaseForm]:
    """The forms that make sense for a case in ``case_status``."""
    closed = case_status == CaseStatus.CLOSED.value
    return [form for form in FORMS.values() if form.for_closed == closed]


import web.forms.casework  # noqa: E402, F401  (registers the responsibility, household, issue and placement forms)
