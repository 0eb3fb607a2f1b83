"""Community-level activities through ``app.execute`` on both stores."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.application import Kasane
from domain.community import CommunityActivityDetails
from domain.community_commands import CorrectCommunityActivity, RecordCommunityActivity, VoidCommunityActivity
from domain.errors import AlreadyExists, DateInFuture, InvalidInput, NotFound, TransitionNotAllowed
from domain.master_data_commands import RetireRecord
from tests.builders import ADMIN, CSW, TODAY


def event_count(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def given_activity(app: Kasane, **overrides: Any) -> UUID:
    """A touring consultation session (巡回相談会) run by the 社協's CSW."""
    fields: dict[str, Any] = dict(
        actor=CSW,
        activity_id=uuid.uuid4(),
        kind="outreach_session",
        occurred_on=date(2026, 10, 14),
        agency="shakyo",
        title="南部圏域 巡回相談会",
        area="minami",
        participants=12,
        contacts=5,
        audience="jumin",
        note="これまで接点のなかった住民から相談",
    )
    fields.update(overrides)
    command = RecordCommunityActivity(**fields)
    app.execute(command)
    return command.activity_id


def correct(app: Kasane, activity_id: UUID, /, **changes: object) -> None:
    app.execute(
        CorrectCommunityActivity(
            actor=CSW, activity_id=activity_id, changes=changes, reason="集計誤り", occurred_on=TODAY
        )
    )


def assert_refused_without_writing(app: Kasane, error: type[Exception], **overrides: Any) -> Any:
    before = event_count(app)
    with pytest.raises(error) as refused:
        given_activity(app, **overrides)
    assert event_count(app) == before
    return refused.value


def test_an_activity_is_recorded_with_its_counts(city: Kasane) -> None:
    activity_id = given_activity(city)
    activity = city.community_activity(activity_id)
    assert activity.details == CommunityActivityDetails(
        kind="outreach_session",
        occurred_on=date(2026, 10, 14),
        agency="shakyo",
        title="南部圏域 巡回相談会",
        area="minami",
        participants=12,
        contacts=5,
        audience="jumin",
        note="これまで接点のなかった住民から相談",
    )
    assert not activity.voided
    (recorded,) = city.history(activity_id)
    assert (recorded.event, recorded.occurred_on, recorded.actor) == ("Recorded", date(2026, 10, 14), CSW)


@pytest.mark.parametrize("kind", ["liaison_meeting_attendance", "training", "community_meeting", "other"])
def test_activities_need_no_area_except_area_assessments(city: Kasane, kind: str) -> None:
    activity_id = given_activity(city, kind=kind, area=None)
    assert city.community_activity(activity_id).details.area is None


def test_an_empty_area_field_means_no_area(city: Kasane) -> None:
    activity_id = given_activity(city, kind="training", area="", title="つなぐシート研修", audience="chonai-shokuin")
    assert city.community_activity(activity_id).details.area is None


def test_an_area_assessment_needs_an_area(city: Kasane) -> None:
    refused = assert_refused_without_writing(city, InvalidInput, kind="area_assessment", area=None)
    assert refused.field == "area"
    given_activity(city, kind="area_assessment", area="kita", title="北部圏域 地域アセスメント")


@pytest.mark.parametrize(("field", "value"), [("agency", "nowhere"), ("area", "nishi")])
def test_agency_and_area_must_exist(city: Kasane, field: str, value: str) -> None:
    refused = assert_refused_without_writing(city, NotFound, **{field: value})
    assert refused.field == field


def test_a_retired_area_takes_no_new_activities(city: Kasane) -> None:
    city.execute(RetireRecord(actor=ADMIN, kind="area", code="minami", reason="圏域再編"))
    assert assert_refused_without_writing(city, InvalidInput, area="minami").field == "area"


@pytest.mark.parametrize("field", ["participants", "contacts"])
def test_counts_cannot_be_negative(city: Kasane, field: str) -> None:
    assert assert_refused_without_writing(city, InvalidInput, **{field: -1}).field == field


def test_an_activity_cannot_be_dated_tomorrow(city: Kasane) -> None:
    assert_refused_without_writing(city, DateInFuture, occurred_on=date(2026, 11, 21))


def test_an_unknown_kind_is_refused(city: Kasane) -> None:
    assert assert_refused_without_writing(city, InvalidInput, kind="festival").field == "kind"


def test_recording_the_same_activity_twice_is_refused(city: Kasane) -> None:
    activity_id = given_activity(city)
    with pytest.raises(AlreadyExists):
        given_activity(city, activity_id=activity_id)


def test_a_correction_replaces_the_details_and_keeps_both_in_history(city: Kasane) -> None:
    activity_id = given_activity(city)
    correct(city, activity_id, contacts=7, note="")
    details = city.community_activity(activity_id).details
    assert (details.contacts, details.note, details.participants) == (7, "", 12)
    history = city.history(activity_id)
    assert [h.event for h in history] == ["Recorded", "Corrected"]
    assert history[0].data["details"].contacts == 5
    assert history[1].data["reason"] == "集計誤り"


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"kind": "area_assessment", "area": None}, InvalidInput, "area"),
        ({"participants": -3}, InvalidInput, "participants"),
        ({"occurred_on": date(2026, 12, 1)}, DateInFuture, "occurred_on"),
        ({"area": "nishi"}, NotFound, "area"),
        ({"agency": "nowhere"}, NotFound, "agency"),
        ({"activity_id": uuid.uuid4()}, InvalidInput, "changes"),
        ({"contacts": 5}, InvalidInput, "changes"),
    ],
)
def test_a_correction_is_checked_like_a_new_record(
    city: Kasane, changes: dict[str, object], error: type[Exception], field: str
) -> None:
    activity_id = given_activity(city)
    before = event_count(city)
    with pytest.raises(error) as refused:
        correct(city, activity_id, **changes)
    assert refused.value.field == field  # type: ignore[attr-defined]
    assert event_count(city) == before


def test_a_voided_activity_stays_in_history_and_takes_no_more_changes(city: Kasane) -> None:
    activity_id = given_activity(city)
    city.execute(VoidCommunityActivity(actor=CSW, activity_id=activity_id, reason="重複登録", occurred_on=TODAY))
    activity = city.community_activity(activity_id)
    assert activity.voided
    assert activity.void_reason == "重複登録"
    with pytest.raises(TransitionNotAllowed):
        correct(city, activity_id, contacts=6)
    with pytest.raises(TransitionNotAllowed):
        city.execute(VoidCommunityActivity(actor=CSW, activity_id=activity_id, reason="再度", occurred_on=TODAY))
    assert [h.event for h in city.history(activity_id)] == ["Recorded", "Voided"]


def test_a_void_needs_a_reason(city: Kasane) -> None:
    activity_id = given_activity(city)
    with pytest.raises(InvalidInput) as refused:
        city.execute(VoidCommunityActivity(actor=CSW, activity_id=activity_id, reason="", occurred_on=TODAY))
    assert refused.value.field == "reason"


def test_an_unknown_activity_is_not_found(city: Kasane) -> None:
    with pytest.raises(NotFound) as refused:
        correct(city, uuid.uuid4(), contacts=1)
    assert refused.value.field == "activity_id"
