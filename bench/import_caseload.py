"""Caseload import throughput: a generated workbook of N rows (default 10,000) into a fresh store.

The store gets the example municipality's master data (examples/setup/sakuragaoka.toml), then a workbook in the
template's layout is generated (a fifth households, 1.5 members per household, meetings taking up three
households each, the rest consultations and visits) and imported as ``kasane import caseload`` does:

- read: the workbook into rows (openpyxl, read-only);
- dry run: every row through the ordinary commands against aggregates held in memory, nothing written;
- import: the same checks again, then every event in one transaction;
- again: the same file a second time (found by its hash; nothing added).

    .venv/bin/python -m bench.import_caseload --store sqlite --rows 10000
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.measure import report
from bench.stores import TODAY, bench_dir, ensure_database
from domain.setup_file import parse_setup
from domain.setup_loading import load_setup
from web.caseload_import.layout import CONTACTS, HOUSEHOLDS, MEETINGS, MEMBERS
from web.caseload_import.run import import_caseload
from web.caseload_import.template import write_rows
from web.caseload_import.workbook import read_path
from web.cli.access import CLI_ACTOR
from web.demo.scale import BatchingKasane
from web.storage.settings import Settings, eventsourcing_env

SETUP = Path(__file__).parents[1] / "examples" / "setup" / "sakuragaoka.toml"
AREAS = ("kita", "chuo", "minami")
AGENCIES = ("fukushi-soudan", "shakyo", "houkatsu-kita")
COORDINATORS = ("sato", "suzuki", "takahashi")
FIRST_DAY = date(2024, 4, 1)


def generated_rows(rows: int, seed: int = 1) -> dict[str, list[list[str]]]:
    """``rows`` rows in all, in the template's columns; the same ``rows`` and ``seed`` give the same file."""
    rng = random.Random(seed)
    households = max(1, rows // 5)
    meetings = max(1, households // 10) if rows >= 20 else 0
    members = min(rows - households - meetings, households * 3 // 2)
    contacts = rows - households - meetings - members
    opened = {h: FIRST_DAY + timedelta(days=rng.randrange(300)) for h in range(1, households + 1)}
    sheets: dict[str, list[list[str]]] = {s.name: [] for s in (HOUSEHOLDS, MEMBERS, CONTACTS, MEETINGS)}
    for h, day in opened.items():
        agency = AGENCIES[h % 3]
        sheets[HOUSEHOLDS.name].append(
            [
                str(h),
                f"世帯{h}",
                day.isoformat(),
                AREAS[h % 3],
                agency,
                agency,
                COORDINATORS[h % 3],
                "電話",
                "本人",
                "高齢者",
                "",
            ]
        )
    for m in range(members):
        h = m % households + 1
        sheets[MEMBERS.name].append([str(h), f"世帯員{m}", "", "1950-01-01", "本人" if m < households else "子"])
    for c in range(contacts):
        h = rng.randrange(households) + 1
        on = (opened[h] + timedelta(days=1 + rng.randrange(60))).isoformat()
        agency = AGENCIES[h % 3]
        if c % 2:
            sheets[CONTACTS.name].append([str(h), on, "訪問", agency, "相談員", "", "", "", "自宅訪問", "はい", ""])
        else:
            sheets[CONTACTS.name].append([str(h), on, "相談", agency, "相談員", "電話", "本人", "いいえ", "", "", ""])
    for g in range(meetings):
        cases = rng.sample(range(1, households + 1), k=min(3, households))
        day = max(opened[h] for h in cases) + timedelta(days=7)
        sheets[MEETINGS.name].append(
            [
                day.isoformat(),
                "support",
                f"支援会議{g}",
                "fukushi-soudan",
                "fukushi-soudan、shakyo",
                "、".join(map(str, cases)),
                "",
            ]
        )
    return sheets


def fresh_store(store: str, rows: int) -> str:
    if store == "sqlite":
        path = bench_dir() / f"import-{rows}.db"
        for old in bench_dir().glob(f"import-{rows}.*"):
            old.unlink()
        ensure_database(f"sqlite:///{path}")
        return f"sqlite:///{path}"
    base = os.environ.get(
        "KASANE_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/kasane_bench_{size}"
    )
    url = base.replace("{size}", f"import_{int(time.time())}")
    ensure_database(url)
    return url


def measure(store: str, rows: int) -> dict[str, Any]:
    url = fresh_store(store, rows)
    app = BatchingKasane(eventsourcing_env(Settings(database_url=url)), today=lambda: TODAY)
    try:
        load_setup(app, parse_setup(SETUP.read_text(encoding="utf-8")), actor=CLI_ACTOR)
        app.flush()
        app.forget()
        workbook = bench_dir() / f"import-{rows}.xlsx"
        write_rows(workbook, generated_rows(rows))
        figures: dict[str, Any] = {"rows": rows}
        started = time.perf_counter()
        source = read_path(workbook)
        figures["read_s"] = round(time.perf_counter() - started, 2)
        for step, dry_run in (("dry_run", True), ("import", False), ("again", False)):
            started = time.perf_counter()
            outcome = import_caseload(app, source, CLI_ACTOR, dry_run=dry_run)
            seconds = time.perf_counter() - started
            assert not outcome.problems, outcome.problems[:5]
            figures[f"{step}_s"] = round(seconds, 2)
            figures[f"{step}_rows_per_s"] = round(rows / seconds)
            figures["events"] = max(figures.get("events", 0), outcome.events)
        figures["counts"] = outcome.counts
        return figures
    finally:
        app.close()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    return report("import_caseload", args.store, str(args.rows), **measure(args.store, args.rows))


if __name__ == "__main__":
    main(sys.argv[1:])
