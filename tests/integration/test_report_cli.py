"""`kasane plan …` and `kasane report …`: loading plans, report formats, determinism, the example plans."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from typer.testing import CliRunner

from domain.application import Kasane
from domain.plan_commands import SetNextYearPolicy, WriteReview
from domain.rule import AMOUNTS, EVENT_KINDS
from projections.engine.catalogue import ReadModels
from projections.indicators.fact_tables import indicator_facts
from projections.reports.labels import JST
from tests.builders import ADMIN, TODAY, given_standard_setup
from tests.conftest import POSTGRES_URL, empty_postgres
from tests.plan_scenarios import PLAN, PLAN_CODE, consult, given_city_with_plan, household, meeting
from web.cli.main import cli
from web.demo.generator import load_demo
from web.storage.settings import Settings, eventsourcing_env

EXAMPLES = Path(__file__).parents[2] / "examples"
FY = ("--plan", PLAN_CODE, "--fy", "2023")


@pytest.fixture
def kasane(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI on this store, with k=1: these tests check the true figures (suppression: test_report_suppression)."""
    monkeypatch.setenv("KASANE_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("KASANE_SUPPRESSION_K", "1")
    return CliRunner()


def run(kasane: CliRunner, *args: str) -> bytes:
    result = kasane.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def given_a_recorded_year(app: Kasane) -> None:
    given_city_with_plan(app)
    x, y = household(app, "石井家", date(2023, 4, 3)), household(app, "岡田家", date(2023, 6, 1))
    consult(app, x, date(2023, 5, 10), "x1")
    consult(app, y, date(2023, 6, 2), "y1")
    meeting(app, "support-1", "support", date(2023, 7, 10), (x, y))
    reviewed_on = date(2024, 5, 20)
    app.execute(
        WriteReview(
            actor=ADMIN,
            plan_code=PLAN_CODE,
            fiscal_year=2023,
            occurred_on=reviewed_on,
            measure="6",
            programme="6-2",
            do="支援会議を試行実施した",
            check="関係機関の役割分担が明確になった",
            act="実施要綱の策定",
        )
    )
    app.execute(
        SetNextYearPolicy(
            actor=ADMIN,
            plan_code=PLAN_CODE,
            fiscal_year=2023,
            occurred_on=reviewed_on,
            measure="6",
            programme="6-2",
            policy="enhance",
        )
    )


# ---- plans --------------------------------------------------------------------------------------


def test_plan_load_then_list_then_a_revision_with_a_reason(kasane: CliRunner, app: Kasane, tmp_path: Path) -> None:
    given_standard_setup(app)
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(PLAN, encoding="utf-8")
    assert "revision 1" in run(kasane, "plan", "load", str(plan_file), "--on", "2023-04-01").decode()
    plan_file.write_text(PLAN.replace("targets = { 2023 = 3 }", "targets = { 2023 = 4 }"), encoding="utf-8")
    assert "revision 2" in run(kasane, "plan", "load", str(plan_file), "--reason", "中間見直し").decode()
    listed = run(kasane, "plan", "list").decode().splitlines()
    assert listed[1].split("\t")[:4] == [
        PLAN_CODE,
        "狛江市重層的支援体制整備事業実施計画（検証用）",
        "FY2022-FY2026",
        "2",
    ]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('code = "x"\nname = ', "[file]"),
        (PLAN.replace('unit = "回"', 'unit = "kai"', 1), "[measures[2].programmes[1].indicators[0].unit]"),
        (
            PLAN.replace('agency = "fukushi-soudan"', 'agency = "fukushi-sodan"', 1),
            "[measures[1].programmes[0].indicators[0].rule.agency]",
        ),
    ],
)
def test_a_bad_plan_file_is_refused_with_the_offending_key_and_exit_code_2(
    kasane: CliRunner, app: Kasane, tmp_path: Path, text: str, field: str
) -> None:
    given_standard_setup(app)
    before = app.recorder.max_notification_id()
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(text, encoding="utf-8")
    result = kasane.invoke(cli, ["plan", "load", str(plan_file)])
    assert result.exit_code == 2
    assert field in result.stderr
    assert app.recorder.max_notification_id() == before


def test_a_missing_plan_file_or_an_unknown_plan_is_a_clear_error(kasane: CliRunner, tmp_path: Path) -> None:
    missing = kasane.invoke(cli, ["plan", "load", str(tmp_path / "none.toml")])
    assert (missing.exit_code, "cannot read" in missing.stderr) == (2, True)
    unknown = kasane.invoke(cli, ["report", "indicators", "--plan", "nothing", "--fy", "2023"])
    assert (unknown.exit_code, "no plan with code 'nothing'" in unknown.stderr) == (2, True)


def test_a_year_outside_the_plan_period_is_refused(app: Kasane, kasane: CliRunner) -> None:
    given_city_with_plan(app)
    result = kasane.invoke(cli, ["report", "indicators", "--plan", PLAN_CODE, "--fy", "2021"])
    assert (result.exit_code, "outside the plan period" in result.stderr) == (2, True)


# ---- formats ---------------------------------------------------------------------------------


def test_json_csv_and_xlsx_are_byte_identical_across_runs(app: Kasane, kasane: CliRunner) -> None:
    given_a_recorded_year(app)
    for fmt in ("json", "csv", "xlsx"):
        first = run(kasane, "report", "indicators", *FY, "--format", fmt)
        assert run(kasane, "report", "indicators", *FY, "--format", fmt) == first
    stamped = json.loads(run(kasane, "report", "indicators", *FY, "--stamp"))
    assert "generated_at" in stamped
    assert "generated_at" not in json.loads(run(kasane, "report", "indicators", *FY))


def test_csv_is_the_progress_sheet_with_japanese_headers(app: Kasane, kasane: CliRunner) -> None:
    given_a_recorded_year(app)
    text = run(kasane, "report", "indicators", *FY, "--format", "csv").decode("utf-8-sig")
    header, *rows = [line.split(",") for line in text.splitlines()]
    for column in (
        "基本目標",
        "施策",
        "事業",
        "指標",
        "目標",
        "実績",
        "達成率",
        "評価",
        "Do(実行)",
        "Check(評価)",
        "Act(課題及び改善点)",
        "次年度方針",
    ):
        assert column in header
    meetings = dict(zip(header, next(r for r in rows if r[2] == "K6-2"), strict=True))
    assert [meetings[c] for c in ("目標", "実績", "達成率", "達成状況")] == ["3", "1", "33.3%", "未達成"]
    assert [meetings[c] for c in ("前年度実績", "前年度増減", "前年度比")] == ["0", "+1", "—"]  # none in FY2022
    assert (meetings["Do(実行)"], meetings["次年度方針"]) == ("支援会議を試行実施した", "充実")
    # across the years: the 工程表's result and the series' actual are the year's own
    roadmap = run(kasane, "report", "roadmap", "--plan", PLAN_CODE, "--format", "csv").decode("utf-8-sig")
    support = next(r for r in csv.DictReader(io.StringIO(roadmap)) if r["番号"] == "6-2")
    assert support["令和5年度 実績"] == meetings["達成状況"]
    series = json.loads(run(kasane, "report", "series", "--plan", PLAN_CODE, "--indicator", "K6-2"))
    assert next(p for p in series["points"] if p["fiscal_year"]["year"] == 2023)["actual"] == meetings["実績"]


def test_xlsx_has_the_progress_sheet_the_summary_table_and_the_indicators(
    app: Kasane, kasane: CliRunner, tmp_path: Path
) -> None:
    given_a_recorded_year(app)
    target = tmp_path / "report.xlsx"
    run(kasane, "report", "indicators", *FY, "--format", "xlsx", "--output", str(target))
    workbook = load_workbook(io.BytesIO(target.read_bytes()))
    assert workbook.sheetnames == ["進捗管理シート", "評価総括表", "指標", "委員会からの意見"]
    assert "令和5年度（FY2023）" in workbook["進捗管理シート"]["A1"].value
    header = [c.value for c in workbook["進捗管理シート"][4]]
    assert header[3:9] == ["基本目標", "施策", "事業", "担当課", "達成状況", "指標"]
    summary = {row[0]: row[2] for row in workbook["評価総括表"].iter_rows(min_row=5, values_only=True)}
    document = json.loads(run(kasane, "report", "indicators", *FY))
    assert summary == {
        **{line["rating"] or "—": line["count"] for line in document["summary"]},
        "合計": len(document["measures"]),
    }
    assert workbook.properties.created == workbook.properties.modified


def test_provenance_and_diff_do_not_come_as_xlsx(app: Kasane, kasane: CliRunner) -> None:
    given_a_recorded_year(app)
    result = kasane.invoke(cli, ["report", "provenance", *FY, "--indicator", "K6-2", "--format", "xlsx"])
    assert result.exit_code == 2


@pytest.mark.postgres
def test_the_same_commands_give_byte_identical_reports_on_sqlite_and_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_postgres(POSTGRES_URL)
    outputs = []
    for url in (f"sqlite:///{tmp_path / 'kasane.db'}", POSTGRES_URL):
        app = Kasane(eventsourcing_env(Settings(database_url=url)), today=lambda: TODAY)
        try:
            given_a_recorded_year(app)
        finally:
            app.close()
        monkeypatch.setenv("KASANE_DATABASE_URL", url)
        runner = CliRunner()
        outputs.append(
            [
                run(runner, "report", *args)
                for args in (
                    ("indicators", *FY),
                    ("indicators", *FY, "--format", "csv"),
                    ("indicators", *FY, "--format", "xlsx"),
                    ("provenance", *FY, "--indicator", "K6-2"),
                    ("provenance", *FY, "--indicator", "C-DISTINCT", "--format", "csv"),
                )
            ]
        )
    assert outputs[0] == outputs[1]


# ---- the example plans over the demo city ---------------------------------------------------


def test_example_plans_report_over_the_demo_city(app: Kasane, read_models: ReadModels, kasane: CliRunner) -> None:
    load_demo(app, seed=1, households=60)  # the demo loads the example plans (examples/*.toml)
    for plan, year in (("komae-layered-1", "2025"), ("komae-layered-1", "2026"), ("asaka-welfare-2026", "2026")):
        document = json.loads(run(kasane, "report", "indicators", "--plan", plan, "--fy", year))
        counted = [i for i in document["indicators"] if i["source"] == "rule"]
        assert counted and all(i["actual"] is not None for i in counted)
        for fmt in ("csv", "xlsx"):
            assert run(kasane, "report", "indicators", "--plan", plan, "--fy", year, "--format", fmt)
    komae = json.loads(run(kasane, "report", "indicators", "--plan", "komae-layered-1", "--fy", "2025"))
    assert sum(line["count"] for line in komae["summary"]) == 8
    every_fact_offers_exactly_the_filters_and_units_of_its_event_kind(read_models)


def every_fact_offers_exactly_the_filters_and_units_of_its_event_kind(read_models: ReadModels) -> None:
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        rows = connection.execute(sa.select(indicator_facts)).all()
    assert {row.kind for row in rows} >= {
        "case.opened",
        "case.consultation",
        "case.outreach",
        "case.plan_made",
        "case.referral_sent",
        "case.placement_started",
        "meeting.held",
        "meeting.attendance",
        "meeting.case_discussed",
        "community.training",
    }
    for row in rows:
        kind = EVENT_KINDS[row.kind]
        amounts = set(AMOUNTS) if row.kind.startswith("community.") else set()  # what a total_of rule adds up
        assert set(row.facts) == kind.filters | amounts, row.kind
        assert set(row.units) <= set(kind.units), row.kind


def test_the_workbook_prints_a4_landscape_with_rates_as_percent_numbers_and_a_reiwa_caption(
    app: Kasane, kasane: CliRunner, tmp_path: Path
) -> None:
    given_a_recorded_year(app)
    moment = datetime.now(JST)  # after every write: the report as of now, stated as a moment
    target = tmp_path / "report.xlsx"
    run(kasane, "report", "indicators", *FY, "--as-of", moment.isoformat(), "--format", "xlsx", "--output", str(target))
    caption = f"令和{moment.year - 2018}年{moment.month}月{moment.day}日 {moment:%H:%M} 時点の記録による"
    workbook = load_workbook(io.BytesIO(target.read_bytes()))
    for sheet in workbook.worksheets:
        fitting = sheet.sheet_properties.pageSetUpPr
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9, sheet.title
        assert sheet.page_setup.fitToWidth == 1 and fitting is not None and fitting.fitToPage, sheet.title
        assert sheet.print_title_rows == "$4:$4", "the table's header row on every page"
        assert sheet["A2"].value == caption
    progress = workbook["進捗管理シート"]
    header = [c.value for c in progress[4]]
    rate = header.index("達成率") + 1
    meetings = next(r for r in progress.iter_rows(min_row=5) if r[2].value == "K6-2")
    assert meetings[rate - 1].value == pytest.approx(0.333) and meetings[rate - 1].number_format == "0.0%"
    assert header.index("達成状況") == header.index("担当課") + 1, "the programme's outcome stands with the programme"
    indicators = workbook["指標"]
    column = [c.value for c in indicators[4]].index("達成率")
    row = next(r for r in indicators.iter_rows(min_row=5) if r[0].value == "K6-2")
    assert row[column].value == pytest.approx(0.333) and row[column].number_format == "0.0%"


# ---- a rating given by hand --------------------------------------------------------------------


def test_plan_rate_records_a_manual_rating_shown_with_who_and_when_in_the_report_and_workbook(
    app: Kasane, kasane: CliRunner, tmp_path: Path
) -> None:
    given_a_recorded_year(app)
    said = run(
        kasane,
        "plan",
        "rate",
        *FY,
        "--measure",
        "7",
        "--rating",
        "C",
        "--note",
        "巡回相談は一部のみ",
        "--on",
        "2024-08-20",
    )
    assert "施策 7 を C と評価しました" in said.decode()
    document = json.loads(run(kasane, "report", "indicators", *FY))
    measure7 = next(m for m in document["measures"] if m["code"] == "7")
    assert (measure7["rating"], measure7["rating_manual"], measure7["rated_on"]) == ("C", True, "2024-08-20")
    assert measure7["rated_by"] and measure7["rating_note"] == "巡回相談は一部のみ"
    assert next(line for line in document["summary"] if line["rating"] == "C")["measures"] == ["7"]
    target = tmp_path / "report.xlsx"
    run(kasane, "report", "indicators", *FY, "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(io.BytesIO(target.read_bytes()))["進捗管理シート"]
    header = [c.value for c in sheet[4]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=5, values_only=True) if r[0] == "7"]
    assert rows and {(r["評価"], r["評価日"]) for r in rows} == {("C（手動）", "2024-08-20")}


@pytest.mark.parametrize(
    "args, field",
    [
        (("--measure", "7", "--rating", "S", "--note", "x"), "rating"),
        (("--measure", "99", "--rating", "C", "--note", "x"), "measure"),
        (("--measure", "7", "--rating", "C", "--note", ""), "note"),
    ],
)
def test_plan_rate_refuses_bad_input_with_a_clear_error_and_writes_nothing(
    app: Kasane, kasane: CliRunner, args: tuple[str, ...], field: str
) -> None:
    given_a_recorded_year(app)
    before = app.recorder.max_notification_id()
    result = kasane.invoke(cli, ["plan", "rate", *FY, *args])
    assert result.exit_code == 2
    assert f"エラー / error [{field}]" in result.output
    assert app.recorder.max_notification_id() == before


def test_plan_unrate_withdraws_a_manual_rating_and_refuses_when_there_is_none(app: Kasane, kasane: CliRunner) -> None:
    given_a_recorded_year(app)
    run(kasane, "plan", "rate", *FY, "--measure", "7", "--rating", "A", "--note", "委員会の判断", "--on", "2024-08-20")
    said = run(
        kasane, "plan", "unrate", *FY, "--measure", "7", "--reason", "数値による評価に戻す", "--on", "2024-08-21"
    )
    assert "手動の評価を取り消しました" in said.decode()
    measure7 = next(m for m in json.loads(run(kasane, "report", "indicators", *FY))["measures"] if m["code"] == "7")
    assert (measure7["rating_manual"], measure7["rated_by"]) == (False, None)
    before = app.recorder.max_notification_id()
    refused = kasane.invoke(cli, ["plan", "unrate", *FY, "--measure", "7", "--reason", "もう一度"])
    assert refused.exit_code == 2 and "エラー / error [measure]" in refused.output
    assert app.recorder.max_notification_id() == before
