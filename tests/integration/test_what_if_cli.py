"""`kasane report indicators --definition NEW.toml`: a 中間見直し draft counted beside the loaded plan, unrecorded."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.application import Kasane
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN
from tests.integration.test_report_cli import given_a_recorded_year, kasane, run
from tests.plan_scenarios import PLAN, PLAN_CODE
from web.cli.main import cli

__all__ = ["kasane"]

REVISED = PLAN.replace('meeting_type = "support"', 'meeting_type = "layered"').replace(
    "targets = { 2023 = 3 }", "targets = { 2023 = 5 }", 1
)


def actuals(document: dict[str, object], side: str) -> dict[int, dict[str, object]]:
    years = document["years"]
    assert isinstance(years, list)
    return {
        y["fiscal_year"]["year"]: {r["code"]: r[side] and r[side]["actual"] for r in y["indicators"]} for y in years
    }


def test_the_what_if_equals_the_report_after_loading_the_revision_and_records_nothing(
    app: Kasane, kasane: CliRunner, tmp_path: Path
) -> None:
    given_a_recorded_year(app)
    draft = tmp_path / "revised.toml"
    draft.write_text(REVISED, encoding="utf-8")
    events = app.recorder.max_notification_id()

    found = json.loads(
        run(kasane, "report", "indicators", "--plan", PLAN_CODE, "--fy", "2024", "--definition", str(draft))
    )

    assert app.recorder.max_notification_id() == events
    assert [y["fiscal_year"]["year"] for y in found["years"]] == [2022, 2023, 2024]
    assert found["revised"] == {"revision": 2, "digest": found["revised"]["digest"], "recorded": False}
    row = {r["code"]: r for r in found["years"][1]["indicators"]}
    assert (row["K6-2"]["current"]["actual"], row["K6-2"]["revised"]["actual"], row["K6-2"]["changed"]) == (
        "1",
        "0",
        True,
    )
    assert (row["C-TOTAL"]["current"]["target"], row["C-TOTAL"]["revised"]["target"]) == ("3", "5")
    assert row["C-DISTINCT"]["changed"] is False
    before = {
        fy: json.loads(run(kasane, "report", "indicators", "--plan", PLAN_CODE, "--fy", str(fy)))
        for fy in (2022, 2023, 2024)
    }

    app.execute(LoadPlan(actor=ADMIN, source=REVISED, occurred_on=date(2024, 6, 1), reason="中間見直し"))

    for fy, side in ((2022, "current"), (2023, "current"), (2024, "current")):
        assert actuals(found, side)[fy] == {i["code"]: i["actual"] for i in before[fy]["indicators"]}
    for fy in (2022, 2023, 2024):
        loaded = json.loads(run(kasane, "report", "indicators", "--plan", PLAN_CODE, "--fy", str(fy)))
        assert actuals(found, "revised")[fy] == {i["code"]: i["actual"] for i in loaded["indicators"]}
        assert loaded["plan"]["digest"] == found["revised"]["digest"]


def test_a_draft_for_another_plan_or_an_unreadable_one_is_refused_and_writes_nothing(
    app: Kasane, kasane: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given_a_recorded_year(app)
    events = app.recorder.max_notification_id()
    folder = tmp_path / "what-if"
    folder.mkdir()
    (folder / "draft.toml").write_text(REVISED, encoding="utf-8")
    monkeypatch.setenv("KASANE_WHAT_IF_DIR", str(folder))
    by_name = json.loads(
        run(kasane, "report", "indicators", "--plan", PLAN_CODE, "--fy", "2023", "--definition", "draft.toml")
    )
    assert by_name["revised"]["recorded"] is False and len(by_name["years"]) == 2
    other = tmp_path / "other.toml"
    other.write_text(PLAN.replace(f'code = "{PLAN_CODE}"', 'code = "elsewhere"', 1), encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text('code = "x"\nname = ', encoding="utf-8")
    missing = (tmp_path / "missing.toml", "cannot read")
    for path, said in ((other, "[code]"), (broken, "[file]"), missing, (Path("other.toml"), "cannot read")):
        args = ["report", "indicators", "--plan", PLAN_CODE, "--fy", "2023", "--definition", str(path)]
        result = kasane.invoke(cli, args)
        assert result.exit_code == 2 and said in result.stderr, result.output
    assert app.recorder.max_notification_id() == events
