"""`kasane export cases|meetings --as USER`: the user's own list as a file, scoped and audited like their screen."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from tests.builders import given_meeting, given_open_case, given_standard_setup
from tests.workbooks import active_sheet
from web.cli.main import cli
from web.storage.bootstrap import build_access
from web.storage.settings import Settings


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    return CliRunner()


def exported_rows(kasane: CliRunner, *args: str) -> list[dict[str, str]]:
    result = kasane.invoke(cli, ["export", *args])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))


def test_a_coordinator_gets_their_agencys_cases_and_another_agency_gets_none(app: Kasane, kasane: CliRunner) -> None:
    given_standard_setup(app)
    case_id = given_open_case(app)
    rows = exported_rows(kasane, "cases", "--as", "sato")
    assert [(r["ケースID"], r["世帯名"]) for r in rows] == [(str(case_id), "山田家")]
    assert exported_rows(kasane, "cases", "--as", "suzuki") == [], "社会福祉協議会 has no part in the case"
    assert exported_rows(kasane, "cases", "--as", "sato", "--review-overdue") == []


def test_the_export_is_audited_as_the_user_with_the_case_ids(
    app: Kasane, kasane: CliRunner, settings: Settings
) -> None:
    given_standard_setup(app)
    case_id = given_open_case(app)
    exported_rows(kasane, "cases", "--as", "sato", "--open-only")
    access = build_access(settings)
    try:
        entries = [a for a in access.audit.accesses(username="sato") if a.action == "export"]
    finally:
        access.close()
    assert [(a.method, a.path, a.query, a.case_ids) for a in entries] == [
        ("CLI", "cli:export cases", "list=cases&format=csv&rows=1", (str(case_id),))
    ]


def test_meetings_as_a_workbook_to_a_file(app: Kasane, kasane: CliRunner, tmp_path: Path) -> None:
    given_standard_setup(app)
    meeting_id = given_meeting(app)
    target = tmp_path / "meetings.xlsx"
    result = kasane.invoke(
        cli, ["export", "meetings", "--as", "sato", "--month", "2026-11", "--format", "xlsx", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    sheet = active_sheet(target.read_bytes())
    assert [c.value for c in sheet["A"]] == ["会議ID", str(meeting_id)]


@pytest.mark.parametrize(
    "args",
    [
        ("cases", "--as", "nobody"),
        ("meetings", "--as", "sato", "--month", "2026-13"),
        ("cases", "--as", "sato", "--format", "pdf"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_exports_nothing(
    app: Kasane, kasane: CliRunner, settings: Settings, args: tuple[str, ...]
) -> None:
    given_standard_setup(app)
    result = kasane.invoke(cli, ["export", *args])
    assert result.exit_code == 2 and result.stdout_bytes == b""
    access = build_access(settings)
    try:
        assert [a for a in access.audit.accesses() if a.action == "export"] == []
    finally:
        access.close()
