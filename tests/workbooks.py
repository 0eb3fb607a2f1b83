"""Reading the xlsx files Kasane writes (downloads, ``kasane export``, ``kasane report``)."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet


def active_sheet(body: bytes) -> Worksheet:
    """The workbook's active sheet. openpyxl allows a workbook without one, or a chart as the active sheet; a list
    download always opens on its table, so anything else fails here."""
    sheet = load_workbook(io.BytesIO(body)).active
    assert isinstance(sheet, Worksheet), sheet
    return sheet
