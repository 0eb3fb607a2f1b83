"""Business dates are Japan time whatever the server's zone: just after midnight in Tokyo it is already today.

The server here runs on UTC (``TZ=UTC``), where it is still yesterday from 00:00 to 09:00 JST. The
instant is injected through the clock, never read from the real time.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from domain.clock import Clock
from tests.builders import given_open_case, given_standard_setup
from tests.integration.web.conftest import HTMX, Web, app_on, given_staff_of_every_role
from tests.integration.web.plan_story import FY, fiscal_2023
from tests.plan_scenarios import PLAN_CODE
from web.storage.settings import Settings

HALF_PAST_MIDNIGHT_IN_TOKYO = datetime(2026, 11, 19, 15, 30, tzinfo=UTC)
"""00:30 JST on 20 November 2026; 19 November in UTC."""


@pytest.fixture
def server_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def _web(settings: Settings, today: Callable[[], date] | None = None) -> Iterator[Web]:
    api = app_on(settings, today)  # the process's app: building one per test cost ~0.5 s of CPU
    with TestClient(api) as client:
        web = Web(client, api.state.kasane, api.state.read_models, api)
        web.seeded(given_standard_setup)
        web.seeded(given_staff_of_every_role)
        yield web.login("sato")


@pytest.fixture
def web_at_half_past_midnight(settings: Settings, server_zone: Callable[[str], None]) -> Iterator[Web]:
    server_zone("UTC")
    clock = Clock(settings.timezone, utc_now=lambda: HALF_PAST_MIDNIGHT_IN_TOKYO)
    yield from _web(settings, clock.today)


def test_a_form_opened_at_half_past_midnight_defaults_to_the_japan_date(web_at_half_past_midnight: Web) -> None:
    web = web_at_half_past_midnight
    case_id = web.seeded(given_open_case)

    form = web.client.get(f"/cases/{case_id}/consultations", headers=HTMX)

    assert 'value="2026-11-20"' in form.text
    assert "2026-11-19" not in form.text


def test_a_consultation_dated_today_in_japan_is_accepted_at_half_past_midnight(web_at_half_past_midnight: Web) -> None:
    web = web_at_half_past_midnight
    case_id = web.seeded(given_open_case)
    before = web.events()

    answer = web.client.post(
        f"/cases/{case_id}/consultations",
        headers=HTMX,
        data={
            "entry_id": str(uuid.uuid4()),
            "occurred_on": "2026-11-20",
            "agency": "fukushi-soudan",
            "channel": "phone",
            "handler_role": "consultation_staff",
            "requester_type": "family",
            "summary": "深夜に長女から電話",
        },
    )

    assert answer.status_code == 200, answer.text
    assert "登録しました。" in answer.text
    assert web.events() == before + 1


def test_tomorrow_in_japan_is_still_the_future_at_half_past_midnight(web_at_half_past_midnight: Web) -> None:
    web = web_at_half_past_midnight
    case_id = web.seeded(given_open_case)
    before = web.events()

    answer = web.client.post(
        f"/cases/{case_id}/consultations",
        headers=HTMX,
        data={
            "entry_id": str(uuid.uuid4()),
            "occurred_on": "2026-11-21",
            "agency": "fukushi-soudan",
            "channel": "phone",
            "handler_role": "consultation_staff",
            "requester_type": "family",
            "summary": "未来の日付",
        },
    )

    assert answer.status_code == 422
    assert web.events() == before


def test_without_an_injected_today_the_app_dates_by_the_configured_zone_not_the_servers(
    settings: Settings, server_zone: Callable[[str], None]
) -> None:
    """UTC-11 on the server and UTC+14 configured: the two dates differ at every instant of the day."""
    server_zone("Pacific/Pago_Pago")
    configured = settings.model_copy(update={"timezone": "Pacific/Kiritimati"})

    for web in _web(configured):
        assert web.kasane.today() == Clock("Pacific/Kiritimati").today()
        assert web.kasane.today() != date.today()
        assert web.api.state.audit.today() == web.kasane.today()


@pytest.mark.parametrize("zone, label", [("Asia/Tokyo", " JST"), ("Europe/London", " GMT")])
def test_the_timeline_shows_write_times_in_the_configured_zone(
    settings: Settings, server_zone: Callable[[str], None], zone: str, label: str
) -> None:
    server_zone("UTC")
    for web in _web(settings.model_copy(update={"timezone": zone})):
        case_id = web.seeded(given_open_case)
        recorded = web.kasane.history(case_id)[0].recorded_at

        timeline = web.client.get(f"/cases/{case_id}/timeline", headers=HTMX).text

        shown = Clock(zone).local(recorded).strftime("%Y-%m-%d %H:%M")
        assert f"{shown}{label}" in timeline, (zone, shown)


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Europe/London"])
def test_an_as_of_moment_without_an_offset_is_read_in_the_configured_zone(settings: Settings, zone: str) -> None:
    for web in _web(settings.model_copy(update={"timezone": zone})):
        web.seeded(fiscal_2023)
        web.login("hayashi")
        local = Clock(zone).now()  # just after the plan was loaded, typed as the clock on the wall reads
        typed = local.replace(tzinfo=None).isoformat()

        report = web.client.get(f"/api/plans/{PLAN_CODE}/years/{FY}", params={"as_of": typed})
        page = web.client.get(f"/plans/{PLAN_CODE}", params={"fy": FY, "as_of": typed})

        assert report.status_code == 200, report.text
        assert datetime.fromisoformat(report.json()["as_of"]) == local
        assert f"{local:%Y-%m-%d %H:%M}" in page.text and f" {local:%Z}" in page.text
