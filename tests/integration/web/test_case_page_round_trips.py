"""A case page's waits on PostgreSQL, counted on the wire (libpq's trace, ``bench.round_trips``).

Saturated, the case page shares two cores with the server's backends, and each round trip is a backend's wake-up
as well as a wait (docs/benchmarks.md, "The case page on PostgreSQL: its statements and round trips"). Its reads
are single statements in READ COMMITTED, each its own snapshot anyway, so they need no transaction: the page's
catch-up and its reads share one checked-out connection in autocommit, the session is looked up without one, and
the statements a connection runs again and again stay prepared on the server (a ``ROLLBACK`` made psycopg forget
them). The page must show the same thing, and see what was recorded just before it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.round_trips import Tracer
from tests.builders import given_open_case
from tests.integration.test_concurrency import a_phone_consultation
from tests.integration.web.conftest import Web
from web.storage.event_store import store_engine

pytestmark = [
    pytest.mark.parametrize("database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True),
    pytest.mark.own_app,  # its engines are traced from now on: not the shared app's
]

PAGE_ROUND_TRIPS = 13
"""The pool's ping, the head and positions, the session, the page's 6 reads of this case (the scope check among
them), all on one connection; the audit entry's 4 (ping, BEGIN with its pipeline, the last link, the new link with
COMMIT). 17 until 2026-12-08 (8 reads: the agencies and referrals, and the casework, each apart; the audit entry's
BEGIN and COMMIT each a trip of its own). Main before 2026-12-07: 24 (a second ping and BEGIN … ROLLBACK around the
reads, a ping and BEGIN … COMMIT around the session's, the case's meetings in two statements)."""


@pytest.fixture
def tracer(web: Web) -> Iterator[Tracer]:
    state = web.api.state
    engines = (state.read_models.engine, state.sessions.engine, state.audit.writes_engine, store_engine(state.kasane))
    traced = Tracer(tuple(dict.fromkeys(engines)))
    yield traced
    traced.close()


def transaction_commands(texts: list[str]) -> list[str]:
    return [t for t in texts if t.split(" ")[0] in ("BEGIN", "ROLLBACK", "COMMIT", "DEALLOCATE")]


def test_a_case_page_reads_without_a_transaction_in_few_round_trips(web: Web, tracer: Tracer) -> None:
    case_id = web.seeded(given_open_case)
    for _ in range(3):  # the pools' connections made, the caches filled
        assert web.client.get(f"/cases/{case_id}").status_code == 200

    with tracer.counting() as trips:
        page = web.client.get(f"/cases/{case_id}")

    assert page.status_code == 200 and "山田" in page.text
    assert transaction_commands(trips.texts) == ["BEGIN", "COMMIT"]  # the audit entry's, nothing else
    assert trips.round_trips == PAGE_ROUND_TRIPS


def test_the_case_pages_reads_stay_prepared_on_the_server(web: Web, tracer: Tracer) -> None:
    case_id = web.seeded(given_open_case)
    for _ in range(8):  # psycopg prepares a statement the fifth time a connection runs it
        assert web.client.get(f"/cases/{case_id}").status_code == 200

    with tracer.counting() as trips:
        assert web.client.get(f"/cases/{case_id}").status_code == 200

    # every read bound to a statement the server has planned before; the two parsed are the audit entry's BEGIN and
    # COMMIT, sent in its pipelines (main before 2026-12-07: 10, the page's reads parsed and planned every time)
    assert trips.parsed == 2, trips.texts


def test_a_case_page_shows_what_was_recorded_just_before_it(web: Web, tracer: Tracer) -> None:
    case_id = web.seeded(given_open_case)
    for _ in range(6):
        assert web.client.get(f"/cases/{case_id}").status_code == 200

    web.kasane.execute(a_phone_consultation(case_id))  # not caught up by hand: the page's catch-up does it
    page = web.client.get(f"/cases/{case_id}")

    assert page.status_code == 200
    assert "長女から電話" in page.text
