"""An import's problems and outcome in words: Japanese, or English, from the gettext catalogs.

Problems found while reading a row have codes of their own (msgctxt ``import:problems``); refusals by the
domain keep the domain's code and field and read as the same message a form shows beside that field.
No message repeats a value a person typed, except codes (master data, choices) and the file's household numbers.
"""

from __future__ import annotations

from web.caseload_import.rows import Problem
from web.caseload_import.run import ImportReport, MissingMaster
from web.i18n.language import Translator

PROBLEMS = "import:problems"
KINDS = "import:kinds"


def problem_message(problem: Problem, t: Translator) -> str:
    own = t.words.get(PROBLEMS, problem.code)
    if own is not None:
        return own.format(detail=problem.detail)
    return t.error(problem.code, problem.field)


def where(problem: Problem, t: Translator) -> str:
    """``世帯 3行目 受付日`` / ``世帯 row 3 受付日`` (sheets and columns are named as in the file)."""
    row = "" if not problem.row else (f"{problem.row}行目" if t.lang == "ja" else f"row {problem.row}")
    return " ".join(part for part in (problem.sheet, row, problem.column) if part)


def missing_line(missing: MissingMaster, t: Translator) -> str:
    kind = t.words.get(KINDS, missing.kind) or missing.kind
    return f"{kind}: {missing.code}"


def counts_line(report: ImportReport) -> str:
    return "、".join(f"{sheet} {count}" for sheet, count in report.counts.items())
