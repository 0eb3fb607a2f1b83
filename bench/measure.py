"""What every benchmark reports: latency percentiles, rates, peak memory, the machine, one results file.

Each benchmark is its own process, so its peak resident memory
(``getrusage``) is the memory of that benchmark alone; a server started as a
child is reported through ``RUSAGE_CHILDREN`` once it has exited.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def percentiles(samples_ms: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 (and mean, max) of latencies in milliseconds."""
    ordered = sorted(samples_ms)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {
        "n": len(ordered),
        "p50_ms": round(cuts[49], 2),
        "p95_ms": round(cuts[94], 2),
        "p99_ms": round(cuts[98], 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
        "max_ms": round(ordered[-1], 2),
    }


def timed(action: Callable[[], Any]) -> float:
    """Milliseconds taken by ``action()``."""
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def peak_memory_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def report(benchmark: str, store: str, size: str, **figures: Any) -> dict[str, Any]:
    """Print the result and append it (with the time and the machine's load) to ``var/bench/results.jsonl``."""
    record = {
        "benchmark": benchmark,
        "store": store,
        "size": size,
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **figures,
        "peak_rss_mb": peak_memory_mb(),
        "machine": machine(),
    }
    path = Path(os.environ.get("KASANE_BENCH_DIR", "var/bench")) / "results.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as results:
        results.write(json.dumps(record, ensure_ascii=False) + "\n")
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return record
