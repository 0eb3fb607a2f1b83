"""CPU per ``/caseload`` request's queries (this process + the PostgreSQL backends), scoped and unscoped.

``bench.caseload`` times the page by the clock, which a shared machine at load 8 mostly turns into waiting for a
core; this runs the same ``whole_page`` and the action item parts of ``page_parts`` through ``bench.cpu.batch``
(mean client and server CPU over ``times`` calls). It imports only what older checkouts have too: for an
interleaved before/after, copy it to ``/tmp`` and run it as a script from the older checkout (``PYTHONPATH=.``;
run from ``bench/`` itself, ``bench/web.py`` would shadow the ``web`` package). In this checkout:

    .venv/bin/python -m bench.caseload_cpu --store sqlite --size city --times 30
"""

from __future__ import annotations

import argparse
import json

from bench import caseload
from bench.cpu import ServerCpu, batch
from bench.stores import open_app, open_read_models, store_url
from bench.web import placeholders
from web.demo.data import USERS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--size", default="city")
    parser.add_argument("--times", type=int, default=30)
    args = parser.parse_args(argv)
    url = store_url(args.store, args.size)
    app = open_app(url)
    read_models = open_read_models(url, app)
    server = ServerCpu(url)
    coordinator = placeholders(url)["coordinator"]
    scope = (next(a for username, _, _, a in USERS if username == coordinator), coordinator)
    figures = {}
    try:
        with read_models.engine.connect() as connection:
            for label, seen in (("scoped", scope), ("unscoped", None)):
                page = lambda seen=seen: caseload.whole_page(connection, seen, summary=True)  # noqa: E731
                figures[label] = batch(server, page, args.times)
                for name, part in caseload.page_parts(connection, seen).items():
                    if "action" in name:
                        figures[f"{label}.{name}"] = batch(server, part, args.times)
    finally:
        server.close()
        read_models.close()
        app.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
