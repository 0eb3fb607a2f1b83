"""The access-control matrix: every route of the app × role × the user's agency's part in a case and its meetings.

One world per store (built once, then only HTTP requests): the 山田家 case, led by the 福祉相談課, with an agency
involved in it, one it was referred to, a 重層的支援会議 and a 支援会議 that discussed it (each
attended by one more agency), a 支援会議 scheduled to take it up, and an agency with no part in any of it. For every
route (read from ``app.routes``, so a new route without an entry here fails) and every user, the expected status
follows from three facts stated here, not read from the code under test: which roles the route is for, which
object its URL names, and which agencies may see that object. A refused answer (401/403/404) holds no name of the
household and no meeting text; whoever may not see the case never gets its names anywhere, planners and admins
included; no agency that did not attend the 支援会議 gets its record from any route, and the 重層的支援会議's
record (summary, decisions, role allocation) reaches its attendees only. Write routes get an empty body: the
allowed ones answer 422 and nothing is written, so the world stays the same for every cell.

Every request of every cell goes through the app (guard, audit, print view); only WeasyPrint's layout of a print
view is done once per distinct HTML (``OncePerDocument``): a PDF is a function of its HTML, which names no reader, so
every user allowed a document gets the same bytes (``test_users_allowed_one_document_get_the_same_pdf`` shows it
with the real layout). Laying out the same four documents for every allowed user was a quarter of this file's time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.builders import TODAY, given_standard_setup
from tests.conftest import FAST_PASSWORD_HASHING, POSTGRES_URL, fresh_postgres
from tests.integration.web.access_routes import CASE_LINK, NOT_ROUTES, expected_status, probes
from tests.integration.web.access_world import (
    CASEWORK_ROLES,
    HOUSEHOLD,
    LAYERED_ITEM,
    LAYERED_RECORD,
    SCHEDULED_TITLE,
    SEES,
    SUPPORT_RECORD,
    USERS,
    World,
    given_the_world,
)
from tests.integration.web.conftest import Web
from web.app import create_app
from web.printing import layout
from web.storage.settings import Settings


class OncePerDocument:
    """WeasyPrint's layout (``web.printing.layout.pdf_of``), done once per distinct input and remembered after.

    The print route still runs for every request (access check, audit, the print view's HTML); only the layout of
    HTML already laid out is skipped, and it would give the same bytes (the digests test below).
    """

    def __init__(self, lay_out: Callable[..., bytes]) -> None:
        self.lay_out = lay_out
        self.done: dict[tuple[str, str, str], bytes] = {}
        self.reused = 0

    def __call__(self, html: str, *, base_url: str, static_url: str) -> bytes:
        key = (html, base_url, static_url)
        if key in self.done:
            self.reused += 1
        else:
            self.done[key] = self.lay_out(html, base_url=base_url, static_url=static_url)
        return self.done[key]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'kasane.db'}"
    else:
        fresh_postgres(POSTGRES_URL)  # as an app start leaves an empty store: its start need not make every table
        url = POSTGRES_URL
    api = create_app(Settings(database_url=url, **FAST_PASSWORD_HASHING), today=lambda: TODAY)
    with TestClient(api) as client, pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "pdf_of", OncePerDocument(layout.pdf_of))
        web = Web(client, api.state.kasane, api.state.read_models, api)
        web.seeded(given_standard_setup)
        yield given_the_world(web)


def routes_of(api: FastAPI) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in iter_route_contexts(api.routes)
        for method in (route.methods or ())
        if method != "HEAD" and route.path is not None and route.path not in NOT_ROUTES
    }


def test_every_route_of_the_app_has_its_row_in_the_matrix(world: World) -> None:
    app_routes = routes_of(world.web.api)
    listed = set(probes(world))
    assert app_routes - listed == set(), "a route without a row in the access matrix"
    assert listed - app_routes == set(), "a row for a route the app no longer has"
    assert {m.path for m in iter_route_contexts(world.web.api.routes) if not m.methods} == NOT_ROUTES


def secrets_for(role: str, relation: str) -> tuple[str, ...]:
    """What this user must never receive, from any route."""
    hidden: list[str] = []
    if role not in CASEWORK_ROLES or relation not in SEES["case"]:
        hidden += HOUSEHOLD
    if role not in CASEWORK_ROLES or relation not in SEES["support"]:
        hidden += SUPPORT_RECORD
    if role not in CASEWORK_ROLES or relation not in SEES["layered"]:
        hidden += LAYERED_RECORD
    if role not in CASEWORK_ROLES or relation not in SEES["scheduled"]:
        hidden.append(SCHEDULED_TITLE)
    return tuple(hidden)


@pytest.mark.parametrize(("role", "relation"), USERS, ids=[f"{r}-{a}" for r, a in USERS])
def test_each_route_answers_each_user_as_the_matrix_says_and_refusals_reveal_nothing(
    world: World, role: str, relation: str
) -> None:
    web = world.web
    username = f"{role}-{relation}"
    web.login(username)
    before = web.events()
    hidden = secrets_for(role, relation)
    refused_everything = HOUSEHOLD + SUPPORT_RECORD + LAYERED_RECORD + (LAYERED_ITEM, SCHEDULED_TITLE)
    failures: list[str] = []
    denied: list[tuple[str, int]] = []
    for (method, _), route_probes in probes(world).items():
        for probe in route_probes:
            answer = web.client.request(
                method, probe.url, data=probe.data, json=probe.json, headers=probe.headers, follow_redirects=False
            )
            want = expected_status(probe, role, relation)
            where = f"{method} {probe.url}"
            if answer.status_code != want:
                failures.append(f"{where}: {answer.status_code}, expected {want}")
                continue
            text = answer.text
            if want in (401, 403, 404):
                leaked = [s for s in refused_everything + world.households if s in text]
                if leaked:
                    failures.append(f"{where}: refused but shows {leaked}")
                if want in (403, 404):
                    denied.append((probe.url.split("?")[0], want))
                continue
            if probe.url.endswith(".pdf"):
                if answer.headers["content-type"] != "application/pdf" or not answer.content.startswith(b"%PDF-"):
                    failures.append(f"{where}: not a PDF ({answer.headers['content-type']})")
                continue
            if not probe.contents_checked:
                continue
            leaked = [s for s in hidden if s in text]
            if role not in CASEWORK_ROLES:
                leaked += [s for s in world.households if s in text]
                leaked += ["a link to a case page"] if CASE_LINK.search(text) else []
            if leaked:
                failures.append(f"{where}: shows {leaked}")
            if probe.shows_case_to and relation in SEES[probe.shows_case_to] and "山田家" not in text:
                failures.append(f"{where}: the household is missing")
    assert failures == [], "\n".join(failures)
    assert web.events() == before, "refused and invalid requests write nothing"
    web.login("admin-lead")  # the audit log as its reader sees it
    audited = {(a.path, a.status) for a in web.api.state.audit.accesses(username=username) if a.action == "denied"}
    assert set(denied) <= audited, set(denied) - audited


def test_users_allowed_one_document_get_the_same_pdf(world: World) -> None:
    """What lets the matrix lay each document out once: two users of different roles and agencies allowed the case's
    record get the same bytes from WeasyPrint itself (no layout remembered), and the matrix's cells reuse layouts."""
    remembered = layout.pdf_of
    assert isinstance(remembered, OncePerDocument)
    digests = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(layout, "pdf_of", remembered.lay_out)
        for username in ("coordinator-lead", "supervisor-referred"):
            world.web.login(username)
            answer = world.web.client.get(f"/cases/{world.case_id}/record/print.pdf")
            assert answer.status_code == 200
            digests.append(hashlib.sha256(answer.content).hexdigest())
    assert digests[0] == digests[1]
    world.web.login("coordinator-involved")
    assert world.web.client.get(f"/api/cases/{world.case_id}/record/print.pdf").content.startswith(b"%PDF-")
    assert remembered.done, "the matrix lays its documents out through OncePerDocument"
