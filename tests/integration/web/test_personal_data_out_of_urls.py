# ruff: noqa: F811  (the shared fixtures settings and story are imported by name; tests take them as arguments)
"""A household's names and a meeting's decisions never travel in a URL, so nothing outlives their erasure.

A coordinator searches for the household on the meeting form, adds it as a row,
types the meeting's decision, adds an action item row, opens the case and the
meeting, all over real HTTP through uvicorn with its access log on; a stale
client even sends the name in a query string. Then ``kasane case forget``.
Afterwards the names and the decision are found nowhere: not in any database
file or table (events, audit, read models, key store), not in the captured log
lines (as typed or percent-encoded), not in a fresh ``kasane events export``.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from domain.application import Kasane
from tests.builders import TODAY
from tests.conftest import FAST_PASSWORD_HASHING
from tests.erasure_scenarios import (  # noqa: F401  (the fixtures every erasure test starts from)
    ADMIN_USER,
    DECISIONS,
    HOUSEHOLD,
    PERSONAL,
    PRINCIPAL,
    Story,
    found,
    settings,
    whole_store,
)
from tests.integration.web.conftest import PASSWORD
from web.app import create_app
from web.storage.bootstrap import build_read_models, credentials
from web.storage.settings import Settings, eventsourcing_env

LOGGERS = ("", "uvicorn", "uvicorn.access", "uvicorn.error")
KASANE = str(Path(sys.executable).parent / "kasane")


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        self.ready.set()


@contextmanager
def serving_with_logs(settings: Settings, log: io.StringIO) -> Iterator[str]:
    """The app under uvicorn with its access log on, every log line of the process written to ``log``."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = _Server(uvicorn.Config(create_app(settings, today=lambda: TODAY), log_level="info"))
    handler = logging.StreamHandler(log)
    for name in LOGGERS:
        logging.getLogger(name).addHandler(handler)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    assert server.ready.wait(timeout=30), "the web server did not start"
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listener.close()
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(handler)


@pytest.fixture
def store(settings: Settings) -> tuple[Settings, Story]:
    fast = settings.model_copy(update=FAST_PASSWORD_HASHING)
    app = Kasane(eventsourcing_env(fast), today=lambda: TODAY)
    try:
        story = Story(app)
    finally:
        app.close()
    engine = sa.create_engine(fast.database_url)
    try:
        credentials(fast, engine).set_password("sato", PASSWORD)
    finally:
        engine.dispose()
    return fast, story


def a_coordinator_prepares_a_meeting_and_opens_the_case(url: str, story: Story) -> None:
    with httpx.Client(base_url=url, headers={"HX-Request": "true"}) as client:
        assert client.post("/login", data={"username": "sato", "password": PASSWORD}).status_code in (200, 303)
        client.headers["X-CSRF-Token"] = client.get("/api/session").json()["csrf_token"]
        rows = {
            "cases-0-case_id": str(story.forgotten),
            "cases-0-household": HOUSEHOLD,
            "cases-0-decisions": DECISIONS,
            "index": "0",
        }
        assert HOUSEHOLD in client.post("/meetings/case-search", data={"q": HOUSEHOLD}).text
        assert (
            client.post("/meetings/case-row", params={"case_id": str(story.forgotten)}, data={"index": "0"}).status_code
            == 200
        )
        assert client.post("/meetings/rows/items", data=rows).status_code == 200
        assert client.post("/meetings/item-case-field", params={"row": 0}, data=rows).status_code == 200
        assert client.get(f"/cases/{story.forgotten}").status_code == 200
        assert client.get(f"/meetings/{story.meeting}").status_code == 200
        stale = client.get("/meetings/case-search", params={"q": HOUSEHOLD, "d": DECISIONS})  # an old page's GET
        assert stale.status_code in (404, 405)


def kasane(settings: Settings, *arguments: str) -> None:
    """The command line, in a process of its own, as an administrator runs it."""
    env = {**os.environ, "KASANE_DATABASE_URL": settings.database_url}
    for name, value in (("KASANE_KEYS_URL", settings.keys_url), ("KASANE_MASTER_KEY_FILE", settings.master_key_file)):
        if value:
            env[name] = str(value)
    done = subprocess.run([KASANE, *arguments], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def in_logs(log: str, text: str) -> bool:
    return any(form in log for form in (text, quote(text), quote_plus(text), quote(text).lower()))


def test_names_and_decisions_sent_from_the_meeting_form_are_nowhere_after_the_case_is_forgotten(
    store: tuple[Settings, Story], tmp_path: Path
) -> None:
    settings, story = store
    log = io.StringIO()
    with serving_with_logs(settings, log) as url:
        a_coordinator_prepares_a_meeting_and_opens_the_case(url, story)
    assert '"POST /meetings/case-search HTTP/1.1" 200' in log.getvalue(), "the access log was captured"
    export = tmp_path / "events.jsonl.gz"
    kasane(settings, "case", "forget", str(story.forgotten), "--reason", "請求", "--as", ADMIN_USER)
    kasane(settings, "events", "export", "-o", str(export))

    app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    read_models = build_read_models(settings, app)
    try:
        read_models.catch_up()
        stored = whole_store(settings, read_models)
        sqlite = settings.sqlite_path()
        if sqlite is not None:
            stored += b"".join(p.read_bytes() for p in (Path(f"{sqlite}-shm"),) if p.exists())
    finally:
        read_models.close()
        app.close()
    searched = (HOUSEHOLD, PRINCIPAL, DECISIONS, *PERSONAL)
    assert [t for t in searched if found(stored, t)] == []
    assert [t for t in searched if in_logs(log.getvalue(), t)] == []
    assert [t for t in searched if found(gzip.decompress(export.read_bytes()), t)] == []
