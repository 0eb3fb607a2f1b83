"""A consent decision recorded by mistake is voided with a reason; the decision before it stands again.

A consent a held 重層的支援会議 relied on cannot be voided while that meeting record stands (void the meeting
record first): the rule that such a meeting only takes up consenting cases holds in the history too.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.application import Kasane
from domain.commands import RecordConsent, VoidConsent
from domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from domain.meeting_commands import VoidMeetingRecord
from projections.cases import queries
from projections.engine.catalogue import ReadModels
from tests.builders import COORDINATOR, given_open_case, given_standard_setup
from tests.expectations import refused
from tests.plan_scenarios import fixed_id, meeting
from tests.read_models import table_contents

VOIDED_ON = date(2026, 7, 1)


@pytest.fixture
def case_id(app: Kasane) -> uuid.UUID:
    given_standard_setup(app)
    return given_open_case(app, opened_on=date(2026, 5, 11))


def consent(app: Kasane, case_id: uuid.UUID, on: date, decision: str = "given") -> uuid.UUID:
    consent_id = uuid.uuid4()
    app.execute(
        RecordConsent(
            actor=COORDINATOR,
            case_id=case_id,
            consent_id=consent_id,
            decision=decision,
            scopes=("meeting_discussion",),
            decided_on=on,
            given_by="本人",
        )
    )
    return consent_id


def void(app: Kasane, case_id: uuid.UUID, consent_id: object, reason: str = "別の世帯の同意を誤って記録") -> None:
    app.execute(
        VoidConsent(
            actor=COORDINATOR,
            case_id=case_id,
            consent_id=consent_id,  # type: ignore[arg-type]
            reason=reason,
            occurred_on=VOIDED_ON,
        )
    )


def shown_consent(read_models: ReadModels, case_id: uuid.UUID) -> tuple[str, date | None]:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        detail = queries.case_detail(connection, case_id)
    assert detail is not None
    return detail.case.meeting_consent, detail.case.meeting_consent_on


def test_a_voided_refusal_gives_way_to_the_consent_given_before_it(
    app: Kasane, read_models: ReadModels, case_id: uuid.UUID
) -> None:
    consent(app, case_id, date(2026, 6, 1))
    mistaken = consent(app, case_id, date(2026, 6, 10), decision="refused")
    assert shown_consent(read_models, case_id) == ("refused", date(2026, 6, 10))
    void(app, case_id, mistaken)
    assert [c.decision for c in app.case(case_id).consents] == ["given"]
    assert shown_consent(read_models, case_id) == ("given", date(2026, 6, 1))
    with read_models.engine.connect() as connection:
        rows = [(e.event_type, e.voided) for e in queries.timeline(connection, case_id) if e.subject_id == mistaken]
    assert rows == [("ConsentRecorded", True), ("ConsentVoided", False)]
    incremental = table_contents(read_models)
    read_models.rebuild()
    assert table_contents(read_models) == incremental


def test_the_only_consent_voided_leaves_none(app: Kasane, read_models: ReadModels, case_id: uuid.UUID) -> None:
    void(app, case_id, consent(app, case_id, date(2026, 6, 1)))
    assert shown_consent(read_models, case_id) == ("none", None)


def test_a_consent_a_layered_meeting_relied_on_stands_until_that_record_is_voided(
    app: Kasane, case_id: uuid.UUID
) -> None:
    given = consent(app, case_id, date(2026, 6, 1))
    meeting(app, "layered-1", "layered", date(2026, 6, 20), (case_id,))
    with refused(app, TransitionNotAllowed, field="consent_id"):
        void(app, case_id, given)
    app.execute(
        VoidMeetingRecord(actor=COORDINATOR, meeting_id=fixed_id("layered-1"), reason="二重登録", occurred_on=VOIDED_ON)
    )
    void(app, case_id, given)


def test_bad_voids_of_consents_are_refused_and_write_nothing(app: Kasane, case_id: uuid.UUID) -> None:
    given = consent(app, case_id, date(2026, 6, 1))
    with refused(app, InvalidInput, field="reason"):
        void(app, case_id, given, reason="")
    with refused(app, NotFound, field="consent_id"):
        void(app, case_id, uuid.uuid4())
    other_case = given_open_case(app)
    with refused(app, NotFound, field="consent_id"):
        void(app, other_case, given)
    void(app, case_id, given)
    with refused(app, NotFound, field="consent_id"):
        void(app, case_id, given)
