"""Master data (agencies, areas, users, meeting types) is read once per server process, not on every page.

Statements are counted with SQLAlchemy's ``before_cursor_execute`` on every engine of the process (events,
read models, sessions, audit). A case page while nothing changes reads no directory row and stays within a
statement budget; a rename recorded by this server, or by another process on the same store, shows on the
next page (the log moved, so the records are read again, once).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anyio.to_thread
import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.master_data_commands import RenameRecord
from tests.builders import ADMIN, TODAY, given_open_case
from tests.integration.web.conftest import Web
from web.storage.settings import Settings, eventsourcing_env

CASE_PAGE_STATEMENTS = 24
"""What the case page issues at most, all engines together: the log's head and the read models' positions (the
catch-up), the session, the scope check, 14 reads of the page itself, 5 for the audit entry and its hash chain
(and PostgreSQL's table lock for the audit insert). It was 25 (26) before the cache: the user and the names."""
DIRECTORY = re.compile(r"\bFROM directory\b")
CASE_PAGE_HOPS = 3
"""Thread-pool round trips of a case page while nothing changes, each for database work: the guard (the read
connection opened and caught up, the session, the scope check), the route, the audit entry. It was 6 while the
cached master data was looked up in the pool too, and 5 while the read connection had hops of its own (to open,
then to close)."""


@contextmanager
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)


def directory_reads(seen: list[str]) -> int:
    return sum(1 for s in seen if DIRECTORY.search(s))


def test_the_case_page_reads_no_master_data_while_nothing_changes(web: Web) -> None:
    case_id = web.seeded(given_open_case)
    assert web.client.get(f"/cases/{case_id}").status_code == 200  # the first page of the process loads it

    for _ in range(3):
        with statements() as seen:
            page = web.client.get(f"/cases/{case_id}")
        assert page.status_code == 200
        assert directory_reads(seen) == 0, [s for s in seen if DIRECTORY.search(s)]
        assert len(seen) <= CASE_PAGE_STATEMENTS, "\n".join(" ".join(s.split())[:120] for s in seen)


def test_a_rename_shows_on_the_next_page_whoever_recorded_it(web: Web, settings: Settings) -> None:
    case_id = web.seeded(given_open_case)
    assert "福祉相談課" in web.client.get(f"/cases/{case_id}").text

    web.kasane.execute(RenameRecord(actor=ADMIN, kind="agency", code="fukushi-soudan", name="福祉総合相談課"))
    with statements() as seen:
        page = web.client.get(f"/cases/{case_id}")  # this server recorded it: no catch-up by hand
    assert "福祉総合相談課" in page.text
    assert directory_reads(seen) == 1

    other = Kasane(eventsourcing_env(settings), today=lambda: TODAY)  # another process on the same store
    try:
        other.execute(RenameRecord(actor=ADMIN, kind="agency", code="fukushi-soudan", name="くらし相談課"))
    finally:
        other.close()
    page = web.client.get(f"/cases/{case_id}")
    assert "くらし相談課" in page.text and "福祉総合相談課" not in page.text
    assert web.client.get(f"/cases/{case_id}").status_code == 200


def test_the_case_page_hops_to_the_thread_pool_only_for_database_work(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = web.seeded(given_open_case)
    assert web.client.get(f"/cases/{case_id}").status_code == 200  # the first page of the process loads the records
    hops: list[Any] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(function)
        return await run_sync(function, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    assert web.client.get(f"/cases/{case_id}").status_code == 200
    assert len(hops) == CASE_PAGE_HOPS, hops
