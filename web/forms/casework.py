"""The case page's forms for responsibility, transfers, the household, issues and placements.

Registered into ``web.forms.case.FORMS`` (at the end of this module) like every other case form: one
template each (``partials/forms/<slug>.html``), fresh ids for new things.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from domain.actor import Actor
from domain.casework_commands import (
    AcceptTransfer,
    DeclineTransfer,
    MarkUrgentCheck,
    ReassignCoordinator,
    RecordUrgentCheck,
    RequestTransfer,
    WithdrawTransfer,
)
from domain.commands import (
    AddHouseholdMember,
    CaseCommand,
    EndPlacement,
    RemoveHouseholdMember,
    TagIssues,
    UpdateHouseholdMember,
)
from domain.household import Member
from web.forms.case import FORMS, CaseForm, _command
from web.forms.reader import FormReader, initial


def assignment(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        ReassignCoordinator,
        f,
        case_id,
        actor,
        coordinator=f.text("coordinator", required=True),
        reason=f.text("reason", required=True),
        occurred_on=f.day("occurred_on"),
    )


def transfer(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        RequestTransfer,
        f,
        case_id,
        actor,
        transfer_id=f.uuid("transfer_id"),
        to_agency=f.text("to_agency", required=True),
        reason=f.text("reason", required=True),
        occurred_on=f.day("occurred_on"),
    )


def transfer_answer(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    """Accepting names the new coordinator; declining needs a reason (the same text box)."""
    accepted = f.yes_no("accepted")
    if accepted is False:
        return _command(
            DeclineTransfer,
            f,
            case_id,
            actor,
            transfer_id=f.uuid("transfer_id"),
            reason=f.text("reason", required=True),
            occurred_on=f.day("occurred_on"),
        )
    return _command(
        AcceptTransfer,
        f,
        case_id,
        actor,
        transfer_id=f.uuid("transfer_id"),
        coordinator=f.text("coordinator", required=True),
        note=f.text("reason"),
        occurred_on=f.day("occurred_on"),
    )


def transfer_withdrawal(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        WithdrawTransfer,
        f,
        case_id,
        actor,
        transfer_id=f.uuid("transfer_id"),
        reason=f.text("reason", required=True),
        occurred_on=f.day("occurred_on"),
    )


def _member(f: FormReader, member_id: UUID | None) -> Member:
    return Member(
        member_id=member_id or uuid.uuid4(),
        name=f.text("name"),
        kana=f.text("kana"),
        birth_date=f.day("birth_date", required=False),
        relationship=f.text("relationship", required=True),
    )


def member(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        AddHouseholdMember, f, case_id, actor, member=_member(f, f.uuid("member_id")), occurred_on=f.day("occurred_on")
    )


def member_update(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        UpdateHouseholdMember,
        f,
        case_id,
        actor,
        member=_member(f, f.uuid("member_id")),
        occurred_on=f.day("occurred_on"),
    )


def member_departure(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        RemoveHouseholdMember,
        f,
        case_id,
        actor,
        member_id=f.uuid("member_id"),
        reason=f.text("reason", required=True),
        occurred_on=f.day("occurred_on"),
    )


def issue_tags(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(TagIssues, f, case_id, actor, issue_tags=f.many("issue_tags"), occurred_on=f.day("occurred_on"))


def placement_end(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        EndPlacement,
        f,
        case_id,
        actor,
        entry_id=f.uuid("entry_id"),
        ended_on=f.day("ended_on"),
        outcome=f.text("outcome", required=True),
        note=f.text("note"),
    )


def urgent_check(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        MarkUrgentCheck,
        f,
        case_id,
        actor,
        check_id=f.uuid("check_id"),
        reason=f.text("reason", required=True),
        occurred_on=f.day("occurred_on"),
    )


def urgent_check_done(f: FormReader, case_id: UUID, actor: Actor) -> CaseCommand:
    return _command(
        RecordUrgentCheck,
        f,
        case_id,
        actor,
        check_id=f.uuid("check_id"),
        note=f.text("note", required=True),
        occurred_on=f.day("occurred_on"),
    )


CASEWORK_FORMS: tuple[CaseForm, ...] = (
    CaseForm(
        "urgent-checks",
        "form_urgent_check",
        urgent_check,
        lambda a, today: initial(check_id=uuid.uuid4(), occurred_on=today),
    ),
    CaseForm(
        "urgent-check-done", "form_urgent_check_done", urgent_check_done, lambda a, today: initial(occurred_on=today)
    ),
    CaseForm("assignment", "form_assignment", assignment, lambda a, today: initial(occurred_on=today)),
    CaseForm(
        "transfers", "form_transfer", transfer, lambda a, today: initial(transfer_id=uuid.uuid4(), occurred_on=today)
    ),
    CaseForm(
        "transfer-answers",
        "form_transfer_answer",
        transfer_answer,
        lambda a, today: initial(occurred_on=today, coordinator=a.user_id),
    ),
    CaseForm(
        "transfer-withdrawal",
        "form_transfer_withdrawal",
        transfer_withdrawal,
        lambda a, today: initial(occurred_on=today),
    ),
    CaseForm("members", "form_member", member, lambda a, today: initial(member_id=uuid.uuid4(), occurred_on=today)),
    CaseForm("member-updates", "form_member_update", member_update, lambda a, today: initial(occurred_on=today)),
    CaseForm(
        "member-departures", "form_member_departure", member_departure, lambda a, today: initial(occurred_on=today)
    ),
    CaseForm("issue-tags", "form_issue_tags", issue_tags, lambda a, today: initial(occurred_on=today)),
    CaseForm("placement-ends", "form_placement_end", placement_end, lambda a, today: initial(ended_on=today)),
)

FORMS.update({form.slug: form for form in CASEWORK_FORMS})
