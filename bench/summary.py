"""Markdown tables of the latest result of each benchmark, store and size (for docs/benchmarks.md).

.venv/bin/python -m bench.summary [var/bench/results.jsonl]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Result = dict[str, Any]


def latest(path: Path) -> dict[tuple[str, str, str, str], Result]:
    found: dict[tuple[str, str, str, str], Result] = {}
    for line in path.read_text().splitlines():
        result = json.loads(line)
        variant = str(result.get("think_s", "")) if result["benchmark"] == "web" else ""
        found[(result["benchmark"], result["store"], result["size"], variant)] = result
    return found


def _when(r: Result) -> str:
    return f"{r['at'][11:16]} UTC, load {r['machine']['load_average'][0]}"


def _share(rate: Any, replay: Result) -> str:
    return f"{rate / replay['events_per_s']:.1%}" if isinstance(rate, int) and replay["events_per_s"] else "—"


def command_rows(results: list[Result]) -> list[str]:
    rows = [
        "| store | size | events stored | p50 | p95 | p99 | raw p50 | raw p95 | p95 ÷ raw | peak RSS | when |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        k, w = r["kasane"], r["raw"]
        rows.append(
            f"| {r['store']} | {r['size']} | {r['events_before']:,} | {k['p50_ms']} ms | {k['p95_ms']} ms | "
            f"{k['p99_ms']} ms | {w['p50_ms']} ms | {w['p95_ms']} ms | {r['ratio_p95']}× | "
            f"{r['peak_rss_mb']} MiB | {_when(r)} |"
        )
    return rows


def rebuild_rows(results: list[Result]) -> list[str]:
    rows = [
        "| store | size | events | raw replay | decoded replay | read model | rebuild events/s | ÷ raw |"
        " ÷ decoded |"
        " peak RSS | when |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        models = r["read_models"] or {"—": {"events_per_s": "—", "share_of_raw": "—"}}
        if len(r["read_models"]) > 1:
            models = {**models, "**all together**": r["all_read_models"]}
        elif not r["read_models"] and r["all_read_models"]["seconds"]:  # --one-pass
            models = {"**all together, one pass**": r["all_read_models"]}
        for name, m in models.items():
            rows.append(
                f"| {r['store']} | {r['size']} | {r['events']:,} | {r['raw']['events_per_s']:,}/s | "
                f"{r['decoded']['events_per_s']:,}/s ({r['decoded']['share_of_raw']:.0%}) | {name} | "
                f"{m['events_per_s']} | {_share(m['events_per_s'], r['raw'])} | "
                f"{_share(m['events_per_s'], r['decoded'])} | {r['peak_rss_mb']} MiB | {_when(r)} |"
            )
    return rows


def report_rows(results: list[Result]) -> list[str]:
    rows = [
        "| store | size | events | report | p50 | p95 | raw fetch p50 | raw count p50 | peak RSS | when |",
        "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        for label in ("fy", "as_of"):
            f = r[label]
            fetched = f"{f['raw_fetch']['p50_ms']} ms" if "raw_fetch" in f else "—"  # skipped with --no-raw-fetch
            rows.append(
                f"| {r['store']} | {r['size']} | {r['events']:,} | {label} | {f['kasane']['p50_ms']} ms | "
                f"{f['kasane']['p95_ms']} ms | {fetched} | {f['raw_count']['p50_ms']} ms | "
                f"{r['peak_rss_mb']} MiB | {_when(r)} |"
            )
    return rows


def web_rows(results: list[Result]) -> list[str]:
    rows = [
        "| store | size | think | page | req/s | p50 | p95 | p99 | bytes | server peak RSS | when |",
        "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        for page, p in r["pages"].items():
            failures = f" ({p['failures']} failed)" if p["failures"] else ""
            rows.append(
                f"| {r['store']} | {r['size']} | {r.get('think_s', 0)} s | `{page}`{failures} | "
                f"{p['requests_per_s']} | {p['p50_ms']} ms | {p['p95_ms']} ms | {p['p99_ms']} ms | "
                f"{p['response_bytes']:,} | {r['server_peak_rss_mb']} MiB | {_when(r)} |"
            )
    return rows


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    results = latest(Path(args[0] if args else "var/bench/results.jsonl"))
    for benchmark, rows in (
        ("command", command_rows),
        ("rebuild", rebuild_rows),
        ("report", report_rows),
        ("web", web_rows),
    ):
        chosen = [r for key, r in sorted(results.items()) if key[0] == benchmark and key[2] not in ("smoke",)]
        print(f"\n### {benchmark}\n")
        print("\n".join(rows(chosen)))


if __name__ == "__main__":
    main()
