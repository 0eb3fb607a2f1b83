"""A timeline row's JSON read back as the typed event it was written from."""

from __future__ import annotations

import uuid
from datetime import date

from domain.activity import OutreachVisit
from domain.case import Case
from domain.referral import Referral
from projections.timeline import payload_of
from projections.typed_events import case_event_class, revived


def test_a_rows_payload_revives_as_its_event_with_declared_types() -> None:
    referral_id = uuid.uuid4()
    payload = {
        "referral": {
            "referral_id": str(referral_id),
            "from_agency": "shakyo",
            "to_agency": "jiritsu",
            "reason": "就労支援",
            "sent_on": "2026-06-01",
            "via_sheet": True,
        }
    }
    event = revived("ReferralSent", payload, date(2026, 6, 1))
    assert isinstance(event, Case.ReferralSent) and isinstance(event.referral, Referral)
    assert (event.referral.referral_id, event.referral.sent_on, event.occurred_on) == (
        referral_id,
        date(2026, 6, 1),
        date(2026, 6, 1),
    )


def test_a_corrected_entry_revives_as_its_own_kind_and_round_trips() -> None:
    visit = {
        "entry_id": str(uuid.uuid4()),
        "occurred_on": "2026-07-01",
        "agency": "shakyo",
        "visit_kind": "home",
        "handler_role": "csw",
        "accompanying_agencies": ["jiritsu"],
        "contact_made": False,
        "note": "不在",
    }
    event = revived("EntryCorrected", {"entry": visit, "reason": "日付誤り"})
    assert isinstance(event.entry, OutreachVisit)
    assert event.entry.accompanying_agencies == ("jiritsu",)
    assert payload_of(event) == {"entry": visit, "reason": "日付誤り"}


def test_an_unknown_class_is_none_and_a_field_missing_from_an_old_row_reads_as_none() -> None:
    assert case_event_class("ReferralDispatched") is None
    assert revived("ReferralDispatched", {}) is None
    closed = revived("Closed", {"from_status": "support", "reason": "resolved", "note": ""})
    assert closed.meeting_id is None
