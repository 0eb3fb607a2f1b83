"""A served process sets its start-up heap aside from the garbage collector, and collects young objects less often.

After start-up a server process holds ~230,000 objects the collector tracks (FastAPI's route models, SQLAlchemy's
tables and compiled statements, the templates) that live as long as the process. Every full collection walked all
of them: one of 350–500 ms every ~300 case pages (1.2–1.7 ms a page, and a stall of every request in flight), and
the middle generation, collected every ~30 pages, another 0.2–0.3 ms a page (``gc.callbacks`` around 300 case pages
in process, town store, 2026-12-07). ``gc.freeze()`` moves the start-up heap to the permanent generation, which no
collection walks; and a case page leaves ~1,300 container objects to the collector (request state in reference
cycles), so the youngest generation's threshold of 700 ran ~2 collections a page: at ``YOUNG_THRESHOLD`` the
collector runs every few pages, when more of what the pages made has already been freed by reference counting.

Only the server does this (``kasane serve``, each worker): an app started in a test process is one of many, and
freezing there would keep every earlier app's heap for the rest of the run.
"""

from __future__ import annotations

import gc
import socket

import uvicorn

YOUNG_THRESHOLD = 10_000
"""Allocations (less deallocations) of tracked objects between two collections of the youngest generation."""


def set_heap_aside() -> None:
    """Collect once, freeze what is left (the start-up heap), and collect the youngest generation less often."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, oldest)


class Server(uvicorn.Server):
    """uvicorn's server, which sets the heap aside once the app's lifespan has started (its stores open)."""

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        set_heap_aside()
