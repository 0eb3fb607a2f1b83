"""What a plan's evaluation holds besides figures, and the checks every entry of it shares.

The aggregate (``domain/evaluation.py``) records entries as events of plain values; these are the shapes the
read models and documents read them back as (a progress sheet row's Do/Check/Act, a committee opinion, the
次年度方針 codes, the 確定 record), and the two checks every command of a year's evaluation starts with: the year is
in the plan and has begun, the subject is a measure of the plan or one of its programmes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain.errors import InvalidInput, NotFound
from domain.fiscal_year import FiscalYear
from domain.plan import Plan
from domain.validation import check_code


class NextYearPolicy(StrEnum):
    """次年度方針 (Kiyose's six codes)."""

    NEW = "new"
    """新規: launch a new programme."""
    CONTINUE = "continue"
    """継続: continue as is."""
    ENHANCE = "enhance"
    """充実: enhance, strengthen."""
    IMPROVE = "improve"
    """改善: review and improve."""
    REDUCE = "reduce"
    """縮小: scale down."""
    ABOLISH = "abolish"
    """廃止: abolish."""


@dataclass(frozen=True)
class Review:
    """Do (実行) / Check (評価) / Act (課題及び改善点) of a progress sheet row."""

    do: str
    check: str
    act: str


@dataclass(frozen=True)
class Opinion:
    """One opinion of the committee (委員会からの意見)."""

    measure: str
    programme: str | None
    opinion: str
    committee: str


Subject = tuple[str, str | None]
"""A measure code and, for a row about one of its programmes, the programme code."""


@dataclass(frozen=True)
class Finalization:
    """The 確定 report: re-made as of ``as_of``, its document has this SHA-256 byte for byte."""

    as_of: datetime
    document_sha256: str
    finalized_on: date


SHA256 = re.compile(r"[0-9a-f]{64}")


def check_year(plan: Plan, fiscal_year: object, today: date) -> int:
    """Raised when the year is outside the plan period or has not begun."""
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        raise InvalidInput("fiscal_year must be a year such as 2025", field="fiscal_year")
    if not plan.covers(fiscal_year):
        raise InvalidInput(
            f"FY{fiscal_year} is outside the plan period FY{plan.first_year}–FY{plan.last_year}", field="fiscal_year"
        )
    if FiscalYear(fiscal_year).start > today:
        raise InvalidInput(f"FY{fiscal_year} has not begun yet", field="fiscal_year")
    return fiscal_year


def check_subject(plan: Plan, measure: object, programme: object) -> Subject:
    """Raised when the measure is unknown, or the programme is not one of its programmes."""
    found = plan.measure(check_code(measure, "measure"))
    if programme is None or programme == "":
        return found.code, None
    code = check_code(programme, "programme")
    if code not in {p.code for p in found.programmes}:
        raise NotFound(f"measure {found.code} has no programme {code!r}", field="programme")
    return found.code, code
