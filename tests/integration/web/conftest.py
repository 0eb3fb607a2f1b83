"""A web app over HTTP (FastAPI's TestClient) on each store, with a small city registered.

Seeding goes through the application, as users' commands would; ``Web.seeded``
then catches the read models up, as the app does after its own commands.
Every request is made as a logged-in user: ``web.login("suzuki")`` gives the
user a password and logs in through ``POST /login`` (the same form a person
uses), then sends the session's CSRF token with every request, as the pages'
htmx does. The fixture starts logged in as the coordinator ``sato``: through
the form when the city was seeded once (its session is in the city's store,
so each test resumes it), or in the test itself when it seeded its own store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Concatenate, ParamSpec, TypeVar

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from domain.application import Kasane
from domain.master_data_commands import RegisterUser
from projections.engine.catalogue import ReadModels
from tests.builders import ADMIN, TODAY, given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING, POSTGRES_URL, Prepared, fresh_postgres, prepared, started
from web.app import create_app
from web.storage.settings import Settings

T = TypeVar("T")
P = ParamSpec("P")

HTMX = {"HX-Request": "true"}
PASSWORD = "tsunagu-shiito-2026"
"""Every test user's password (set through the credential store, as ``kasane user password`` does)."""


@dataclass
class Web:
    client: TestClient
    kasane: Kasane
    read_models: ReadModels
    api: FastAPI

    def seeded(self, story: Callable[Concatenate[Kasane, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``story`` against the application (with the arguments after it, checked against its own, where a
        lambda's would not be) and make the read models show it."""
        result = story(self.kasane, *args, **kwargs)
        self.read_models.catch_up()
        return result

    def events(self) -> int:
        return self.kasane.recorder.max_notification_id() or 0

    def login(self, username: str) -> Web:
        """Log in as ``username`` through the login form; later requests carry its session and CSRF token."""
        credentials = self.api.state.credentials
        if not credentials.has_password(username):
            credentials.set_password(username, PASSWORD)
        self.logout()
        response = self.client.post("/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
        assert response.status_code == 303, response.text
        self.client.headers["X-CSRF-Token"] = self.client.get("/api/session").json()["csrf_token"]
        return self

    def logout(self) -> None:
        """Forget the session on this side (the next request is anonymous)."""
        self.client.cookies.clear()
        self.client.headers.pop("X-CSRF-Token", None)


@dataclass(frozen=True)
class Login:
    """A session started through the login form when the small city was seeded, kept in the city's store: each test
    that starts from that store resumes it with the session's cookie and CSRF token.

    Why: logging in cost each of ~1,000 web tests ~40 ms of CPU (a password hash, ``POST /login`` with its audit
    record and session, ``GET /api/session``), the same every time. ``web.login`` still logs in through the form.
    """

    username: str
    cookies: dict[str, str]
    csrf_token: str
    at: float

    STALE_AFTER = 30 * 60
    """Seconds after which a test logs in itself: the session lapses after an idle hour (``session_idle_minutes``)."""

    @classmethod
    def of(cls, web: Web, username: str) -> Login:
        web.login(username)
        return cls(username, dict(web.client.cookies), web.client.headers["X-CSRF-Token"], time.time())

    def resume(self, web: Web) -> bool:
        """Send this session's cookie and CSRF token from now on; False (nothing changed) once it may have lapsed."""
        if time.time() - self.at > self.STALE_AFTER:
            return False
        web.logout()
        web.client.cookies.update(self.cookies)
        web.client.headers["X-CSRF-Token"] = self.csrf_token
        return True


def given_staff_of_every_role(app: Kasane) -> None:
    """Besides the coordinators sato and suzuki: a supervisor, a planner and an admin."""
    for username, name, role, agency in (
        ("kimura", "木村 直子", "supervisor", "fukushi-soudan"),
        ("hayashi", "林 誠", "planner", "fukushi-seisaku"),
        ("admin", "システム 管理者", "admin", "fukushi-seisaku"),
    ):
        app.execute(RegisterUser(actor=ADMIN, username=username, name=name, role=role, agency=agency))


def a_small_city(web: Web) -> None:
    web.seeded(given_standard_setup)
    web.seeded(given_staff_of_every_role)


APPS: list[tuple[Settings, FastAPI]] = []
"""The apps this test process has built, by their settings but the store's URL."""


def app_on(settings: Settings, today: Callable[[], date] | None = lambda: TODAY) -> FastAPI:
    """The web app for ``settings`` and ``today`` (None: the settings' clock), as ``create_app`` makes it, built once
    per test process and kind of settings (both are read when the app starts, ``web.app._lifespan``).

    Building is what costs (FastAPI makes its ~150 routes' dependants on the first request, about half a second of
    CPU, paid by each of a thousand tests when each built its own); the store is still each test's own, opened when
    its ``TestClient`` starts the app and closed when it stops (``web.app._lifespan``).
    """
    shape = settings.model_copy(update={"database_url": "sqlite://"})
    api = next((built for kind, built in APPS if kind == shape), None)
    if api is None:
        api = create_app(settings, today=today)
        APPS.append((shape, api))
        api.state.routes_built = len(api.routes)  # a test that adds a route must build its own app (own_app)
    api.state.settings, api.state.today = settings, today
    return api


def a_small_city_served_once(settings: Settings) -> Login:
    """The small city as the ``web`` fixture seeds it, with ``sato`` logged in, for tests to start from instead of
    seeding it again."""
    api = app_on(settings)
    with TestClient(api) as client:
        web = Web(client, api.state.kasane, api.state.read_models, api)
        a_small_city(web)
        return Login.of(web, "sato")


@pytest.fixture(scope="session")
def small_city_store(tmp_path_factory: pytest.TempPathFactory) -> Prepared[Login]:
    return prepared(tmp_path_factory, "web-small-city", a_small_city_served_once)


POSTGRES_LOGINS: dict[str, Login] = {}
"""The login of the small city's PostgreSQL baseline in this test process, by the database's URL."""


def a_small_city_on_postgres(url: str) -> None:
    """The small city on an empty PostgreSQL database, after the start every test's store has had (same schema)."""
    started(url)
    POSTGRES_LOGINS[url] = a_small_city_served_once(Settings(database_url=url, **FAST_PASSWORD_HASHING))


@pytest.fixture
def web(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Web]:
    """The store starts as the small city seeded once per run (SQLite: a copy of its files) or once per test worker
    (PostgreSQL: its rows put back, ``tests.postgres_baseline``); a store the test set up otherwise is seeded here."""
    login: Login | None = None
    events_file = settings.sqlite_path()
    if events_file is not None and request.getfixturevalue("small_city_store").fits(settings):
        city: Prepared[Login] = request.getfixturevalue("small_city_store")
        city.copy(events_file.parent)
        login = city.value
    elif settings.database_url == POSTGRES_URL:
        fresh_postgres(POSTGRES_URL, "web-small-city", a_small_city_on_postgres)
        login = POSTGRES_LOGINS[POSTGRES_URL]
    own = request.node.get_closest_marker("own_app")  # a test that adds routes must not add them to the shared app
    api = create_app(settings, today=lambda: TODAY) if own else app_on(settings)
    with TestClient(api) as client:
        web = Web(client, api.state.kasane, api.state.read_models, api)
        if login is None:
            a_small_city(web)
        if login is None or not login.resume(web):
            web.login("sato")
        yield web
    assert own or len(api.routes) == api.state.routes_built, "the test added routes to the shared app: mark it own_app"
