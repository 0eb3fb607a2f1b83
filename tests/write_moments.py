"""When the store wrote an event: the as-of tests take their moments from the events' own write timestamps, so
that no test has to sleep to make a moment fall between two writes."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import DomainEvent
from eventsourcing.persistence import Notification

from domain.application import Kasane


def decoded(app: Kasane, notification: Notification) -> DomainEvent:
    """The notification's event. The library's mapper promises only its event protocol, which has no write time;
    every event Kasane stores is an aggregate event, which has one (an event that is not fails here, by name)."""
    event = app.mapper.to_domain_event(notification)
    assert isinstance(event, DomainEvent), type(event)
    return event


def written_at(app: Kasane, notification_id: int) -> datetime:
    """The store's write timestamp of one event."""
    notification = app.recorder.select_notifications(start=notification_id, limit=1)[0]
    return decoded(app, notification).timestamp


def last_write(app: Kasane) -> datetime:
    """The write timestamp of the last event in the log."""
    return written_at(app, app.recorder.max_notification_id() or 0)
