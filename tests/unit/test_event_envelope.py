"""Every stored event says when it happened and who did it (the log alone answers "who did what, when")."""

from __future__ import annotations

import dataclasses

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.agency import Agency
from domain.area import Area
from domain.case import Case
from domain.community import CommunityActivity
from domain.evaluation import PlanEvaluation
from domain.meeting import SupportMeeting
from domain.meeting_type import MeetingType
from domain.plan import PlanDefinition
from domain.user import User

AGGREGATES = (Case, SupportMeeting, CommunityActivity, Agency, Area, User, MeetingType, PlanDefinition, PlanEvaluation)


def event_classes(aggregate: type[Aggregate]) -> list[type]:
    """The events the aggregate triggers (those its mixins declare are redefined on it, under its own topic)."""
    classes = {
        value
        for name in dir(aggregate)
        if isinstance(value := getattr(aggregate, name), type)
        and issubclass(value, Aggregate.Event)
        and name not in {"Event", "Created"}
    }
    return sorted(classes, key=lambda c: c.__qualname__)


@pytest.mark.parametrize("aggregate", AGGREGATES, ids=lambda a: a.__name__)
def test_every_event_records_its_business_date_and_actor(aggregate: type[Aggregate]) -> None:
    events = event_classes(aggregate)
    assert events, f"{aggregate.__name__} defines events"
    for event in events:
        names = {f.name for f in dataclasses.fields(event)}
        assert {"occurred_on", "actor"} <= names, event.__qualname__


def test_events_have_stable_topics_in_their_aggregates_module() -> None:
    for aggregate in AGGREGATES:
        for event in event_classes(aggregate):
            assert get_topic(event) == f"{aggregate.__module__}:{aggregate.__qualname__}.{event.__name__}"
