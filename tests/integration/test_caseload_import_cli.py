"""``kasane import caseload`` as a real process: dry run, record, again; a refused folder of CSV files."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cli import kasane

ROOT = Path(__file__).parents[2]
TEMPLATE = ROOT / "examples" / "import" / "caseload_template.xlsx"
SETUP = ROOT / "examples" / "setup" / "sakuragaoka.toml"


def test_the_template_is_checked_recorded_once_and_found_imported_the_second_time(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    assert kasane("setup", "load", str(SETUP), database=database).exit_code == 0
    dry = kasane("import", "caseload", str(TEMPLATE), "--dry-run", database=database)
    assert dry.exit_code == 0, dry.stderr
    assert (
        "問題はありません（登録していません）" in dry.stdout
        and "世帯 2、世帯員 3、相談・訪問 3、支援会議 1" in dry.stdout
    )
    real = kasane("import", "caseload", str(TEMPLATE), database=database)
    assert real.exit_code == 0 and "登録しました / recorded" in real.stdout, real.stderr
    again = kasane("import", "caseload", str(TEMPLATE), database=database)
    assert again.exit_code == 0 and "取込済み" in again.stdout and "nothing added" in again.stdout


def test_a_folder_of_csv_files_with_mistakes_is_refused_with_every_problem_in_both_languages(tmp_path: Path) -> None:
    database = tmp_path / "k.db"
    assert kasane("setup", "load", str(SETUP), database=database).exit_code == 0
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "世帯.csv").write_text(
        "世帯番号,世帯名,受付日,圏域,受付機関,主担当機関,担当者,相談経路,相談者\n"
        "1,山田 家,R6.4.1,kita,fukushi-soudan,fukushi-soudan,nobody,電話,本人\n",
        encoding="cp932",
    )
    (folder / "世帯員.csv").write_text("世帯番号,氏名,続柄\n1,山田 花子,いとこ\n", encoding="utf-8-sig")
    refused = kasane("import", "caseload", str(folder), database=database)
    assert refused.exit_code == 2
    assert (
        "エラー / error [世帯 2行目 担当者]: マスタに登録されていません（nobody）。 / Not in the master data: nobody."
        in (refused.stderr)
    )
    assert "エラー / error [世帯員 2行目 続柄]: 「いとこ」は選択肢にありません。" in refused.stderr
    assert "担当者（職員）: nobody / coordinator: nobody" in refused.stderr
    assert "何も登録していません / 2 problem(s): nothing was written" in refused.stderr
