"""A screen's list as a file to download: CSV (UTF-8 with BOM) or an .xlsx workbook.

The case list, the caseload's lists and the meeting list are exported the
way the screen shows them: the caller (``web.views.list_export``) has already
scoped the rows to the reader and turned every code into its Japanese label;
this module only writes cells. Both renderings keep typed text inert
(``projections.reports.spreadsheet_text``): a household name starting with
``=`` is text in Excel, never a formula.

Dates are written in ISO form (``2026-12-07``): sortable, unambiguous to the
systems these files are imported into, and recognised as dates by Excel;
in the workbook they are real date cells shown ``yyyy-mm-dd``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from projections.reports.sheet_layout import for_printing
from projections.reports.spreadsheet_text import XLSX_TEXT, formula_like, inert

Cell = str | int | date | None

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ListFile:
    """One list: its sheet name, Japanese column headers, and its rows of plain cells."""

    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]] = field(default_factory=list)

    def render(self, fmt: str) -> bytes:
        """The file in ``fmt`` (``csv`` or ``xlsx``)."""
        return to_csv(self) if fmt == "csv" else to_xlsx(self)


def to_csv(table: ListFile) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads the Japanese), CRLF line ends, formula-like text prefixed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([inert(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Cell) -> str | int:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return value if isinstance(value, int) else str(inert(value))


def to_xlsx(table: ListFile) -> bytes:
    """One sheet: a bold header row (repeated on every printed page), text as text, dates as dates."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title[:31]
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in table.rows:
        sheet.append(list(row))
    for row_cells in sheet.iter_rows(min_row=1):
        for cell in row_cells:
            if formula_like(cell.value):
                cell.data_type = XLSX_TEXT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    for index, column in enumerate(sheet.columns, start=1):
        widest = max((len(str(c.value)) for c in column if c.value is not None), default=4)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest * 2, 10), 40)
    sheet.freeze_panes = "A2"
    for_printing(sheet, header_row=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
