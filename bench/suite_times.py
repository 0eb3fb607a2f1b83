"""A pytest plugin: wall and CPU time of each test file, per store, for before/after runs of the slow tests.

Why: the machine the suite is tuned on is shared and loaded (load 5-20), so wall times swing by a factor of two
between runs; the test process's CPU time (its own and its finished children's, ``getrusage``) moves far less and is
the figure to compare. The PostgreSQL server's own CPU is not in it. Use::

    PYTHONPATH=. KASANE_SUITE_TIMES=/tmp/times.json .venv/bin/pytest -n 0 -p bench.suite_times tests/integration/…

and ``python -m bench.suite_times /tmp/before.json /tmp/after.json`` to print the two side by side.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

_totals: dict[str, dict[str, float]] = defaultdict(lambda: {"tests": 0, "wall_s": 0.0, "cpu_s": 0.0})


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _store(item: pytest.Item) -> str:
    params = getattr(item, "callspec", None)
    values = {str(v) for v in params.params.values()} if params else set()
    return "postgres" if "postgres" in values else "sqlite" if "sqlite" in values else "-"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, Any, None]:
    """Set-up, call and tear-down of one test (a module fixture's set-up counts in its first test)."""
    wall, cpu = time.perf_counter(), _cpu()
    yield
    total = _totals[f"{item.location[0]} [{_store(item)}]"]
    total["tests"] += 1
    total["wall_s"] += time.perf_counter() - wall
    total["cpu_s"] += _cpu() - cpu
    _write()


def _write() -> None:
    """After every test, so that a run stopped half-way still leaves its figures."""
    target = os.environ.get("KASANE_SUITE_TIMES")
    if target:
        rounded = {k: {m: round(v, 2) for m, v in t.items()} for k, t in sorted(_totals.items())}
        Path(target).write_text(json.dumps({"load": os.getloadavg(), "files": rounded}, indent=1))


def side_by_side(before: dict[str, Any], after: dict[str, Any]) -> str:
    """A Markdown table: each file and store, wall and CPU before and after."""
    lines = [
        "| file [store] | tests | wall before | wall after | CPU before | CPU after |",
        "| --- | ---: |" + " ---: |" * 4,
    ]
    sums = [0.0] * 4
    for name in sorted(set(before["files"]) | set(after["files"])):
        b, a = before["files"].get(name, {}), after["files"].get(name, {})
        figures = [b.get("wall_s", 0.0), a.get("wall_s", 0.0), b.get("cpu_s", 0.0), a.get("cpu_s", 0.0)]
        sums = [s + f for s, f in zip(sums, figures, strict=True)]
        tests = f"{int(b.get('tests', 0))} / {int(a.get('tests', 0))}"
        lines.append(f"| {name} | {tests} | " + " | ".join(f"{f:.1f} s" for f in figures) + " |")
    lines.append("| **all** | | " + " | ".join(f"**{f:.1f} s**" for f in sums) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    first, second = (json.loads(Path(p).read_text()) for p in sys.argv[1:3])
    print(side_by_side(first, second))
