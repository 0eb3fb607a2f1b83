"""The legal basis of a disclosure: 支援会議 confidentiality, else the consent in force that day with its scopes."""

from __future__ import annotations

import uuid
from datetime import date

from domain.consent import ConsentRecord
from domain.disclosure import BasisKind, LegalBasis, basis_on


def consent(decision: str, scopes: tuple[str, ...], on: date, expires_on: date | None = None) -> ConsentRecord:
    return ConsentRecord(uuid.uuid4(), decision, scopes, on, expires_on, "本人", "")


SHARING = consent("given", ("information_sharing", "meeting_discussion"), date(2026, 5, 1), date(2026, 9, 30))
WITHDRAWN = consent("withdrawn", ("meeting_discussion",), date(2026, 7, 1))


def test_within_a_support_meeting_the_basis_is_article_106_6_even_without_consent() -> None:
    assert basis_on(date(2026, 4, 1), [], within_support_meeting=True) == LegalBasis(BasisKind.MEETING_CONFIDENTIALITY)


def test_elsewhere_the_basis_is_the_consent_in_force_that_day_with_its_scopes() -> None:
    assert basis_on(date(2026, 4, 30), [SHARING], within_support_meeting=False).kind == BasisKind.NONE
    assert basis_on(date(2026, 6, 1), [SHARING, WITHDRAWN], within_support_meeting=False) == LegalBasis(
        BasisKind.CONSENT, ("meeting_discussion", "information_sharing"), date(2026, 5, 1)
    )
    assert basis_on(date(2026, 7, 1), [SHARING, WITHDRAWN], within_support_meeting=False).scopes == (
        "information_sharing",
    )
    assert basis_on(date(2026, 10, 1), [SHARING], within_support_meeting=False).kind == BasisKind.NONE
