"""Text in a download stays text: no cell of a CSV or workbook may start a spreadsheet formula.

Free text typed by users (Do/Check/Act, committee opinions, notes) is copied
into the downloads. A spreadsheet program treats a cell starting with ``=``,
``+``, ``-`` or ``@`` (and, after trimming, a tab or carriage return) as a
formula, so ``=HYPERLINK(…)`` typed in a form would become a live link or
worse on a colleague's PC (CSV/formula injection). Every writer passes its
text cells through ``inert``:

- CSV has no cell types, so such text is prefixed with an apostrophe ``'``
  (the OWASP advice; Excel shows the text after it, other programs show the
  apostrophe, and the original is always recoverable by removing it).
- In an .xlsx workbook the same text is written as an explicit string cell
  (``XLSX_TEXT``), so it keeps exactly what was typed and is never evaluated.

A plain number (``-5``, ``+3.5``, ``-12%``) is a number, not a formula, and is left alone.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?%?")
XLSX_TEXT = "s"
"""openpyxl's data type of a string cell: written as text whatever its first character."""


def formula_like(value: Any) -> bool:
    """True when a spreadsheet program would read ``value`` as the start of a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and PLAIN_NUMBER.fullmatch(value) is None


def inert(value: Any) -> Any:
    """The CSV form of a cell: formula-like text behind an apostrophe, anything else as it is."""
    return "'" + value if formula_like(value) else value
