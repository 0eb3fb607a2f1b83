"""Each benchmark script still runs end to end, at the smallest size, on both stores (numbers not checked)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bench import caseload, command, cpu, floor, rebuild, rebuild_floor, report, web
from bench.stores import open_app, open_read_models, store_url
from tests.conftest import POSTGRES_URL, empty_postgres

pytestmark = pytest.mark.bench


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, bench_dir: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KASANE_BENCH_DIR", str(bench_dir))
    if request.param == "postgres":
        empty_postgres(POSTGRES_URL)
        monkeypatch.setenv("KASANE_BENCH_POSTGRES_URL", POSTGRES_URL)
    return str(request.param)


@pytest.fixture
def bench_dir(tmp_path: Path) -> Path:
    """A folder not made yet, as ``var/bench`` is in a fresh checkout: the first benchmark makes it, on either store."""
    return tmp_path / "bench"


def rows_held(store: str) -> int:
    """Every row of every table the read models own, counted in the smoke store."""
    url = store_url(store, "smoke")
    app = open_app(url)
    read_models = open_read_models(url, app)
    try:
        tables = rebuild_floor.tables_of(read_models.runners)
        with read_models.runners[0].engine.connect() as connection:
            return sum(connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in tables)
    finally:
        read_models.close()
        app.close()


def results(bench_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (bench_dir / "results.jsonl").read_text().splitlines()]


def test_every_benchmark_runs_and_records_its_result(store: str, bench_dir: Path) -> None:
    command.main(["--store", store, "--size", "smoke", "--iterations", "3", "--warmup", "1"])
    rebuild.main(["--store", store, "--size", "smoke", "--only", "case_list"])
    report.main(["--store", store, "--size", "smoke", "--iterations", "1"])
    web.main(["--store", store, "--size", "smoke", "--seconds", "0.3", "--clients", "2", "--url", "/cases/{case_id}"])
    caseload.main(["--store", store, "--size", "smoke", "--iterations", "1"])
    cpu.main(["--store", store, "--size", "smoke", "--iterations", "1"])
    floor.main(["--store", store, "--size", "smoke", "--seconds", "0.3", "--clients", "2"])
    recorded = results(bench_dir)
    assert [r["benchmark"] for r in recorded] == ["command", "rebuild", "report", "web", "caseload", "cpu", "floor"]
    assert all(r["store"] == store and r["peak_rss_mb"] for r in recorded)
    assert recorded[3]["pages"]["/cases/{case_id}"]["failures"] == {}
    floors = recorded[6]["pages"].values()
    assert len(floors) == 6 and all(
        page[load]["failures"] == {} for page in floors for load in ("one_client", "2_clients")
    )
    assert "as_of_middle" in recorded[2] and recorded[5]["command"]["cpu_ms"] > 0


def test_the_rebuilds_floor_writes_every_row_the_read_models_hold(store: str, bench_dir: Path) -> None:
    rebuild.main(["--store", store, "--size", "smoke", "--floor"])
    (recorded,) = results(bench_dir)
    floor = recorded["floor"]
    assert floor["rows"] == rows_held(store) and floor["rows"] > recorded["events"]
    assert floor["rows_per_event"] == round(floor["rows"] / recorded["events"], 2)
    assert floor["dispatch_us_per_event"] > 0 and floor["write_us_per_event"] > 0
    assert 0 < floor["best_cpu_share_of_decoded"] < 1


def test_the_floor_alone_reads_the_caught_up_read_models_rows(store: str, bench_dir: Path) -> None:
    rebuild.main(["--store", store, "--size", "smoke", "--floor-only"])
    (recorded,) = results(bench_dir)
    assert recorded["floor"]["rows"] == rows_held(store) and recorded["floor"]["rows"] > recorded["events"]
    assert recorded["all_read_models"]["events_per_s"] == 0  # nothing was rebuilt
