"""``kasane serve --workers 2``: two server processes take writes at once and the read models stay a replay.

Real processes and real HTTP on each store: the CLI starts two uvicorn workers on one port; eight clients open
cases through the API at the same time (the connections spread over both workers, each catching the read models
up after its own command, racing the other's page commits); every answer is a 201 and the case shows at once to
the one who opened it (read-your-writes, whichever worker answered). Afterwards the read models equal a
from-scratch replay of the log.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.application import Kasane
from tests.builders import TODAY, given_standard_setup
from tests.integration.web.conftest import PASSWORD
from tests.read_models import table_contents
from web.storage.bootstrap import build_read_models, credentials
from web.storage.event_store import engine_for
from web.storage.settings import Settings, eventsourcing_env

KASANE = str(Path(sys.executable).parent / "kasane")
CLIENTS = 8
CASES_EACH = 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(settings: Settings, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "KASANE_DATABASE_URL": settings.database_url,
        "KASANE_PASSWORD_TIME_COST": str(settings.password_time_cost),
        "KASANE_PASSWORD_MEMORY_KIB": str(settings.password_memory_kib),
    }
    with log.open("wb") as errors:
        server = subprocess.Popen(
            [KASANE, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
        if server.poll() is not None:
            pytest.fail(f"the server stopped: {log.read_text()[-2000:]}")
    server.kill()
    pytest.fail("the server did not answer /health")


def open_case(n: int) -> dict[str, Any]:
    return {
        "opened_on": "2026-11-02",
        "household_name": f"並行{n}家",
        "members": [{"name": f"並行 {n}", "relationship": "principal", "birth_date": "1950-01-01"}],
        "issue_tags": ["elderly"],
        "area": "chuo",
        "intake_agency": "fukushi-soudan",
        "lead_agency": "fukushi-soudan",
        "coordinator": "sato",
        "channel": "visit",
        "requester_type": "neighbour",
    }


async def client(base: str, index: int) -> list[tuple[int, bool]]:
    """Log in on a connection of its own, then open cases; (status, seen in my list at once) for each."""
    answers = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        await http.post("/login", data={"username": "sato", "password": PASSWORD})
        http.headers["X-CSRF-Token"] = (await http.get("/api/session")).json()["csrf_token"]
        for k in range(CASES_EACH):
            created = await http.post("/api/cases", json=open_case(index * CASES_EACH + k))
            case_id = created.json().get("id") if created.status_code == 201 else None
            shown = case_id is not None and (await http.get(f"/api/cases/{case_id}")).status_code == 200
            answers.append((created.status_code, shown))
    return answers


async def everyone(base: str) -> list[list[tuple[int, bool]]]:
    return list(await asyncio.gather(*(client(base, i) for i in range(CLIENTS))))


def test_two_workers_taking_writes_keep_the_read_models_equal_to_a_replay(settings: Settings, tmp_path: Path) -> None:
    app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    try:
        given_standard_setup(app)
        engine = engine_for(settings.database_url)
        try:
            credentials(settings, engine).set_password("sato", PASSWORD)
        finally:
            engine.dispose()
        port = free_port()
        server = serve(settings, port, workers=2, log=tmp_path / "server.log")
        try:
            results: list[Any] = []
            worker = threading.Thread(target=lambda: results.append(asyncio.run(everyone(f"http://127.0.0.1:{port}"))))
            worker.start()
            worker.join(timeout=300)
        finally:
            server.terminate()
            server.wait(timeout=60)
        assert "Started server process" in (tmp_path / "server.log").read_text()  # uvicorn says so per worker
        assert (tmp_path / "server.log").read_text().count("Started server process") == 2
        answers = [answer for each in results[0] for answer in each]
        assert answers == [(201, True)] * (CLIENTS * CASES_EACH)

        read_models = build_read_models(settings, app)
        try:
            read_models.catch_up()  # nothing left: the workers caught up after each command
            served = table_contents(read_models)
            assert len(served["case_list"]) == CLIENTS * CASES_EACH
            read_models.rebuild()
            assert table_contents(read_models) == served
        finally:
            read_models.close()
    finally:
        app.close()
