"""A referral sent by mistake, or an answer recorded by mistake, is voided with a reason; history keeps both.

The referral leaves the case's list and its count; a voided answer sets the referral back to awaiting an
answer, so that the right answer can be recorded. Every read model equals a replay from scratch.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.commands import AnswerReferral, VoidReferral, VoidReferralAnswer
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from projections.cases import queries
from projections.engine.catalogue import ReadModels
from projections.indicators.fact_tables import indicator_facts
from tests.builders import COORDINATOR, given_open_case, given_standard_setup
from tests.expectations import refused
from tests.read_models import table_contents
from tests.scenarios import refer

VOIDED_ON = date(2026, 7, 1)


@pytest.fixture
def case_id(app: Kasane) -> uuid.UUID:
    given_standard_setup(app)
    return given_open_case(app, opened_on=date(2026, 5, 11))


def void(app: Kasane, case_id: uuid.UUID, referral_id: uuid.UUID, reason: str = "別の機関に送るはずだった") -> None:
    app.execute(
        VoidReferral(
            actor=COORDINATOR,
            case_id=case_id,
            referral_id=referral_id,
            reason=reason,
            occurred_on=VOIDED_ON,
        )
    )


def void_answer(app: Kasane, case_id: uuid.UUID, referral_id: uuid.UUID, reason: str = "回答の入力誤り") -> None:
    app.execute(
        VoidReferralAnswer(
            actor=COORDINATOR, case_id=case_id, referral_id=referral_id, reason=reason, occurred_on=VOIDED_ON
        )
    )


def test_a_voided_referral_leaves_the_case_and_its_count_but_stays_in_the_history(
    app: Kasane, read_models: ReadModels, case_id: uuid.UUID
) -> None:
    referral_id = refer(app, case_id, date(2026, 6, 1))
    void(app, case_id, referral_id)
    assert referral_id not in app.case(case_id).referrals
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        detail = queries.case_detail(connection, case_id)
        assert detail is not None and detail.referrals == ()
        struck = {
            (e.event_type, e.voided) for e in queries.timeline(connection, case_id) if e.subject_id == referral_id
        }
        [fact] = connection.execute(
            sa.select(indicator_facts).where(indicator_facts.c.fact_key == f"referral:{referral_id}")
        ).all()
    assert struck == {("ReferralSent", True), ("ReferralAccepted", True), ("ReferralVoided", False)}
    assert fact.superseded_by is not None


def test_a_voided_answer_lets_the_right_answer_be_recorded(
    app: Kasane, read_models: ReadModels, case_id: uuid.UUID
) -> None:
    referral_id = refer(app, case_id, date(2026, 6, 1), accept=False)
    void_answer(app, case_id, referral_id)
    assert app.case(case_id).referrals[referral_id].state == "sent"
    app.execute(
        AnswerReferral(
            actor=COORDINATOR, case_id=case_id, referral_id=referral_id, accepted=True, answered_on=VOIDED_ON, note=""
        )
    )
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        detail = queries.case_detail(connection, case_id)
        assert detail is not None and [r.state for r in detail.referrals] == ["accepted"]
        rows = [(e.event_type, e.voided) for e in queries.timeline(connection, case_id) if e.subject_id == referral_id]
    assert rows == [
        ("ReferralSent", False),
        ("ReferralDeclined", True),
        ("ReferralAnswerVoided", False),
        ("ReferralAccepted", False),
    ]
    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental


def test_bad_voids_of_referrals_are_refused_and_write_nothing(app: Kasane, case_id: uuid.UUID) -> None:
    referral_id = refer(app, case_id, date(2026, 6, 1))
    with refused(app, InvalidInput, field="reason"):
        void(app, case_id, referral_id, reason="")
    with refused(app, NotFound, field="referral_id"):
        void(app, case_id, uuid.uuid4())
    other_case = given_open_case(app)
    with refused(app, NotFound, field="referral_id"):
        void(app, other_case, referral_id)
    void_answer(app, case_id, referral_id)
    with refused(app, TransitionNotAllowed, field="referral_id"):
        void_answer(app, case_id, referral_id)
    void(app, case_id, referral_id)
    with refused(app, NotFound, field="referral_id"):
        void(app, case_id, referral_id)
