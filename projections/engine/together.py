"""Catching several read models up, or rebuilding them, in ONE pass over the log.

Each page is read and decoded once for all the read models at that position
(``projections.engine.page_transaction``); the catalogue uses these for its
catch-ups and for ``kasane projections rebuild``. Kept apart from
``catch_up``, which is one read model's runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy.engine import Connection

from domain.loading_together import RecallsItsLatestSave
from projections.engine import positions
from projections.engine.catch_up import OnPage, Progress, Runner, _ShadowBuilder
from projections.engine.page_transaction import apply_together, decode, keys_held
from projections.engine.versioning import Shadow


def catch_up_together(
    runners: Sequence[Runner],
    *,
    target: int | None = None,
    known: dict[str, positions.Position] | None = None,
    on_page: OnPage | None = None,
    lent: Connection | None = None,
) -> int:
    """Catch ``runners`` up to ``target`` (default: the log's head) reading and decoding each page ONCE for all.

    The read models at the lowest position form a group: the page after it
    (up to the next read model's position, so the group then joins it) is
    applied to the whole group in one transaction per database (the normal
    case: one transaction, which also advances every position of the group).
    A read model that is new or was built by another version starts (or is
    rebuilt beside) on its own first, then joins the others. If another
    process applied a page first, the committed positions are read again and
    the loop goes on from there, so this returns only when every read model
    has reached ``target``. ``known`` are positions already read (the
    compare-and-set catches any that moved since); ``lent``, the connection they
    were read with, which applies the pages of its engine (``reads.transaction``).
    Returns the events applied, summed over the read models.
    """
    if not runners:
        return 0
    app = runners[0].app
    target = runners[0].head() if target is None else target
    processed = 0
    at: dict[Runner, int] = {}
    for runner in runners:
        stored = (known or {}).get(runner.name)
        if stored is not None and runner._built_by_this(stored):
            at[runner] = stored.position
            continue
        at[runner], rebuilt = runner._start_or_rebuild(on_page=None)
        processed += rebuilt
    while behind := {runner: position for runner, position in at.items() if position < target}:
        low = min(behind.values())
        group = [runner for runner, position in behind.items() if position == low]
        stop = min((position for position in behind.values() if position > low), default=target)
        page = _saved_here(app, low, stop, group[0].page_size) or group[0]._page(low, stop)
        if not page:  # nothing recorded between here and there (a log replaced under a stale build): leave them
            for runner in group:
                del at[runner]
            continue
        events = decode(app, page)
        for engine in dict.fromkeys(runner.engine for runner in group):
            together = [runner for runner in group if runner.engine is engine]
            if apply_together(together, low, page, events, lent):
                processed += len(page) * len(together)
                for runner in together:
                    at[runner] = page[-1].id
            else:
                for runner in together:
                    at[runner] = runner._committed_position()
        if on_page is not None:
            on_page(Progress(processed=processed, position=min(at.values(), default=target), target=target))
    return processed


def _saved_here(app: Application[UUID], after: int, upto: int, page_size: int) -> Sequence[Notification] | None:
    """The page as this thread's latest save recorded it, when that is exactly the page (``RecallsItsLatestSave``)."""
    if upto - after > page_size or not isinstance(app, RecallsItsLatestSave):
        return None
    return app.saved_between(after, upto)


def rebuild_together(runners: Sequence[Runner], *, on_page: OnPage | None = None) -> int:
    """Rebuild every one of ``runners`` beside its current tables in ONE pass over the log, then swap each in.

    Each read model is built in its own shadow namespace (``projections.engine.versioning``), so each one's pages
    commit in its own transaction, but every page is read and decoded once for all of them. Readers see the current
    tables until each swap; a rebuild that dies half-way resumes where each build stopped.
    """
    if not runners:
        return 0
    with ExitStack() as stack:
        for runner in runners:
            stack.enter_context(runner._upgrading)
        stack.enter_context(keys_held(runners[0].app))
        shadows: list[tuple[Runner, Shadow]] = []
        done: set[str] = set()
        try:
            for runner in runners:
                shadow = Shadow(runner.engine, runner.name)
                shadows.append((runner, shadow))
                shadow.prepare()
            builders = [
                _ShadowBuilder(runner.projection, runner.app, shadow.building, page_size=runner.rebuild_page_size)
                for runner, shadow in shadows
            ]
            built = catch_up_together(builders, on_page=on_page)
            for runner, shadow in shadows:
                if shadow.swap(
                    runner.name,
                    runner.projection.metadata,
                    version=runner.projection.version,
                    fingerprint=runner.fingerprint,
                    replace_current=True,
                ):
                    done.add(runner.name)
        finally:
            for runner, shadow in shadows:
                shadow.close(discard=runner.name in done)
    return built + catch_up_together(runners, on_page=on_page)
