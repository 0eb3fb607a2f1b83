"""One page of the log applied to several read models in ONE transaction, and what the runners share to do it.

A page is read and decoded once (``decode``) and applied to every read model
at its position together (``apply_together``), each position compare-and-set
first; a replay of the whole log reads the case keys at once (``keys_held``).
Kept apart from ``catch_up`` (one read model's runner) and ``together`` (many
read models' pass over the log), which both apply pages this way.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy.engine import Connection

from projections.engine import positions
from projections.engine.reads import transaction

if TYPE_CHECKING:
    from projections.engine.catch_up import Runner


class Overtaken(Exception):
    """Another process advanced one of the read models of a page first: the page's transaction is rolled back."""


def keys_held(app: Application[UUID]) -> AbstractContextManager[Any]:
    """For a replay of the whole log: the application's case keys read at once (``KeyStore.held``), if it has them."""
    hold = getattr(getattr(app, "case_keys", None), "held", None)
    return hold() if hold is not None else nullcontext()


def decode(app: Application[UUID], page: Sequence[Notification]) -> list[tuple[int, Any]]:
    return [(n.id, app.mapper.to_domain_event(n)) for n in page]


def apply_together(
    runners: Sequence[Runner],
    position: int,
    page: Sequence[Notification],
    events: Sequence[tuple[int, Any]],
    lent: Connection | None = None,
) -> bool:
    """Apply ``page`` to all of ``runners`` (one engine, all at ``position``) and advance them, in ONE transaction.

    Every position is compare-and-set first, all in one statement (``positions.advance_together``): if any of
    them was moved by another process, nothing of the page is committed for any of them and False is returned.
    A read model failing mid-page rolls back the whole page, for all of them. ``lent``: a reading connection
    of their engine to apply it on (``reads.transaction``).
    """
    versions = {runner.name: runner.projection.version for runner in runners}
    try:
        with transaction(runners[0].engine, lent) as connection:
            if not positions.advance_together(connection, versions, expected=position, to=page[-1].id):
                raise Overtaken
            for runner in runners:
                runner.projection.apply_page(events, connection)
    except Overtaken:
        return False
    return True
