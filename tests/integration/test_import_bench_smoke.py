"""The caseload import benchmark still runs end to end at a tiny size, on both stores (numbers not checked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import import_caseload
from tests.conftest import POSTGRES_URL, empty_postgres

pytestmark = pytest.mark.bench


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("KASANE_BENCH_DIR", str(tmp_path))
    if request.param == "postgres":
        empty_postgres(POSTGRES_URL)
        monkeypatch.setenv("KASANE_BENCH_POSTGRES_URL", POSTGRES_URL)
    return str(request.param)


def test_the_import_benchmark_imports_its_generated_file_once_and_records_the_result(
    store: str, tmp_path: Path
) -> None:
    import_caseload.main(["--store", store, "--rows", "60"])
    (recorded,) = [json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines()]
    assert recorded["benchmark"] == "import_caseload" and recorded["store"] == store
    assert sum(recorded["counts"].values()) == 60 and recorded["events"] > 0
