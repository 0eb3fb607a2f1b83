"""Long lists one page at a time: keyset paging with an exact total.

A page is asked for by the id of the last row of the page before (``after``),
never by a row number: the database continues from that row's place in the
sort (``WHERE key > cursor ORDER BY key LIMIT n``), so page 100 costs what page
1 costs, and a row added or closed while someone reads does not shift the rows
they have not seen yet. The cursor is an id that already appears in the
list's own links (a case id, an action item id), never a sort value such as a
household name, so no personal data lands in URLs, server logs or the audit
log's query strings.

The total counts every matching row (one ``COUNT``), and ``start`` how many
sort before this page, so a screen can say "1,234件中 51〜100件目".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from domain.errors import InvalidInput

T = TypeVar("T")
U = TypeVar("U")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
"""A page never holds more rows than this, whatever a client asks for."""

Order = Sequence[tuple[Any, bool]]
"""The sort: (column, descending) pairs, the last one a unique id (ties must not exist)."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, and where it stands in the whole."""

    items: list[T]
    total: int
    """Every row matching the filters, on all pages."""
    start: int
    """Matching rows sorted before this page (0 on the first page)."""
    limit: int
    next_after: UUID | None
    """Pass as ``after`` to get the next page; None on the last page."""

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        return Page([convert(item) for item in self.items], self.total, self.start, self.limit, self.next_after)


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"a page holds 1 to {MAX_LIMIT} rows, not {limit}", field="limit")
    return limit


def keyset_page(
    connection: Connection,
    matching: sa.Select[Any],
    order: Order,
    *,
    limit: int,
    cursor: sa.Select[Any] | None = None,
    total: int | None = None,
) -> Page[Row[Any]]:
    """The rows of ``matching`` that sort after ``cursor``'s row, at most ``limit`` of them.

    ``total``: the number of matching rows when the caller already knows it (a maintained count), else counted.

    ``cursor`` selects the sort columns of the row to continue after (by id, within
    what the reader may see, but regardless of the filters: a row that stopped
    matching still marks the place). No such row: ``InvalidInput`` on ``after``.
    """
    check_limit(limit)
    if total is None:
        total = connection.execute(sa.select(sa.func.count()).select_from(matching.subquery())).scalar_one()
    query, start = matching, 0
    if cursor is not None:
        values = connection.execute(cursor).first()
        if values is None:
            raise InvalidInput("the row to continue after is not in this list", field="after")
        later = _after(order, tuple(values))
        start = connection.execute(
            sa.select(sa.func.count()).select_from(matching.where(sa.not_(later)).subquery())
        ).scalar_one()
        query = matching.where(later)
    rows = connection.execute(
        query.order_by(*(column.desc() if descending else column for column, descending in order)).limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(list(rows), total, start, limit, rows[-1]._mapping[order[-1][0]] if more else None)


def _after(order: Order, values: tuple[Any, ...]) -> sa.ColumnElement[bool]:
    """Rows that sort after the row whose sort values are ``values`` (lexicographic, per-column direction)."""
    alternatives = []
    for n, (column, descending) in enumerate(order):
        same_so_far = [c == v for (c, _), v in zip(order[:n], values[:n], strict=True)]
        alternatives.append(sa.and_(*same_so_far, column < values[n] if descending else column > values[n]))
    return sa.or_(*alternatives)
