"""A pytest plugin: wall and CPU time of each test file, per store and phase, for before/after runs of the slow tests.

Why: the machine the suite is tuned on is shared and loaded (load 5-20), so wall times swing by a factor of two
between runs; the test process's CPU time (its own and its finished children's, ``getrusage``) moves far less and is
the figure to compare. The PostgreSQL server's own CPU is not in it. Use::

    PYTHONPATH=. KASANE_SUITE_TIMES=/tmp/times.json .venv/bin/pytest -n 0 -p bench.suite_times tests/integration/…

and ``python -m bench.suite_times /tmp/before.json [/tmp/after.json]`` to print one run, or two side by side. Under
xdist each worker writes its own file (``/tmp/times.gw0.json``, …); reading ``/tmp/times.json`` adds them up.
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

PHASES = ("setup", "call", "teardown")
_totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _store(item: pytest.Item) -> str:
    params = getattr(item, "callspec", None)
    values = {str(v) for v in params.params.values()} if params else set()
    return "postgres" if "postgres" in values else "sqlite" if "sqlite" in values else "-"


def _name(item: pytest.Item) -> str:
    return f"{item.location[0]} [{_store(item)}]"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, Any, None]:
    """Set-up, call and tear-down of one test (a module fixture's set-up counts in its first test)."""
    wall, cpu = time.perf_counter(), _cpu()
    yield
    total = _totals[_name(item)]
    total["tests"] += 1
    total["wall_s"] += time.perf_counter() - wall
    total["cpu_s"] += _cpu() - cpu
    _write()


def _phase(item: pytest.Item, phase: str) -> Generator[None, Any, None]:
    cpu = _cpu()
    yield
    _totals[_name(item)][f"{phase}_cpu_s"] += _cpu() - cpu


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, Any, None]:
    yield from _phase(item, "setup")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, None]:
    yield from _phase(item, "call")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, Any, None]:
    yield from _phase(item, "teardown")


def _target() -> Path | None:
    """``KASANE_SUITE_TIMES``, or under xdist this worker's file beside it (two workers must not overwrite one)."""
    target = os.environ.get("KASANE_SUITE_TIMES")
    if not target:
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    path = Path(target)
    return path.with_name(f"{path.stem}.{worker}{path.suffix}") if worker else path


def _write() -> None:
    """After every test, so that a run stopped half-way still leaves its figures."""
    target = _target()
    if target:
        rounded = {k: {m: round(v, 2) for m, v in t.items()} for k, t in sorted(_totals.items())}
        target.write_text(json.dumps({"load": os.getloadavg(), "files": rounded}, indent=1))


def load(path: Path) -> dict[str, Any]:
    """A run's figures: the file itself, or the sum of its workers' files (``times.gw0.json``, …)."""
    parts = [path] if path.exists() else sorted(path.parent.glob(f"{path.stem}.gw*{path.suffix}"))
    files: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for part in parts:
        for name, figures in json.loads(part.read_text())["files"].items():
            for measure, value in figures.items():
                files[name][measure] += value
    return {"files": files}


def summary(run: dict[str, Any]) -> str:
    """A Markdown table of one run: each file and store, its tests, wall, and CPU by phase."""
    lines = ["| file [store] | tests | wall | CPU | set-up | call | tear-down |", "| --- |" + " ---: |" * 6]
    sums = [0.0] * 6
    for name, t in sorted(run["files"].items(), key=lambda kv: -kv[1].get("cpu_s", 0.0)):
        figures = [t.get(m, 0.0) for m in ("tests", "wall_s", "cpu_s", *(f"{p}_cpu_s" for p in PHASES))]
        sums = [s + f for s, f in zip(sums, figures, strict=True)]
        lines.append(f"| {name} | {int(figures[0])} | " + " | ".join(f"{f:.1f} s" for f in figures[1:]) + " |")
    lines.append(f"| **all** | {int(sums[0])} | " + " | ".join(f"**{f:.1f} s**" for f in sums[1:]) + " |")
    return "\n".join(lines)


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
    runs = [load(Path(p)) for p in sys.argv[1:3]]
    print(summary(runs[0]) if len(runs) == 1 else side_by_side(*runs))
