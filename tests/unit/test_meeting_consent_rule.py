"""The consent rule of a meeting that needs it (重層的支援会議): a case is taken up only with consent to meeting
discussion in force on the meeting day, and a withdrawal cannot be backdated under a meeting that relied on it."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.errors import ConsentRequired, InvalidInput, NotFound
from domain.meeting import MeetingStatus
from tests.builders import TODAY
from tests.unit.meeting_builders import (
    ACTOR,
    MEETING_DAY,
    a_case,
    consent,
    hold,
    meeting_type,
    scheduled,
)


def test_layered_meeting_refuses_case_without_consent() -> None:
    kind, case = meeting_type("layered"), a_case()
    meeting = scheduled(kind)
    with pytest.raises(ConsentRequired) as refused:
        hold(meeting, kind, case)
    assert refused.value.field == "discussions"
    assert refused.value.params["case_id"] == case.id
    assert meeting.status == MeetingStatus.SCHEDULED


def test_layered_meeting_takes_up_case_with_consent_in_force() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1))
    meeting = scheduled(kind)
    hold(meeting, kind, case)
    assert meeting.consent_required


def test_consent_given_on_the_meeting_day_counts() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, MEETING_DAY)
    hold(scheduled(kind), kind, case)


def test_consent_given_after_the_meeting_date_does_not_count() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 11, 11))
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_consent_withdrawn_before_the_meeting_refuses() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1))
    consent(case, date(2026, 10, 1), decision="withdrawn")
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_expired_consent_refuses() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1), expires_on=date(2026, 10, 31))
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_consent_to_information_sharing_alone_does_not_allow_discussion() -> None:
    kind, case = meeting_type("layered"), a_case()
    consent(case, date(2026, 6, 1), scopes=("information_sharing",))
    with pytest.raises(ConsentRequired):
        hold(scheduled(kind), kind, case)


def test_support_meeting_may_discuss_case_without_consent() -> None:
    kind, case = meeting_type("support"), a_case()
    consent(case, date(2026, 6, 1), decision="refused")
    meeting = scheduled(kind)
    hold(meeting, kind, case)
    assert not meeting.consent_required


def test_one_case_without_consent_refuses_the_whole_record() -> None:
    kind, willing, unwilling = meeting_type("layered"), a_case(), a_case()
    consent(willing, date(2026, 6, 1))
    with pytest.raises(ConsentRequired) as refused:
        hold(scheduled(kind), kind, willing, unwilling)
    assert refused.value.params["case_id"] == unwilling.id


def test_a_case_the_caller_did_not_load_is_not_found() -> None:
    kind, case = meeting_type("support"), a_case()
    with pytest.raises(NotFound) as refused:
        hold(scheduled(kind), kind, case, cases={})
    assert refused.value.field == "discussions"


def test_backdated_withdrawal_cannot_undercut_a_meeting_that_relied_on_consent() -> None:
    case = a_case()
    consent(case, date(2026, 6, 1))
    case.note_discussion(
        meeting_id=uuid.uuid4(),
        meeting_type="layered",
        held_on=MEETING_DAY,
        outcome="plan_made",
        actor=ACTOR,
        consent_required=True,
    )
    with pytest.raises(InvalidInput) as refused:
        consent(case, MEETING_DAY, decision="withdrawn")
    assert refused.value.field == "decided_on"
    consent(case, date(2026, 11, 11), decision="withdrawn")


def test_backdated_withdrawal_is_allowed_once_the_meeting_record_is_withdrawn() -> None:
    case, meeting_id = a_case(), uuid.uuid4()
    consent(case, date(2026, 6, 1))
    case.note_discussion(
        meeting_id=meeting_id,
        meeting_type="layered",
        held_on=MEETING_DAY,
        outcome="plan_made",
        actor=ACTOR,
        consent_required=True,
    )
    case.withdraw_discussion(meeting_id=meeting_id, reason="誤登録", on=TODAY, actor=ACTOR)
    consent(case, date(2026, 10, 1), decision="withdrawn")


def test_withdrawal_dated_before_a_support_meeting_is_allowed() -> None:
    case = a_case()
    case.note_discussion(
        meeting_id=uuid.uuid4(), meeting_type="support", held_on=MEETING_DAY, outcome="information_shared", actor=ACTOR
    )
    consent(case, date(2026, 10, 1), decision="withdrawn")
