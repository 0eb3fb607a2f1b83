"""Browser journeys: Debian's chromium, driven by Playwright, against a real uvicorn server.

The server runs in a thread of the test process on a free localhost port,
over a SQLite file seeded through the same commands users call. Playwright
never downloads a browser: it launches Debian's ``chromium-headless-shell``
(the same Chromium release as the ``chromium`` package, built as the headless
shell Playwright itself uses for headless runs: no browser UI to draw, so each
journey costs the browser about 40 % of the CPU the full ``chromium`` in its
headless mode took; docs/benchmarks.md, "E2E journeys' time"). Every journey
starts at the login form: ``log_in(page, url, "sato")`` types the username and
password a person would (``with_passwords`` gives the users one beforehand).

A city that many journeys start from is seeded once per session (``prepare``:
events, key store, passwords, read models caught up) and each journey gets a
fresh copy of its files (``Prepared.copy``), so every test still owns its store
but none re-runs the seeding.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from uuid import UUID

import pytest
import sqlalchemy as sa
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright

from domain.application import Kasane
from tests.builders import TODAY, given_open_case, given_standard_setup
from tests.conftest import Prepared, prepared
from tests.integration.web.conftest import app_on
from tests.write_moments import written_at
from web.demo.generator import load_demo
from web.storage.bootstrap import build_read_models, credentials
from web.storage.settings import Settings, eventsourcing_env
from web.views.planner_view import moment_input

T = TypeVar("T")

PASSWORD = "tsunagu-shiito-2026"

CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.e2e


class _Server(uvicorn.Server):
    """A uvicorn server that says when it is ready to serve (no polling, no sleeps)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()


@dataclass
class Site:
    url: str
    settings: Settings
    case_id: UUID

    def events(self) -> int:
        """The store's last notification id, read by a separate application."""
        app = Kasane(eventsourcing_env(self.settings), today=lambda: TODAY)
        try:
            return app.recorder.max_notification_id() or 0
        finally:
            app.close()


def seeded(settings: Settings, story: Callable[[Kasane], T]) -> T:
    """Record ``story`` into the store before the server starts (its lifespan catches the read models up)."""
    app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        return story(app)
    finally:
        app.close()


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The web app on a free localhost port, for as long as the block runs; yields its base URL.

    A uvicorn server of its own each time, but the FastAPI app is the test process's one for this kind of settings
    (``app_on``): building it and its routes' dependants costs about a fifth of a second of CPU per journey; the
    server's lifespan still opens this store, and closes it when the block ends. Requests read the store and the
    settings from the app's state, so two blocks on the same kind of settings must not overlap.
    """
    api = app_on(settings)
    assert not getattr(api.state, "serving", False), "the shared app is already serving another store"
    api.state.serving = True
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = _Server(uvicorn.Config(api, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        assert server.ready.wait(timeout=30), "the web server did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()
        api.state.serving = False


def with_passwords(settings: Settings, *usernames: str) -> None:
    """Give each user the test password, as ``kasane user password`` would."""
    engine = sa.create_engine(settings.database_url)
    try:
        store = credentials(settings, engine)
        for username in usernames:
            store.set_password(username, PASSWORD)
    finally:
        engine.dispose()


def log_in(page: Page, url: str, username: str) -> None:
    """Log in through the form, as a person does, and wait for the first screen."""
    page.goto(f"{url}/login")
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("button", name="ログアウト")).to_be_visible()


def moment_before_event_after(settings: Settings, position: int) -> str:
    """The moment just before the first event recorded after ``position``, as the plan page's 時点 takes it.

    Taken from the event's own recorded timestamp, so no test has to sleep to make a moment fall between two writes.
    """

    def moment(app: Kasane) -> str:
        before = written_at(app, position + 1) - timedelta(milliseconds=1)
        return moment_input(before.replace(microsecond=before.microsecond // 1000 * 1000))

    return seeded(settings, moment)


def caught_up(settings: Settings) -> None:
    """Bring every read model up to the log, as the server's start-up would."""
    app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        read_models = build_read_models(settings, app)
        try:
            read_models.catch_up()
        finally:
            read_models.close()
    finally:
        app.close()


def prepare(factory: pytest.TempPathFactory, name: str, story: Callable[[Kasane], T], *usernames: str) -> Prepared[T]:
    """Seed ``story`` into the prepared store ``name``, give ``usernames`` the test password, catch the read models up
    (once per run; each test copies it)."""

    def build(settings: Settings) -> T:
        value = seeded(settings, story)
        with_passwords(settings, *usernames)
        caught_up(settings)
        return value

    return prepared(factory, name, build)


def a_small_city_with_one_case(app: Kasane) -> UUID:
    given_standard_setup(app)
    return given_open_case(app)


def demo_city(app: Kasane) -> int:
    """The demo municipality the README's pictures show (seed 1, 40 households)."""
    return load_demo(app, seed=1, households=40)


@pytest.fixture(scope="session")
def small_city(tmp_path_factory: pytest.TempPathFactory) -> Prepared[UUID]:
    """The small city with one open case and the coordinators sato and suzuki, seeded once per session."""
    return prepare(tmp_path_factory, "small-city", a_small_city_with_one_case, "sato", "suzuki")


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Prepared[int]:
    """The demo municipality, loaded once per session (loading it is the slowest seeding there is)."""
    return prepare(tmp_path_factory, "demo-city", demo_city, "sato", "kimura")


@pytest.fixture
def site(small_city: Prepared[UUID], tmp_path: Path) -> Iterator[Site]:
    settings = small_city.copy(tmp_path / "store")
    with serving(settings) as url:
        yield Site(url=url, settings=settings, case_id=small_city.value)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()
