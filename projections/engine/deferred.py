"""Work a read model does once per id at the end of a page, instead of once per event.

Both the case list and the meetings read model keep counts (entries of a case,
discussions and open action items of a meeting) that are recounted from their
detail rows whenever one changes. Nothing reads the counts in between, so
within a page of the log each id is recounted once, at the end of the page, by
one statement compiled once and run for all the ids together; an event applied
on its own (not as part of a page) is recounted at once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


class DeferredRecount:
    """The ids whose counts the page being applied changed, kept in ``connection.info`` under ``key``."""

    def __init__(self, key: str, statement: sa.Update, parameter: str) -> None:
        self.key = key
        self.statement = statement
        """Recounts one id, given as the bind parameter ``parameter``."""
        self.parameter = parameter

    @contextmanager
    def page(self, connection: Connection) -> Iterator[None]:
        """Defer the recounts requested inside the block to its end (one executemany), if it ends normally."""
        pending: set[Any] = set()
        connection.info[self.key] = pending
        try:
            yield
        finally:
            del connection.info[self.key]
        if pending:
            connection.execute(self.statement, [{self.parameter: each} for each in sorted(pending)])

    def request(self, connection: Connection, each: Hashable) -> None:
        """Recount ``each`` at the end of the page (now, when no page is being applied)."""
        pending = connection.info.get(self.key)
        if pending is None:
            connection.execute(self.statement, {self.parameter: each})
        else:
            pending.add(each)

    def now_if_pending(self, connection: Connection, each: Hashable) -> None:
        """Recount ``each`` now if the page has asked for it (before something its count depends on changes)."""
        pending = connection.info.get(self.key)
        if pending and each in pending:
            pending.discard(each)
            connection.execute(self.statement, {self.parameter: each})
