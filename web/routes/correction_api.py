"""The JSON API of voids and corrections of case entries and meeting records.

Who may: whoever may record the thing (a coordinator or supervisor whose
agency may see the case, or took part in the meeting; the guard answers 404
otherwise). Refusals come from ``web.http.errors``: 422 with the field (no reason,
an entry already voided, an entry not of this case, a correction that changes
nothing), 404 for a case or meeting out of the caller's scope.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from web.api_models.cases import RecordedOut
from web.api_models.correction import ConsentVoidIn, EntryCorrectionIn, EntryVoidIn, MeetingVoidIn, ReferralVoidIn
from web.http.deps import CurrentActor, Execute, KasaneDep, ReadDep
from web.routes.api import REFUSALS
from web.views.meeting_view import meeting

router = APIRouter(prefix="/api", tags=["corrections"], responses=REFUSALS)


@router.post("/cases/{case_id}/entries/{entry_id}/void")
def void_entry(
    case_id: UUID, entry_id: UUID, body: EntryVoidIn, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Void a consultation, outreach visit or placement recorded by mistake; it stays in the history."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, entry_id, kasane.today()))))


@router.post("/cases/{case_id}/entries/{entry_id}/correct")
def correct_entry(
    case_id: UUID, entry_id: UUID, body: EntryCorrectionIn, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Replace an entry by a corrected version (only the fields in ``changes``); both stay in the history."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, entry_id, kasane.today()))))


@router.post("/cases/{case_id}/referrals/{referral_id}/void")
def void_referral(
    case_id: UUID, referral_id: UUID, body: ReferralVoidIn, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Void a referral sent by mistake, with its answer if any (an agency that accepted it stays involved)."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, referral_id, kasane.today()))))


@router.post("/cases/{case_id}/referrals/{referral_id}/answer/void")
def void_referral_answer(
    case_id: UUID, referral_id: UUID, body: ReferralVoidIn, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Void a referral's answer recorded by mistake: the referral awaits its answer again."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, referral_id, kasane.today(), answer_only=True))))


@router.post("/cases/{case_id}/consents/{consent_id}/void")
def void_consent(
    case_id: UUID, consent_id: UUID, body: ConsentVoidIn, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Void a consent decision recorded by mistake; refused while a meeting that relied on it stands."""
    return RecordedOut(**vars(execute(body.command(actor, case_id, consent_id, kasane.today()))))


@router.post("/meetings/{meeting_id}/void")
def void_meeting(
    meeting_id: UUID, body: MeetingVoidIn, connection: ReadDep, actor: CurrentActor, kasane: KasaneDep, execute: Execute
) -> RecordedOut:
    """Void a held meeting's record; its cases' discussions are withdrawn and it no longer counts as held."""
    meeting(connection, meeting_id)
    return RecordedOut(**vars(execute(body.command(actor, meeting_id, kasane.today()))))
