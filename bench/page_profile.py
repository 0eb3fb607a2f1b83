"""One page, in process: its SQL statements counted and timed, and a cProfile of its requests.

The load benchmark (``bench.web``) says how fast a page is; this says where its time goes. It serves the
benchmark store through FastAPI's TestClient (no server, no network), logs in as ``bench.web`` does, requests
the page ``--repeat`` times after a warm-up, and prints per request: statements, their time, the page's time, and
the top of the profile by cumulative time:

    .venv/bin/python -m bench.page_profile --store sqlite --size city --url /cases/{case_id}
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections import Counter
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient

from bench.stores import TODAY, ensure_loaded, store_url
from bench.web import PASSWORD, give_password, placeholders
from web.app import create_app
from web.storage.settings import Settings


class Statements:
    """Every SQL statement any engine of this process runs, with its time (a SQLAlchemy event listener)."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.texts: Counter[str] = Counter()
        self._started: list[float] = []
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", self._before)
        sa.event.listen(sa.engine.Engine, "after_cursor_execute", self._after)

    def _before(self, *_: Any) -> None:
        self._started.append(time.perf_counter())

    def _after(self, _connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.count += 1
        self.seconds += time.perf_counter() - self._started.pop()
        self.texts[" ".join(statement.split())[:150]] += 1

    def reset(self) -> None:
        self.count, self.seconds, self.texts = 0, 0.0, Counter()


def profile(store: str, size: str, url: str, repeat: int, top: int) -> None:
    ensure_loaded(store, size)
    database = store_url(store, size)
    values = placeholders(database)
    give_password(database, values["coordinator"])
    path = url.format(**values)
    statements = Statements()
    with TestClient(create_app(Settings(database_url=database), today=lambda: TODAY)) as client:
        login = client.post("/login", data={"username": values["coordinator"], "password": PASSWORD})
        assert login.status_code == 200, login.status_code
        assert client.get(path).status_code == 200  # warm-up: caches, templates, the first catch-up
        statements.reset()
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(repeat):
            response = client.get(path)
        profiler.disable()
        elapsed = time.perf_counter() - started
    print(f"{path}: {response.status_code}, {len(response.content):,} bytes")
    print(f"per request: {elapsed / repeat * 1000:.1f} ms, {statements.count / repeat:.1f} statements taking")
    print(f"{statements.seconds / repeat * 1000:.1f} ms")
    for text, count in statements.texts.most_common(top):
        print(f"{count / repeat:6.1f}× {text}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="city")
    parser.add_argument("--url", default="/cases/{case_id}")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    profile(args.store, args.size, args.url, args.repeat, args.top)


if __name__ == "__main__":
    main()
