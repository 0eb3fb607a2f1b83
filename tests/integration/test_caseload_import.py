"""Importing an existing caseload (docs/import.md) on both stores: the template round-trips, refusals write
nothing, and the same file imported again adds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from domain.application import Kasane
from domain.caseload_import import import_id
from projections.cases import queries
from projections.engine.catalogue import ReadModels
from tests.builders import ADMIN, TODAY
from web.caseload_import.run import ImportReport, MissingMaster, import_caseload
from web.caseload_import.workbook import read_path, read_upload
from web.demo.scale import BatchingKasane
from web.storage.settings import Settings, eventsourcing_env

TEMPLATE = Path(__file__).parents[2] / "examples" / "import" / "caseload_template.xlsx"


@pytest.fixture
def importer(settings: Settings, city: Kasane) -> Iterator[BatchingKasane]:
    batching = BatchingKasane(eventsourcing_env(settings), today=lambda: TODAY)
    yield batching
    batching.close()


def events(app: Kasane) -> int:
    return app.recorder.max_notification_id() or 0


def imported(importer: BatchingKasane, path: Path = TEMPLATE, *, dry_run: bool = False) -> ImportReport:
    return import_caseload(importer, read_path(path), ADMIN, dry_run=dry_run)


def csv_files(**sheets: str) -> list[tuple[str, bytes]]:
    return [(f"{name}.csv", text.encode()) for name, text in sheets.items()]


HOUSEHOLD_HEADER = "世帯番号,世帯名,受付日,圏域,受付機関,主担当機関,担当者,相談経路,相談者,課題\n"
MEMBER_HEADER = "世帯番号,氏名,ふりがな,生年月日,続柄\n"


def test_the_template_round_trips_into_the_case_list(
    city: Kasane, importer: BatchingKasane, read_models: ReadModels
) -> None:
    report = imported(importer)
    assert report.recorded and not report.problems
    assert report.counts == {"世帯": 2, "世帯員": 3, "相談・訪問": 3, "支援会議": 1}
    read_models.catch_up()
    with read_models.engine.connect() as connection:
        cases = {c.household_name: c for c in queries.list_cases(connection)}
    assert set(cases) == {"山田 家", "川口 家"}
    yamada, kawaguchi = cases["山田 家"], cases["川口 家"]
    assert (yamada.opened_on, yamada.member_count, yamada.consultation_count, yamada.outreach_count) == (
        date(2024, 4, 1),
        2,
        1,
        1,
    )
    assert yamada.issue_tags == ("elderly", "hikikomori") and yamada.last_contact_on == date(2024, 4, 15)
    assert (kawaguchi.opened_on, kawaguchi.member_count, kawaguchi.consultation_count) == (date(2024, 6, 12), 1, 1)
    assert kawaguchi.area == "minami" and kawaguchi.coordinator == "suzuki"


def test_each_row_keeps_its_business_date_and_the_note_names_file_and_rows(
    city: Kasane, importer: BatchingKasane
) -> None:
    report = imported(importer)
    yamada = report.case_ids[0]
    history = city.history(yamada)
    assert [(h.event, h.occurred_on) for h in history] == [
        ("Opened", date(2024, 4, 1)),
        ("ConsultationRecorded", date(2024, 4, 1)),
        ("OutreachVisitRecorded", date(2024, 4, 15)),
        ("DiscussedAtMeeting", date(2024, 5, 20)),
    ]
    note = city.caseload_import(report.sha256)
    assert note is not None and note.id == import_id(report.sha256)
    assert ("世帯", 2, yamada) in {(r.sheet, r.row, r.record_id) for r in note.rows}


def test_importing_the_same_file_again_adds_nothing(city: Kasane, importer: BatchingKasane) -> None:
    imported(importer)
    before = events(city)
    again = imported(importer)
    assert again.already_imported and not again.recorded and again.counts["世帯"] == 2
    assert events(city) == before


def test_a_dry_run_checks_everything_and_writes_nothing(city: Kasane, importer: BatchingKasane) -> None:
    before = events(city)
    report = imported(importer, dry_run=True)
    assert not report.problems and not report.recorded and report.counts["相談・訪問"] == 3
    assert events(city) == before
    assert imported(importer).recorded  # the dry run left nothing behind that would stop the real one


def test_a_refused_file_lists_every_problem_by_sheet_row_and_column_and_writes_nothing(
    city: Kasane, importer: BatchingKasane
) -> None:
    before = events(city)
    source = read_upload(
        csv_files(
            世帯=HOUSEHOLD_HEADER
            + "1,山田 家,令和6年13月1日,nowhere,fukushi-soudan,fukushi-soudan,sato,電話,本人,\n"
            + "2,川口 家,R6.6.1,kita,fukushi-soudan,fukushi-soudan,sato,電話,本人,\n"
            + "3,森 家,R6.6.2,kita,fukushi-soudan,fukushi-soudan,sato,電話,本人,\n",
            世帯員=MEMBER_HEADER + "1,山田 花子,,S22.5.3,本人\n2,川口 一,,,本人\n3,森 二郎,,2030-01-01,本人\n",
            contacts="世帯番号,日付,種別,機関,対応者,相談経路,相談者\n1,R6.4.2,相談,fukushi-soudan,相談員,電話,本人\n",
        )
    )
    report = import_caseload(importer, source, ADMIN, dry_run=False)
    assert [(p.sheet, p.row, p.column, p.code) for p in report.problems] == [
        ("世帯", 2, "受付日", "bad_date"),
        ("世帯", 2, "圏域", "missing_master"),
        ("世帯員", 4, "生年月日", "date_in_future"),
        ("相談・訪問", 2, "世帯番号", "household_refused"),
    ]
    assert report.missing == (MissingMaster("area", "nowhere"),)
    assert not report.recorded and events(city) == before
    assert city.caseload_import(report.sha256) is None


def test_rows_refused_by_the_domain_keep_the_whole_file_out(city: Kasane, importer: BatchingKasane) -> None:
    """A 重層的支援会議 needs consent: refused by the ordinary command, so the households before it are not kept."""
    before = events(city)
    source = read_upload(
        csv_files(
            世帯=HOUSEHOLD_HEADER + "1,山田 家,R6.4.1,kita,fukushi-soudan,fukushi-soudan,sato,電話,本人,\n",
            世帯員=MEMBER_HEADER + "1,山田 花子,,,本人\n",
            支援会議="開催日,会議種別,名称,主催機関,出席機関,世帯番号\n"
            + "R6.5.1,layered,5月 重層的支援会議,fukushi-soudan,fukushi-soudan、shakyo,1\n",
        )
    )
    report = import_caseload(importer, source, ADMIN, dry_run=False)
    assert [(p.sheet, p.row, p.code) for p in report.problems] == [("支援会議", 2, "consent_required")]
    assert events(city) == before
