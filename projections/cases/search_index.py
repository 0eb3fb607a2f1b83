"""The case search's blind index: keyed hashes of the name and kana bigrams of each case's household and members.

The searchable names stay out of this table: each row is an HMAC of a bigram
under the installation's search key (``web.storage.keystore.KeyStore.search_key``,
derived from the master key), so a copy of the database without the key does
not say who is in it. Forgetting a case (``PersonalDataErased``) deletes its
rows, so a forgotten household can no longer be found; a rebuild after that
sees only the erased placeholder and indexes nothing for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.application import Application
from sqlalchemy.engine import Connection

from domain.application import Kasane
from domain.case import Case
from domain.household import Member
from domain.personal_data import ERASED
from projections.cases.search_terms import KeyedGrams
from projections.engine.bulk_rows import insert_rows
from projections.engine.catch_up import Projection
from projections.engine.versioning import AFTER_LOAD

metadata = sa.MetaData()

HOUSEHOLD = "household"
"""The source of the household name's tokens; a member's are under its member id."""

case_search_tokens = sa.Table(
    "case_search_tokens",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("source", sa.String(40), primary_key=True),
    sa.Column("token", sa.String(32), primary_key=True),
)
sa.Index("case_search_by_token", case_search_tokens.c.token, case_search_tokens.c.case_id, info={AFTER_LOAD: True})


class CaseSearchIndex(Projection):
    name = "case_search_index"
    version = 1
    metadata = metadata

    def __init__(self) -> None:
        self.keyed: KeyedGrams | None = None

    def bind(self, app: Application[UUID]) -> None:
        if not isinstance(app, Kasane):
            raise TypeError("the search index keys its grams with Kasane's case keys")
        self.keyed = KeyedGrams(app.case_keys.search_key())

    @singledispatchmethod
    def apply(self, event: Any, connection: Connection) -> None:
        """Other events name nobody searchable."""

    def apply_page(self, page: Sequence[tuple[int, Any]], connection: Connection) -> None:
        """The page's new tokens are inserted together (one executemany), before any delete and at the end."""
        connection.info[_PENDING] = []
        try:
            super().apply_page(page, connection)
            _flush(connection)
        finally:
            del connection.info[_PENDING]

    @apply.register(Case.Opened)
    def _opened(self, event: Any, connection: Connection) -> None:
        self._index(connection, event.originator_id, HOUSEHOLD, (event.household_name,))
        for member in event.members:
            self._index_member(connection, event.originator_id, member)

    @apply.register(Case.MemberAdded)
    @apply.register(Case.MemberUpdated)
    def _member_changed(self, event: Any, connection: Connection) -> None:
        self._forget_source(connection, event.originator_id, str(event.member.member_id))
        self._index_member(connection, event.originator_id, event.member)

    @apply.register(Case.MemberRemoved)
    def _member_removed(self, event: Any, connection: Connection) -> None:
        self._forget_source(connection, event.originator_id, str(event.member_id))

    @apply.register(Case.PersonalDataErased)
    def _erased(self, event: Any, connection: Connection) -> None:
        _flush(connection)
        connection.execute(case_search_tokens.delete().where(case_search_tokens.c.case_id == event.originator_id))

    def _index_member(self, connection: Connection, case_id: UUID, member: Member) -> None:
        self._index(connection, case_id, str(member.member_id), (member.name, member.kana))

    def _index(self, connection: Connection, case_id: UUID, source: str, names: tuple[str, ...]) -> None:
        assert self.keyed is not None, "the search index follows an application (bind) before it applies events"
        tokens = set().union(*(self.keyed.of_name(n) for n in names if n and n != ERASED))
        rows = [{"case_id": case_id, "source": source, "token": t} for t in sorted(tokens)]
        pending = connection.info.get(_PENDING)
        if pending is not None:
            pending.extend(rows)
        elif rows:
            connection.execute(_INSERT, rows)

    @staticmethod
    def _forget_source(connection: Connection, case_id: UUID, source: str) -> None:
        _flush(connection)
        connection.execute(
            case_search_tokens.delete().where(
                case_search_tokens.c.case_id == case_id, case_search_tokens.c.source == source
            )
        )


_PENDING = "case_search_index.pending"
"""``connection.info`` key: the page's tokens not inserted yet (set while a page is being applied)."""
_INSERT = case_search_tokens.insert()


def _flush(connection: Connection) -> None:
    pending = connection.info.get(_PENDING)
    if pending:
        insert_rows(connection, case_search_tokens, pending)
        pending.clear()
