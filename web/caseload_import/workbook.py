"""Reading a caseload file: one .xlsx workbook, or CSV files (one per sheet, or a folder of them).

Whatever the format, the result is the same: each sheet's rows as header → text, with the row number the
person sees in Excel (the header is row 1), and the SHA-256 that identifies the file's content. Cells Excel
stores as dates are given as ISO dates; everything else as the text it shows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from web.caseload_import.layout import SHEETS

CSV_ENCODINGS = ("utf-8-sig", "cp932")
"""UTF-8 (with or without the BOM Excel writes), then Shift_JIS as older Japanese Excel saves CSV."""


class UnreadableFile(ValueError):
    """Raised when the file is neither a workbook nor CSV text; nothing is imported."""


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]

    def get(self, header: str) -> str:
        return self.values.get(header, "")


@dataclass(frozen=True)
class CaseloadFile:
    sha256: str
    sheets: dict[str, list[Row]] = field(default_factory=dict)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)


def read_upload(parts: Iterable[tuple[str, bytes]]) -> CaseloadFile:
    """One workbook, or one CSV file per sheet, as (file name, content) pairs."""
    named = sorted(parts)
    if len(named) == 1 and _is_workbook(named[0][1]):
        return _workbook(named[0][1])
    digest = hashlib.sha256()
    result = CaseloadFile(sha256="")
    for name, content in named:
        digest.update(f"{Path(name).name}\0{hashlib.sha256(content).hexdigest()}\n".encode())
        _add_sheet(result, _sheet_name(name), list(csv.reader(io.StringIO(_text(name, content)))))
    return CaseloadFile(sha256=digest.hexdigest(), sheets=result.sheets, headers=result.headers)


def read_path(path: Path) -> CaseloadFile:
    """A workbook, a CSV file, or a folder of CSV files."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    if not files:
        raise UnreadableFile(f"no CSV files in {path}")
    return read_upload((f.name, f.read_bytes()) for f in files)


def _is_workbook(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04" and zipfile.is_zipfile(io.BytesIO(content))


def _workbook(content: bytes) -> CaseloadFile:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(f"not a readable workbook ({type(error).__name__})") from None
    result = CaseloadFile(sha256=hashlib.sha256(content).hexdigest())
    for sheet in book.worksheets:
        _add_sheet(result, sheet.title, [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)])
    book.close()
    return result


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text(name: str, content: bytes) -> str:
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{Path(name).name} is neither UTF-8 nor Shift_JIS text")


def _sheet_name(file_name: str) -> str:
    """``世帯.csv`` or ``households.csv`` → ``世帯``; another name is kept (and reported as an unknown sheet)."""
    stem = Path(file_name).stem
    return next((s.name for s in SHEETS if stem in (s.name, s.key)), stem)


def _add_sheet(result: CaseloadFile, name: str, table: list[list[str]]) -> None:
    if not table:
        result.headers[name] = ()
        result.sheets[name] = []
        return
    headers = tuple(h.strip() for h in table[0])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {h: c.strip() for h, c in zip(headers, cells, strict=False) if h}
        if any(values.values()):
            rows.append(Row(number, values))
    result.headers[name] = headers
    result.sheets[name] = rows
