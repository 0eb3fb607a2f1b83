"""A backup restored into the other kind of store gives the same read models and the same reports.

Export the demo city with both example plans, import the file into an empty
store of the other kind (SQLite → PostgreSQL, PostgreSQL → SQLite), rebuild
the read models there, and compare everything a user or the committee sees:
every read-model table, the indicator year reports (JSON and CSV, now and as
of a past moment), the caseload dashboard, the case list and every timeline.
A damaged file is refused by either store and leaves it empty.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from domain.application import Kasane
from domain.errors import KasaneError
from projections.cases.queries import ageing, case_detail, caseload_counts, list_cases, overdue_reviews, timeline
from projections.community.queries import list_community_activities
from projections.engine.catalogue import ReadModels
from projections.indicators.engine import year_report
from projections.meetings.queries import meeting_calendar
from projections.reports.documents import csv_of, indicators_document, to_json
from tests.builders import ADMIN, TODAY, given_open_case, given_standard_setup
from tests.conftest import POSTGRES_URL, empty_postgres, store_settings
from web.demo.generator import load_demo
from web.storage.backup import BackupError, export_events, import_events
from web.storage.bootstrap import build_read_models
from web.storage.settings import Settings, eventsourcing_env

EXAMPLES = Path(__file__).parents[2] / "examples"
YEARS = (("komae-layered-1", 2025), ("komae-layered-1", 2026), ("asaka-welfare-2026", 2026))


@dataclass
class Store:
    app: Kasane
    read_models: ReadModels

    @property
    def dialect(self) -> str:
        return self.read_models.engine.dialect.name

    def close(self) -> None:
        self.read_models.close()
        self.app.close()


def open_store(url: str, keys_of: Settings | None = None) -> Store:
    """A store at ``url``; with ``keys_of``, reading that store's case keys (a restore brings its key store along)."""
    settings = store_settings(url, keys_of)
    app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
    return Store(app, build_read_models(settings, app))


@pytest.fixture
def other_store(database_url: str, settings: Settings, tmp_path: Path) -> Iterator[Store]:
    """An empty store of the kind the parametrized one is not, with the parametrized store's key store."""
    if database_url.startswith("sqlite"):
        empty_postgres(POSTGRES_URL)
        store = open_store(POSTGRES_URL, keys_of=settings)
    else:
        store = open_store(f"sqlite:///{tmp_path / 'restored.db'}", keys_of=settings)
    yield store
    store.close()


def normalised(value: Any) -> Any:
    """One spelling per value across the two databases (SQLite keeps UTC datetimes without their zone)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, tuple | list):
        return type(value)(normalised(v) for v in value)
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    return value


def every_table(read_models: ReadModels) -> dict[str, list[Any]]:
    contents = {}
    with read_models.engine.connect() as connection:
        for runner in read_models.runners:
            for table in runner.projection.metadata.sorted_tables:
                rows = [normalised(tuple(row)) for row in connection.execute(sa.select(table))]
                contents[table.name] = sorted(rows, key=repr)
    return contents


def everything_users_see(read_models: ReadModels, as_of: datetime) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    with read_models.engine.connect() as connection:
        for plan, year in YEARS:
            for moment in (None, as_of):
                document = indicators_document(year_report(connection, plan, year, moment))
                seen[f"{plan} FY{year} as of {moment} json"] = to_json(document)
                seen[f"{plan} FY{year} as of {moment} csv"] = csv_of(document)
        seen["caseload"] = caseload_counts(connection)
        seen["overdue reviews"] = overdue_reviews(connection, TODAY)
        seen["ageing"] = ageing(connection, TODAY)
        cases = list_cases(connection)
        seen["case list"] = cases
        for case in cases:
            seen[f"case {case.case_id}"] = case_detail(connection, case.case_id)
            seen[f"timeline {case.case_id}"] = normalised(timeline(connection, case.case_id))
        seen["meetings"] = meeting_calendar(connection, date(2000, 1, 1), date(2100, 1, 1))
        seen["community"] = list_community_activities(connection, include_voided=True)
    return seen


@pytest.mark.slow
def test_a_backup_restored_into_the_other_kind_of_store_reports_exactly_the_same(
    app: Kasane, read_models: ReadModels, other_store: Store, tmp_path: Path
) -> None:
    load_demo(app, seed=5, households=12)  # the demo loads both example plans
    committee_met = datetime.now(UTC)
    load_demo_tail(app)
    read_models.catch_up()
    backup = tmp_path / "kasane.jsonl.gz"
    exported = export_events(app, backup)

    assert import_events(other_store.app, backup) == exported
    other_store.read_models.catch_up()

    assert other_store.dialect != read_models.engine.dialect.name
    restored_tables, original_tables = every_table(other_store.read_models), every_table(read_models)
    assert restored_tables == original_tables
    assert all(
        original_tables[t]
        for t in (
            "case_list",
            "case_timeline",
            "meeting_list",
            "indicator_facts",
            "evaluation_records",
            "community_activities",
        )
    )
    restored, original = (
        everything_users_see(other_store.read_models, committee_met),
        everything_users_see(read_models, committee_met),
    )
    assert restored.keys() == original.keys()
    for key in original:
        assert restored[key] == original[key], key
    assert original["caseload"] and len(original["case list"]) >= 12


def load_demo_tail(app: Kasane) -> None:
    """Something recorded after the committee's moment, so that as-of and current reports differ in the log."""
    from domain.master_data_commands import RegisterAgency

    app.execute(RegisterAgency(actor=ADMIN, code="late-agency", name="後から登録された機関", agency_type="centre"))


# ---- a damaged file writes nothing, on either store -----------------------------------------------------


@pytest.fixture
def small_backup(settings: Settings, tmp_path: Path) -> Path:
    source = open_store(f"sqlite:///{tmp_path / 'source.db'}", keys_of=settings)
    try:
        given_standard_setup(source.app)
        given_open_case(source.app)
        path = tmp_path / "small.jsonl.gz"
        export_events(source.app, path)
    finally:
        source.close()
    return path


def lines_of(path: Path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode().splitlines(keepends=True)


def written(tmp_path: Path, name: str, lines: list[str], *, reseal: bool = False) -> Path:
    """``lines`` as a backup file; with ``reseal`` the footer is recomputed, as a careless hand-edit would."""
    if reseal:
        body = lines[:-1]
        digest = hashlib.sha256("".join(body).encode()).hexdigest()
        lines = [*body, json.dumps({"end": True, "events": len(body) - 1, "sha256": digest}) + "\n"]
    path = tmp_path / name
    path.write_bytes(gzip.compress("".join(lines).encode()))
    return path


def damaged_copies(backup: Path, tmp_path: Path) -> dict[str, Path]:
    lines = lines_of(backup)
    record = json.loads(lines[3])
    garbage_state = {**record, "state": base64.b64encode(b"{not json").decode()}
    last_id = json.loads(lines[-2])["id"]
    same_version_again = json.dumps({**record, "id": last_id + 1}, separators=(",", ":")) + "\n"
    return {
        "one changed byte": written(tmp_path, "byte.gz", [*lines[:3], lines[3].replace('"id":', '"id": '), *lines[4:]]),
        "cut in the middle": written(tmp_path, "cut.gz", lines[: len(lines) // 2]),
        "gzip stream cut": _raw(tmp_path / "stream.gz", backup.read_bytes()[:-30]),
        "not gzip": _raw(tmp_path / "plain.gz", b"".join(line.encode() for line in lines)),
        "resealed duplicate event": written(tmp_path, "dup.gz", [*lines[:4], lines[3], *lines[4:]], reseal=True),
        "resealed aggregate version twice": written(
            tmp_path, "twice.gz", [*lines[:-1], same_version_again, lines[-1]], reseal=True
        ),
        "resealed unreadable event": written(
            tmp_path, "state.gz", [*lines[:3], json.dumps(garbage_state) + "\n", *lines[4:]], reseal=True
        ),
    }


def _raw(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_a_damaged_backup_is_refused_and_the_store_stays_empty_and_usable(
    app: Kasane, small_backup: Path, tmp_path: Path
) -> None:
    for damage, path in damaged_copies(small_backup, tmp_path).items():
        with pytest.raises(KasaneError) as refused:
            import_events(app, path)
        assert isinstance(refused.value, BackupError), damage
        assert (app.recorder.max_notification_id() or 0) == 0, damage
    summary = import_events(app, small_backup)  # the refusals left nothing half-done behind
    assert app.recorder.max_notification_id() == summary.events
