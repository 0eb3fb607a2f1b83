"""Several small lists of one case read as one UNION ALL: one statement (on PostgreSQL one round trip) for all.

Each branch selects its list's columns into shared slots, a typed NULL where it has none, and numbers its rows in
its list's own order (``numbered``); the union is ordered by (kind, n), so each list comes back in its order.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def numbered(kind: str, *order: Any) -> tuple[Any, Any]:
    """The branch's kind and each row's number in ``order`` (the columns ``kind`` and ``n``)."""
    return sa.literal(kind, sa.String).label("kind"), sa.func.row_number().over(order_by=order).label("n")


def none(kind: Any, name: str) -> Any:
    """A slot the branch has no value for: NULL of the slot's type."""
    return sa.cast(sa.null(), kind).label(name)


def in_order(union: sa.CompoundSelect[Any]) -> sa.CompoundSelect[Any]:
    """The union with each list's rows together, in their list's order."""
    return union.order_by(sa.literal_column("kind"), sa.literal_column("n"))
