"""``kasane serve`` runs on uvloop's event loop and httptools' parser (``web.http.workers.server_config``).

Both cost less CPU a request than asyncio's loop and h11 (docs/benchmarks.md, 2026-12-08); uvicorn's "auto" would
fall back to the slower pair without a word when they are missing, so the configuration names them.
"""

from __future__ import annotations

import uvloop
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from web.http.workers import server_config


def test_a_served_process_runs_on_uvloop() -> None:
    loop_factory = server_config().get_loop_factory()
    assert loop_factory is not None
    loop = loop_factory()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()


def test_a_served_process_parses_http_with_httptools() -> None:
    config = server_config()
    assert isinstance(config.http, type) and issubclass(config.http, HttpToolsProtocol)
