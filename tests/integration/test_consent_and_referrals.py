"""Consent decisions and referrals between agencies are recorded on the case, with their rules."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.application import Kasane
from domain.commands import AnswerReferral, CloseCase, RecordConsent, SendReferral
from domain.consent import ConsentScope
from domain.errors import AlreadyExists, DateInFuture, InvalidInput, KasaneError, NotFound, TransitionNotAllowed
from domain.referral import ReferralState
from tests.builders import COORDINATOR, CSW, given_consent, given_open_case
from tests.expectations import refused

MEETING = ConsentScope.MEETING_DISCUSSION


@pytest.fixture
def case_id(city: Kasane) -> uuid.UUID:
    return given_open_case(city, opened_on=date(2026, 5, 11))


# ---- consent --------------------------------------------------------------------


def consent(app: Kasane, case_id: uuid.UUID, **overrides: object) -> uuid.UUID:
    fields: dict[str, object] = dict(
        actor=COORDINATOR,
        case_id=case_id,
        consent_id=uuid.uuid4(),
        decision="given",
        scopes=("meeting_discussion",),
        decided_on=date(2026, 6, 1),
        given_by="本人",
    )
    fields.update(overrides)
    command = RecordConsent(**fields)  # type: ignore[arg-type]
    app.execute(command)
    return command.consent_id


def test_given_consent_is_in_force_at_later_meetings(city: Kasane, case_id: uuid.UUID) -> None:
    consent_id = consent(city, case_id, note="面談時に書面で同意")
    case = city.case(case_id)
    in_force = case.consent_in_force(MEETING, date(2026, 7, 1))
    assert in_force is not None
    assert (in_force.consent_id, in_force.given_by, in_force.note) == (consent_id, "本人", "面談時に書面で同意")
    assert case.consent_in_force(MEETING, date(2026, 5, 31)) is None


def test_withdrawal_is_kept_as_history_and_ends_consent(city: Kasane, case_id: uuid.UUID) -> None:
    given_consent(city, case_id, on=date(2026, 6, 1))
    given_consent(city, case_id, on=date(2026, 8, 1), decision="withdrawn", scopes=("meeting_discussion",))
    case = city.case(case_id)
    assert [c.decision for c in case.consents] == ["given", "withdrawn"]
    assert case.consent_in_force(MEETING, date(2026, 7, 31)) is not None
    assert case.consent_in_force(MEETING, date(2026, 8, 1)) is None
    assert case.consent_in_force(ConsentScope.INFORMATION_SHARING, date(2026, 8, 1)) is not None


def test_consent_with_an_expiry_lapses_after_it(city: Kasane, case_id: uuid.UUID) -> None:
    consent(city, case_id, expires_on=date(2026, 9, 30))
    case = city.case(case_id)
    assert case.consent_in_force(MEETING, date(2026, 9, 30)) is not None
    assert case.consent_in_force(MEETING, date(2026, 10, 1)) is None


def test_consent_may_expire_on_the_day_it_is_given(city: Kasane, case_id: uuid.UUID) -> None:
    consent(city, case_id, decided_on=date(2026, 6, 1), expires_on=date(2026, 6, 1))
    assert city.case(case_id).consent_in_force(MEETING, date(2026, 6, 1)) is not None


@pytest.mark.parametrize("decision", ["refused", "withdrawn"])
def test_only_given_consent_can_have_an_expiry(city: Kasane, case_id: uuid.UUID, decision: str) -> None:
    with refused(city, InvalidInput, field="expires_on", match="only given consent"):
        consent(city, case_id, decision=decision, expires_on=date(2026, 12, 31))


def test_consent_cannot_expire_before_it_is_decided(city: Kasane, case_id: uuid.UUID) -> None:
    with refused(city, InvalidInput, field="expires_on", match="before it is given"):
        consent(city, case_id, decided_on=date(2026, 6, 1), expires_on=date(2026, 5, 31))


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"decided_on": date(2026, 11, 21)}, DateInFuture, "decided_on"),
        ({"decided_on": date(2026, 5, 10)}, InvalidInput, "decided_on"),
        ({"scopes": ()}, InvalidInput, "scopes"),
        ({"scopes": ("everything",)}, InvalidInput, "scopes"),
        ({"scopes": "meeting_discussion"}, InvalidInput, "scopes"),
        ({"decision": "maybe"}, InvalidInput, "decision"),
        ({"expires_on": "2027-03-31"}, InvalidInput, "expires_on"),
        ({"given_by": "あ" * 201}, InvalidInput, "given_by"),
    ],
)
def test_invalid_consent_is_refused(
    city: Kasane, case_id: uuid.UUID, overrides: dict[str, object], error: type[KasaneError], field: str
) -> None:
    with refused(city, error, field=field):
        consent(city, case_id, **overrides)


def test_the_same_consent_record_cannot_be_recorded_twice(city: Kasane, case_id: uuid.UUID) -> None:
    consent_id = consent(city, case_id)
    with refused(city, AlreadyExists, field="consent_id"):
        consent(city, case_id, consent_id=consent_id, decision="withdrawn")


def test_consent_can_be_withdrawn_after_the_case_closed(city: Kasane, case_id: uuid.UUID) -> None:
    consent(city, case_id)
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 7, 1)))
    consent(city, case_id, decision="withdrawn", decided_on=date(2026, 7, 2))
    assert city.case(case_id).consent_in_force(MEETING, date(2026, 7, 2)) is None


# ---- referrals ------------------------------------------------------------------


def send(app: Kasane, case_id: uuid.UUID, **overrides: object) -> uuid.UUID:
    fields: dict[str, object] = dict(
        actor=COORDINATOR,
        case_id=case_id,
        referral_id=uuid.uuid4(),
        from_agency="fukushi-soudan",
        to_agency="jiritsu",
        reason="就労支援のため自立相談支援機関へつなぐ",
        sent_on=date(2026, 6, 1),
        via_sheet=True,
    )
    fields.update(overrides)
    command = SendReferral(**fields)  # type: ignore[arg-type]
    app.execute(command)
    return command.referral_id


def answer(
    app: Kasane, case_id: uuid.UUID, referral_id: object, *, accepted: bool, note: str = "", on: date = date(2026, 6, 3)
) -> None:
    app.execute(
        AnswerReferral(
            actor=CSW,
            case_id=case_id,
            referral_id=referral_id,  # type: ignore[arg-type]
            accepted=accepted,
            note=note,
            answered_on=on,
        )
    )


def test_a_referral_is_sent_and_awaits_an_answer(city: Kasane, case_id: uuid.UUID) -> None:
    referral_id = send(city, case_id)
    referral = city.case(case_id).referrals[referral_id]
    assert referral.state == ReferralState.SENT
    assert (referral.from_agency, referral.to_agency, referral.via_sheet) == ("fukushi-soudan", "jiritsu", True)
    assert referral.sent_on == date(2026, 6, 1)
    assert "jiritsu" not in city.case(case_id).involved_agencies


def test_accepting_a_referral_involves_the_receiving_agency(city: Kasane, case_id: uuid.UUID) -> None:
    referral_id = send(city, case_id)
    answer(city, case_id, referral_id, accepted=True)
    case = city.case(case_id)
    assert case.referrals[referral_id].state == ReferralState.ACCEPTED
    assert case.referrals[referral_id].answered_on == date(2026, 6, 3)
    assert case.involved_agencies["jiritsu"] == "involved"


def test_accepting_a_referral_to_the_lead_keeps_it_lead(city: Kasane, case_id: uuid.UUID) -> None:
    referral_id = send(city, case_id, from_agency="shakyo", to_agency="fukushi-soudan")
    answer(city, case_id, referral_id, accepted=True)
    assert city.case(case_id).involved_agencies["fukushi-soudan"] == "lead"


def test_declining_a_referral_needs_a_reason(city: Kasane, case_id: uuid.UUID) -> None:
    referral_id = send(city, case_id)
    with refused(city, InvalidInput, field="note"):
        answer(city, case_id, referral_id, accepted=False, note="  ")
    answer(city, case_id, referral_id, accepted=False, note="対象外のため地域包括へ")
    case = city.case(case_id)
    assert case.referrals[referral_id].state == ReferralState.DECLINED
    assert case.referrals[referral_id].answer_note == "対象外のため地域包括へ"
    assert "jiritsu" not in case.involved_agencies


@pytest.mark.parametrize("accepted", [True, False])
def test_a_referral_cannot_be_answered_twice(city: Kasane, case_id: uuid.UUID, accepted: bool) -> None:
    referral_id = send(city, case_id)
    answer(city, case_id, referral_id, accepted=accepted, note="回答済み")
    with refused(city, TransitionNotAllowed, field="referral_id"):
        answer(city, case_id, referral_id, accepted=not accepted, note="再回答")


def test_a_referral_cannot_be_answered_before_it_was_sent(city: Kasane, case_id: uuid.UUID) -> None:
    referral_id = send(city, case_id, sent_on=date(2026, 6, 1))
    with refused(city, InvalidInput, field="answered_on"):
        answer(city, case_id, referral_id, accepted=True, on=date(2026, 5, 31))
    answer(city, case_id, referral_id, accepted=True, on=date(2026, 6, 1))


def test_a_referral_that_was_never_sent_cannot_be_answered(city: Kasane, case_id: uuid.UUID) -> None:
    with refused(city, NotFound, field="referral_id"):
        answer(city, case_id, uuid.uuid4(), accepted=True)


def test_an_answer_dated_tomorrow_is_refused(city: Kasane, case_id: uuid.UUID) -> None:
    referral_id = send(city, case_id)
    with refused(city, DateInFuture, field="answered_on"):
        answer(city, case_id, referral_id, accepted=True, on=date(2026, 11, 21))


def test_an_agency_cannot_refer_to_itself(city: Kasane, case_id: uuid.UUID) -> None:
    with refused(city, InvalidInput, field="to_agency"):
        send(city, case_id, from_agency="jiritsu", to_agency="jiritsu")


@pytest.mark.parametrize("field", ["from_agency", "to_agency"])
def test_referring_from_or_to_an_unknown_agency_is_refused(city: Kasane, case_id: uuid.UUID, field: str) -> None:
    with refused(city, NotFound, field=field):
        send(city, case_id, **{field: "no-such-agency"})


@pytest.mark.parametrize(
    ("overrides", "error", "field"),
    [
        ({"reason": ""}, InvalidInput, "reason"),
        ({"via_sheet": "yes"}, InvalidInput, "via_sheet"),
        ({"sent_on": date(2026, 11, 21)}, DateInFuture, "sent_on"),
        ({"sent_on": date(2026, 5, 10)}, InvalidInput, "sent_on"),
    ],
)
def test_invalid_referrals_are_refused(
    city: Kasane, case_id: uuid.UUID, overrides: dict[str, object], error: type[KasaneError], field: str
) -> None:
    with refused(city, error, field=field):
        send(city, case_id, **overrides)


def test_the_same_referral_cannot_be_sent_twice(city: Kasane, case_id: uuid.UUID) -> None:
    referral_id = send(city, case_id)
    with refused(city, AlreadyExists, field="referral_id"):
        send(city, case_id, referral_id=referral_id)


def test_a_closed_case_cannot_be_referred(city: Kasane, case_id: uuid.UUID) -> None:
    city.execute(CloseCase(actor=COORDINATOR, case_id=case_id, reason="resolved", occurred_on=date(2026, 7, 1)))
    with refused(city, TransitionNotAllowed, field="status"):
        send(city, case_id, sent_on=date(2026, 7, 2))
