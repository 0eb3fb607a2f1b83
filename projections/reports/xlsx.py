"""The year's report as an Excel workbook laid out like Komae's 進捗管理シート.

Sheets: 進捗管理シート (one row per programme indicator, PDCA columns),
評価総括表 (measures per rating A–D), 指標 (every indicator once) and
委員会からの意見; the 工程表 has a workbook of its own (``roadmap_xlsx``).
The workbook is byte-stable: fixed document properties and fixed times
on every part of the zip, unless a stamp is asked for.

Printed as the committee reads it: A4 landscape, one page wide, each table's
header row repeated on every page (``projections.reports.sheet_layout``),
the as-of moment in 令和 form. 達成率 is a number cell shown as a percentage
(``0.0%``), rounded as the plans print it (``labels.printed_rate``); a band
such as ``100%以上`` of a withheld figure stays text.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from projections.reports import labels as ja
from projections.reports.documents import (
    FINALIZATION_COLUMNS,
    Document,
    finalization_cells,
    progress_columns,
    progress_rows,
)
from projections.reports.plan_period import roadmap_table
from projections.reports.sheet_layout import for_printing
from projections.reports.spreadsheet_text import XLSX_TEXT, formula_like

FIXED_MOMENT = datetime(2000, 1, 1)
"""Document properties of an unstamped workbook (naive UTC, as openpyxl stores them)."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
PERCENT_FORMAT = "0.0%"
RATE = "達成率"
PERCENT_COLUMNS = frozenset({RATE, "前年度比"})

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {
    "基本目標": 24,
    "施策": 24,
    "事業": 28,
    "担当課": 14,
    "指標": 32,
    "Do(実行)": 40,
    "Check(評価)": 40,
    "Act(課題及び改善点)": 40,
    "指標名": 36,
    "意見": 60,
    "該当する施策": 30,
}
INDICATOR_COLUMNS = (
    "指標コード",
    "指標名",
    "単位",
    "方向",
    "集計方法",
    "期間",
    "現状値",
    "現状値の年度",
    "目標",
    "目標の種類",
    "目標の年度",
    "実績",
    "達成率",
    "前年度実績",
    "前年度増減",
    "前年度比",
    "達成",
    "判定できない理由",
    "備考",
)


def to_xlsx(document: Document, *, stamp: datetime | None = None) -> bytes:
    """The workbook of an indicators document, as the bytes of an .xlsx file."""
    workbook = Workbook()
    progress = workbook.active
    assert progress is not None
    progress.title = "進捗管理シート"
    _progress_sheet(progress, document)
    _summary_sheet(workbook.create_sheet("評価総括表"), document)
    _indicator_sheet(workbook.create_sheet("指標"), document)
    _opinion_sheet(workbook.create_sheet("委員会からの意見"), document)
    if (document.get("finalization") or {}).get("status") == "finalized":
        _corrections_sheet(workbook.create_sheet("確定後の訂正"), document)
    _text_as_text(workbook)
    moment = FIXED_MOMENT if stamp is None else stamp.astimezone(UTC).replace(tzinfo=None)
    workbook.properties.creator = "Kasane"
    workbook.properties.title = f"{document['plan']['name']} {document['fiscal_year']['label_ja']} 進捗管理"
    workbook.properties.created = workbook.properties.modified = moment
    buffer = io.BytesIO()
    with _StableZip(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def roadmap_xlsx(document: Document) -> bytes:
    """The 工程表 (``plan_period.roadmap_document``) as a one-sheet workbook, printed like the other reports."""
    columns, rows = roadmap_table(document)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "工程表"
    sheet.append([f"{document['plan']['name']}　工程表"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([ja.as_of_caption(document["as_of"])])
    sheet.append([])
    _table(sheet, tuple(columns), [[row[c] for c in columns] for row in rows])
    _text_as_text(workbook)
    workbook.properties.creator = "Kasane"
    workbook.properties.title = f"{document['plan']['name']} 工程表"
    workbook.properties.created = workbook.properties.modified = FIXED_MOMENT
    buffer = io.BytesIO()
    with _StableZip(buffer, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()


def _text_as_text(workbook: Workbook) -> None:
    """Every text cell a string cell: typed text starting with ``=`` stays text.

    (``projections.reports.spreadsheet_text``)
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if formula_like(cell.value):
                    cell.data_type = XLSX_TEXT


class _StableZip(ZipFile):
    """A zip whose parts all carry one fixed time, so equal workbooks are equal files."""

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """openpyxl writes worksheets from temporary files: take their bytes, not their mtime."""
        with open(filename, "rb") as part:
            self.writestr(str(arcname or filename), part.read())


def _title(sheet: Worksheet, document: Document, what: str) -> None:
    year = document["fiscal_year"]
    sheet.append([f"{document['plan']['name']}　{what}　{year['label_ja']}（{year['label']}）"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([ja.as_of_caption(document["as_of"]) + _status(document.get("finalization"))])
    sheet.append([])


def _status(finalization: Document | None) -> str:
    """The committee status under the title of the year as known now: 案, or when it was made 確定."""
    if finalization is None:
        return ""
    if finalization["status"] != "finalized":
        return f"　報告の状態：{ja.DRAFT}"
    made = ja.as_of_caption(finalization["as_of"]).removesuffix("による")
    return f"　報告の状態：{ja.FINALIZED}（{made}の確定報告、{len(finalization['restated'])}指標に確定後の訂正）"


def _table(sheet: Worksheet, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
    sheet.append(list(columns))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.border, cell.alignment = BORDER, Alignment(vertical="top", wrap_text=True)
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 12)
        if name in PERCENT_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                if isinstance(cell.value, Decimal):
                    cell.number_format = PERCENT_FORMAT
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1).coordinate
    for_printing(sheet, header_row=header_row)


def _footnote(sheet: Worksheet, document: Document) -> None:
    """Under the table of a suppressed report: what ``<3`` and the rate bands mean."""
    suppression = document.get("suppression")
    if suppression and suppression["k"] > 1:
        sheet.append([])
        sheet.append([suppression["note_ja"]])


def _progress_sheet(sheet: Worksheet, document: Document) -> None:
    _title(sheet, document, "進捗管理シート")
    numbers = {"目標", "実績", "確定実績", "前年度実績", "前年度増減"}
    columns = progress_columns(document)
    rows = [
        [
            _rate(row[c]) if c in PERCENT_COLUMNS else _value(row[c]) if c in numbers and row[c] else row[c]
            for c in columns
        ]
        for row in progress_rows(document)
    ]
    _table(sheet, columns, rows)
    _footnote(sheet, document)


def _summary_sheet(sheet: Worksheet, document: Document) -> None:
    _title(sheet, document, "評価総括表")
    rows = [
        [line["rating"] or "—", line["label_ja"], line["count"], "、".join(line["display_codes"])]
        for line in document["summary"]
    ]
    rows.append(["合計", "", sum(line["count"] for line in document["summary"]), ""])
    _table(sheet, ("評価", "施策の進捗状況", "件数", "該当する施策"), rows)
    _footnote(sheet, document)


def _indicator_sheet(sheet: Worksheet, document: Document) -> None:
    _title(sheet, document, "指標")
    marks = document.get("suppression") or {}
    finalization = document.get("finalization")
    rows = []
    for i in document["indicators"]:
        baseline = i["baseline"] or {}
        hidden = bool(i.get("suppressed"))
        rows.append(
            [
                i["code"],
                i["name_ja"],
                "" if i["unit"] == "status" else i["unit"],
                ja.DIRECTION_LABELS[i["direction"]],
                "手入力" if i["source"] == "manual" else i["counting_ja"],
                ja.PERIOD_LABELS[i["period"]],
                _value(baseline.get("value")),
                baseline.get("year"),
                ja.TBD if i["target_tbd"] else _value(i["target"]),
                ja.BASIS_LABELS[i["target_basis"]],
                i["target_year"],
                marks["marker"] if hidden else _value(i["actual"]),
                i["rate_band"] if hidden else _fraction(ja.printed_rate(i)),
                *_previous(i, marks),
                _achieved(i["achieved"]),
                ja.UNMEASURED_LABELS[i["unmeasured"]],
                i["note"],
                *(_finalized_cells(i, finalization, marks) if finalization else ()),
            ]
        )
    _table(sheet, INDICATOR_COLUMNS + (FINALIZATION_COLUMNS[1:] if finalization else ()), rows)
    _footnote(sheet, document)


def _opinion_sheet(sheet: Worksheet, document: Document) -> None:
    _title(sheet, document, "委員会からの意見")
    rows = [
        [m["code"], m["name"], o["programme"] or "", o["committee"], o["opinion"]]
        for m in document["measures"]
        for o in m["opinions"]
    ]
    _table(sheet, ("施策コード", "施策", "事業コード", "委員会", "意見"), rows)


def _finalized_cells(item: Document, finalization: Document, marks: Document) -> list[Any]:
    cells = finalization_cells(item, finalization, marks)
    return [_value(cells["確定実績"]) if cells["確定実績"] else None, cells["確定後の訂正"]]


CORRECTION_COLUMNS = (
    "指標コード",
    "指標名",
    "確定実績",
    "現在の実績",
    "訂正の種類",
    "記録の種類",
    "発生日",
    "変わった項目",
)
CHANGE_LABELS = {"recorded": "確定後に入力", "voided": "取消", "corrected": "訂正"}


def _corrections_sheet(sheet: Worksheet, document: Document) -> None:
    """What moved each 確定 figure since the 確定 moment (the page's 確定後の訂正), case ids left out."""
    _title(sheet, document, "確定後の訂正")
    marks, rows = document.get("suppression") or {}, []
    for i in document["finalization"]["corrections"]["indicators"]:
        before = marks.get("marker") if i.get("before_suppressed") else _value(i["before"])
        after = marks.get("marker") if i.get("after_suppressed") else _value(i["after"])
        for c in i["changes"] or [{}]:
            rows.append([i["code"], i["name_ja"], before, after, *_change_cells(c)])
    _table(sheet, CORRECTION_COLUMNS, rows)
    _footnote(sheet, document)


def _change_cells(change: Document) -> list[str]:
    """A counted fact voided, corrected or recorded after the 確定 moment, or an entry made since (手入力)."""
    side = change.get("after") or change.get("before") or {}
    what = CHANGE_LABELS.get(change.get("change", ""), "確定後に入力" if change else "")
    kind = change.get("kind") or change.get("record") or ""
    return [what, kind, side.get("occurred_on") or change.get("occurred_on", ""), "、".join(change.get("fields", ()))]


def _value(text: str | None) -> Decimal | str | None:
    """Numbers as numbers (Excel can sum them), statuses as text."""
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _previous(item: Document, marks: Document) -> list[Decimal | str | None]:
    """前年度実績, 前年度増減 and 前年度比 of an indicator (``projections.reports.year_over_year``)."""
    before = marks.get("marker") if item.get("previous_suppressed") else _value(item.get("previous_actual"))
    ratio = item.get("change_ratio")
    return [
        ja.NO_FIGURE if before is None else before,
        ja.NO_FIGURE if item.get("change") is None else _value(item["change"]),
        ja.NO_FIGURE if ratio is None else _fraction(Decimal(ratio)),
    ]


def _achieved(flag: bool | None) -> str:
    return "—" if flag is None else ja.OUTCOME_LABELS["achieved" if flag else "not_achieved"]


def _fraction(percent: Decimal | None) -> Decimal | None:
    """92.9 (%) as the cell value 0.929, shown ``92.9%`` by its number format."""
    return None if percent is None else percent / 100


def _rate(text: str) -> Decimal | str | None:
    """A progress row's printed 達成率 (``92.9%``) as a number; a band (``100%以上``) stays text."""
    if not text:
        return None
    number = _value(text[:-1]) if text.endswith("%") else text
    return _fraction(number) if isinstance(number, Decimal) else text
