"""The timeline reads events through their classes, so an event stored in an older shape still shows.

``Case.Assigned`` gained its ``reason`` (decision 10) after cases had been
reassigned: such events were stored without one. The class says so
(``class_version = 2`` and ``upcast_v1_v2``), the log upcasts them when they
are read, and the timeline, which describes each row through the typed event
(``TimelineEntry.event``), shows the reassignment like any other.
"""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import StoredEvent

from domain.application import Kasane
from domain.case import Case
from projections.typed_events import case_event_classes
from tests.builders import COORDINATOR, given_open_case
from tests.integration.web.conftest import HTMX, Web
from web.views.timeline_view import DESCRIBERS


def stored_as_version_1(app: Kasane, event: Case.Event) -> StoredEvent:
    """The event as it was stored before its class had a version 2: no ``reason``, no ``class_version``."""
    mapper = app.mapper
    stored = mapper.to_stored_event(event)
    state = stored.state
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    data = mapper.transcoder.decode(state)
    assert data.pop("class_version") == 2
    del data["reason"]
    state = mapper.transcoder.encode(data)
    if mapper.compressor:
        state = mapper.compressor.compress(state)
    if mapper.cipher:
        state = mapper.cipher.encrypt(state)
    return StoredEvent(stored.originator_id, stored.originator_version, stored.topic, state)


def test_an_assignment_stored_before_it_had_a_reason_still_shows_on_the_timeline(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    case: Case = web.kasane.repository.get(case_id)
    case.trigger_event(  # the event as it was recorded before reasons: written straight to the log below
        Case.Assigned,
        occurred_on=date(2026, 11, 20),
        actor=COORDINATOR,
        coordinator="kimura",
        lead_agency="fukushi-soudan",
        reason="",
    )
    (event,) = case.collect_events()
    assert isinstance(event, Case.Assigned)
    web.kasane.recorder.insert_events([stored_as_version_1(web.kasane, event)])
    web.read_models.catch_up()

    (upcast,) = web.kasane.repository.event_store.get(case_id, gt=event.originator_version - 1)
    assert type(upcast) is Case.Assigned
    assert (upcast.coordinator, upcast.reason) == ("kimura", "")
    assert web.kasane.case(case_id).coordinator == "kimura"
    timeline = web.client.get(f"/cases/{case_id}/timeline", headers=HTMX).text
    assert "担当の変更" in timeline and "木村 直子" in timeline


def test_every_event_on_a_case_timeline_has_a_describer() -> None:
    """A new or renamed case event class needs its describer (the timeline dispatches on the class)."""
    undescribed = {name for name, cls in case_event_classes().items() if cls not in DESCRIBERS}
    assert undescribed == {"Created"}, "eventsourcing's default creation event: a case is created by Opened"
