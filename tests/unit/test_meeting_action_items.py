"""A held meeting's action items: when they may be due, which case they may concern, and completing them once."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.errors import AlreadyExists, InvalidInput, NotFound, TransitionNotAllowed
from domain.meeting_record import ActionItem
from tests.builders import TODAY
from tests.unit.meeting_builders import (
    ACTOR,
    a_case,
    held_meeting_with_item,
    hold,
    meeting_type,
    scheduled,
)


def test_an_action_item_cannot_be_due_before_the_meeting() -> None:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(item_id=uuid.uuid4(), description="訪問", owner_agency="shakyo", due_on=date(2026, 11, 1))
    with pytest.raises(InvalidInput) as refused:
        hold(scheduled(kind), kind, case, action_items=(item,))
    assert refused.value.field == "action_items"


def test_an_action_item_can_only_concern_a_discussed_case() -> None:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(
        item_id=uuid.uuid4(), description="訪問", owner_agency="shakyo", due_on=date(2026, 11, 30), case_id=uuid.uuid4()
    )
    with pytest.raises(InvalidInput, match="took up"):
        hold(scheduled(kind), kind, case, action_items=(item,))


def test_action_items_need_distinct_ids() -> None:
    kind, case = meeting_type("support"), a_case()
    item = ActionItem(item_id=uuid.uuid4(), description="訪問", owner_agency="shakyo", due_on=date(2026, 11, 30))
    with pytest.raises(AlreadyExists):
        hold(scheduled(kind), kind, case, action_items=(item, item))


def test_an_action_item_is_completed_once() -> None:
    meeting, item = held_meeting_with_item()
    meeting.complete_action_item(
        item_id=item.item_id, done_on=date(2026, 11, 18), note="訪問済み", actor=ACTOR, today=TODAY
    )
    assert meeting.completed_items == {item.item_id: date(2026, 11, 18)}
    assert meeting.open_action_items == []
    with pytest.raises(TransitionNotAllowed):
        meeting.complete_action_item(item_id=item.item_id, done_on=TODAY, note="", actor=ACTOR, today=TODAY)


def test_an_action_item_cannot_be_done_before_the_meeting() -> None:
    meeting, item = held_meeting_with_item()
    with pytest.raises(InvalidInput) as refused:
        meeting.complete_action_item(item_id=item.item_id, done_on=date(2026, 11, 9), note="", actor=ACTOR, today=TODAY)
    assert refused.value.field == "done_on"


def test_completing_an_unknown_action_item_is_refused() -> None:
    meeting, _ = held_meeting_with_item()
    with pytest.raises(NotFound):
        meeting.complete_action_item(item_id=uuid.uuid4(), done_on=TODAY, note="", actor=ACTOR, today=TODAY)
