"""One page, in process: its SQL statements counted and timed, and where its time goes (sampled).

The load benchmark (``bench.web``) says how fast a page is; this says where its time goes. It serves the
benchmark store through FastAPI's TestClient (no server, no network), logs in as ``bench.web`` does, requests
the page ``--repeat`` times after a warm-up, and prints per request: statements, their time, the page's time, and
the functions of our own code (and the libraries') most often on the stack of the threads serving it, sampled
every millisecond (cProfile sees only the thread it runs in, and the app runs in the TestClient's threads):

    .venv/bin/python -m bench.page_profile --store sqlite --size city --url /cases/{case_id}
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from types import FrameType
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


OURS = str(Path(__file__).resolve().parents[1])
"""Samples of threads running none of our code (idle workers, the event loop waiting) are left out."""


class Sampler(threading.Thread):
    """Every ``interval`` s, which functions are on the stack of each other thread (inclusive) and on top (self)."""

    def __init__(self, interval: float = 0.001) -> None:
        super().__init__(daemon=True)
        self.interval, self.samples = interval, 0
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        self._finished = threading.Event()

    def run(self) -> None:
        me, main = threading.get_ident(), threading.main_thread().ident
        while not self._finished.wait(self.interval):
            for ident, top in sys._current_frames().items():
                if ident in (me, main):
                    continue
                seen: set[str] = set()
                frame: FrameType | None = top
                while frame is not None:
                    code = frame.f_code
                    seen.add(f"{code.co_filename.split('site-packages/')[-1]}:{code.co_name}")
                    frame = frame.f_back
                if not any(name.startswith(OURS) for name in seen):
                    continue  # an idle worker thread or event loop
                self.samples += 1
                self.inclusive.update(seen)
                self.own[f"{top.f_code.co_filename.split('site-packages/')[-1]}:{top.f_code.co_name}"] += 1

    def stop(self) -> None:
        self._finished.set()
        self.join()


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
        sampler = Sampler()
        sampler.start()
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            response = client.get(path)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        sampler.stop()
    print(f"{path}: {response.status_code}, {len(response.content):,} bytes")
    per = 1000 / repeat
    print(f"per request: {elapsed * per:.1f} ms ({cpu * per:.1f} ms CPU of this process, both ends of the client),")
    print(f"{statements.count / repeat:.1f} statements taking {statements.seconds * per:.1f} ms")
    for text, count in statements.texts.most_common(top):
        print(f"{count / repeat:6.1f}× {text}")
    for title, counts in (("on the stack", sampler.inclusive), ("on top", sampler.own)):
        print(f"\n{title} (share of {sampler.samples} samples):")
        for name, count in counts.most_common(top):
            print(f"{count / max(sampler.samples, 1):6.1%} {name}")


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
