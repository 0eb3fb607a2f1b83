"""The caseload template workbook: the layout's headers and a few example rows, written by code.

``python -m web.caseload_import.template examples/import/caseload_template.xlsx`` writes the file shipped in
examples/ (docs/import.md); ``tests/integration/test_caseload_import.py`` imports it, so the example stays
importable into a store set up from examples/setup/sakuragaoka.toml. The rows are a fictional household.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font

from web.caseload_import.layout import CONTACTS, HOUSEHOLDS, MEETINGS, MEMBERS, SHEETS

EXAMPLE_ROWS: dict[str, list[list[str]]] = {
    HOUSEHOLDS.name: [
        [
            "1",
            "山田 家",
            "令和6年4月1日",
            "kita",
            "fukushi-soudan",
            "fukushi-soudan",
            "sato",
            "電話",
            "家族・親族",
            "高齢者、ひきこもり",
            "8050世帯。母の介護と長男のひきこもりの相談",
        ],
        ["2", "川口 家", "R6.6.12", "minami", "shakyo", "shakyo", "suzuki", "窓口", "本人", "生活困窮", ""],
    ],
    MEMBERS.name: [
        ["1", "山田 花子", "ヤマダ ハナコ", "昭和22年5月3日", "本人"],
        ["1", "山田 一郎", "ヤマダ イチロウ", "1975-08-20", "子"],
        ["2", "川口 美咲", "カワグチ ミサキ", "平成2年1月15日", "本人"],
    ],
    CONTACTS.name: [
        ["1", "令和6年4月1日", "相談", "fukushi-soudan", "相談員", "電話", "家族・親族", "はい", "", "", "初回相談"],
        ["1", "令和6年4月15日", "訪問", "fukushi-soudan", "相談員", "", "", "", "自宅訪問", "はい", "長男と面会"],
        [
            "2",
            "2024-06-12",
            "相談",
            "shakyo",
            "コミュニティソーシャルワーカー（CSW）",
            "窓口",
            "本人",
            "はい",
            "",
            "",
            "",
        ],
    ],
    MEETINGS.name: [
        [
            "令和6年5月20日",
            "support",
            "5月 支援会議",
            "fukushi-soudan",
            "fukushi-soudan、shakyo",
            "1",
            "役割分担を確認",
        ],
    ],
}


def write_template(target: Path | BinaryIO) -> None:
    """The workbook to a file (``Path``) or a stream (the admin screen's download)."""
    write_rows(target, EXAMPLE_ROWS)


def write_rows(target: Path | BinaryIO, rows: dict[str, list[list[str]]]) -> None:
    """A workbook in the template's layout with these rows per sheet (the benchmark's generated files too)."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for sheet in SHEETS:
        page = book.create_sheet(sheet.name)
        page.append([c.header for c in sheet.columns])
        for cell, column in zip(page[1], sheet.columns, strict=True):
            cell.font = Font(bold=column.required)
            page.column_dimensions[cell.column_letter].width = max(12, 3 * len(column.header))
        for row in rows.get(sheet.name, []):
            page.append(row)
    if isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


if __name__ == "__main__":
    write_template(Path(sys.argv[1] if len(sys.argv) > 1 else "examples/import/caseload_template.xlsx"))
