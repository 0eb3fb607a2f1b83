"""A web app over HTTP (FastAPI's TestClient) on each store, with a small city registered.

Seeding goes through the application, as users' commands would; ``Web.seeded``
then catches the read models up, as the app does after its own commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import pytest
from fastapi.testclient import TestClient

from domain.application import Kasane
from domain.commands import RegisterUser
from projections.catalogue import ReadModels
from tests.builders import ADMIN, TODAY, given_standard_setup
from web.app import create_app
from web.settings import Settings

T = TypeVar("T")

HTMX = {"HX-Request": "true"}


@dataclass
class Web:
    client: TestClient
    kasane: Kasane
    read_models: ReadModels

    def seeded(self, story: Callable[[Kasane], T]) -> T:
        """Run ``story`` against the application and make the read models show it."""
        result = story(self.kasane)
        self.read_models.catch_up()
        return result

    def events(self) -> int:
        return self.kasane.recorder.max_notification_id() or 0


@pytest.fixture
def web(settings: Settings) -> Iterator[Web]:
    api = create_app(settings, today=lambda: TODAY)
    with TestClient(api) as client:
        web = Web(client, api.state.kasane, api.state.read_models)
        web.seeded(given_standard_setup)
        web.seeded(lambda app: app.execute(RegisterUser(
            actor=ADMIN, username="kimura", name="木村 直子", role="supervisor", agency="fukushi-soudan")))
        yield web
