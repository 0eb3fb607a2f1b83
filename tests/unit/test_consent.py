"""Whether consent is in force on a date is decided from the whole history of decisions."""

from __future__ import annotations

import uuid
from datetime import date

from domain.consent import ConsentDecision, ConsentRecord, ConsentScope, consent_in_force

MEETING = ConsentScope.MEETING_DISCUSSION
SHARING = ConsentScope.INFORMATION_SHARING
PLAN = ConsentScope.SUPPORT_PLAN


def decision(kind: ConsentDecision, on: date, *scopes: ConsentScope, expires_on: date | None = None) -> ConsentRecord:
    return ConsentRecord(
        consent_id=uuid.uuid4(),
        decision=kind.value,
        scopes=tuple(s.value for s in scopes or (MEETING,)),
        decided_on=on,
        expires_on=expires_on,
        given_by="本人",
        note="",
    )


def given(on: date, *scopes: ConsentScope, expires_on: date | None = None) -> ConsentRecord:
    return decision(ConsentDecision.GIVEN, on, *scopes, expires_on=expires_on)


def refused(on: date, *scopes: ConsentScope) -> ConsentRecord:
    return decision(ConsentDecision.REFUSED, on, *scopes)


def withdrawn(on: date, *scopes: ConsentScope) -> ConsentRecord:
    return decision(ConsentDecision.WITHDRAWN, on, *scopes)


def test_no_history_means_no_consent() -> None:
    assert consent_in_force([], MEETING, date(2026, 6, 1)) is None


def test_given_consent_is_in_force_from_the_day_it_was_given() -> None:
    record = given(date(2026, 6, 1))
    assert consent_in_force([record], MEETING, date(2026, 5, 31)) is None
    assert consent_in_force([record], MEETING, date(2026, 6, 1)) == record
    assert consent_in_force([record], MEETING, date(2027, 6, 1)) == record


def test_refused_consent_is_not_in_force() -> None:
    assert consent_in_force([refused(date(2026, 6, 1))], MEETING, date(2026, 6, 2)) is None


def test_withdrawal_ends_consent_from_its_date_but_not_before() -> None:
    history = [given(date(2026, 6, 1)), withdrawn(date(2026, 7, 1))]
    assert consent_in_force(history, MEETING, date(2026, 6, 30)) == history[0]
    assert consent_in_force(history, MEETING, date(2026, 7, 1)) is None
    assert consent_in_force(history, MEETING, date(2026, 8, 1)) is None


def test_consent_given_again_after_refusal_is_in_force() -> None:
    history = [refused(date(2026, 6, 1)), given(date(2026, 7, 1))]
    assert consent_in_force(history, MEETING, date(2026, 6, 15)) is None
    assert consent_in_force(history, MEETING, date(2026, 7, 1)) == history[1]


def test_history_recorded_out_of_order_is_read_by_decision_date() -> None:
    """A withdrawal entered late, but dated before a later consent, does not cancel that consent."""
    later_consent = given(date(2026, 9, 1))
    late_entered_withdrawal = withdrawn(date(2026, 8, 1))
    history = [given(date(2026, 6, 1)), later_consent, late_entered_withdrawal]
    assert consent_in_force(history, MEETING, date(2026, 8, 15)) is None
    assert consent_in_force(history, MEETING, date(2026, 9, 1)) == later_consent


def test_on_the_same_day_the_decision_recorded_last_wins() -> None:
    day = date(2026, 6, 1)
    withdrawn_then_given = [withdrawn(day), given(day)]
    given_then_withdrawn = [given(day), withdrawn(day)]
    assert consent_in_force(withdrawn_then_given, MEETING, day) == withdrawn_then_given[1]
    assert consent_in_force(given_then_withdrawn, MEETING, day) is None


def test_same_day_ordering_holds_even_after_an_earlier_decision() -> None:
    history = [given(date(2026, 5, 1)), refused(date(2026, 6, 1)), given(date(2026, 6, 1))]
    assert consent_in_force(history, MEETING, date(2026, 6, 1)) == history[2]


def test_expiry_date_is_the_last_day_in_force() -> None:
    record = given(date(2026, 6, 1), expires_on=date(2026, 9, 30))
    assert consent_in_force([record], MEETING, date(2026, 9, 30)) == record
    assert consent_in_force([record], MEETING, date(2026, 10, 1)) is None


def test_consent_expiring_the_day_it_is_given_covers_that_day_only() -> None:
    record = given(date(2026, 6, 1), expires_on=date(2026, 6, 1))
    assert consent_in_force([record], MEETING, date(2026, 6, 1)) == record
    assert consent_in_force([record], MEETING, date(2026, 6, 2)) is None


def test_renewed_consent_replaces_an_expired_one() -> None:
    history = [given(date(2026, 4, 1), expires_on=date(2026, 6, 30)), given(date(2026, 7, 10))]
    assert consent_in_force(history, MEETING, date(2026, 7, 5)) is None
    assert consent_in_force(history, MEETING, date(2026, 7, 10)) == history[1]


def test_a_later_consent_with_expiry_does_not_revive_after_it_lapses() -> None:
    """Once the latest decision has lapsed, an earlier open-ended consent does not come back."""
    history = [given(date(2026, 4, 1)), given(date(2026, 6, 1), expires_on=date(2026, 6, 30))]
    assert consent_in_force(history, MEETING, date(2026, 7, 1)) is None


def test_scopes_are_separate() -> None:
    history = [given(date(2026, 6, 1), SHARING)]
    assert consent_in_force(history, SHARING, date(2026, 6, 2)) == history[0]
    assert consent_in_force(history, MEETING, date(2026, 6, 2)) is None
    assert consent_in_force(history, PLAN, date(2026, 6, 2)) is None


def test_withdrawing_one_scope_leaves_the_others_in_force() -> None:
    history = [given(date(2026, 6, 1), MEETING, SHARING), withdrawn(date(2026, 7, 1), SHARING)]
    assert consent_in_force(history, SHARING, date(2026, 7, 2)) is None
    assert consent_in_force(history, MEETING, date(2026, 7, 2)) == history[0]


def test_a_decision_about_another_scope_does_not_end_consent() -> None:
    history = [given(date(2026, 6, 1), MEETING), refused(date(2026, 6, 1), PLAN)]
    assert consent_in_force(history, MEETING, date(2026, 6, 1)) == history[0]
    assert consent_in_force(history, PLAN, date(2026, 6, 1)) is None
