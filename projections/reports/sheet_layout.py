"""How every sheet Kasane writes prints: A4 landscape, one page wide, the header row on every page.

Reports and lists are printed for committees and case meetings; a wide
table that spills onto a second page sideways, or pages without headers,
cannot be read at the table. One function, so every workbook prints alike.
"""

from __future__ import annotations

from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet


def for_printing(sheet: Worksheet, *, header_row: int) -> None:
    """A4 landscape, one page wide (as many tall as needed), the table's header row repeated on every page."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{header_row}:{header_row}"
