"""What-if: a plan's years counted under a revised definition that is NOT loaded (before a 中間見直し is adopted).

The revised file is parsed and its rules are counted ad hoc on the exact
path from the facts (``engine.report_of``), beside the figures of the
definition in force: nothing is recorded, so the committee can see what the
revision would change in every year before deciding to load it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from domain.errors import InvalidInput, PlanCodeChanged
from domain.plan_file import parse_plan
from domain.plan_use_cases import MAX_PLAN_FILE
from domain.validation import check_text
from projections.indicators.engine import YearReport, report_of
from projections.indicators.evaluation_records import PlanVersion, plan_at


@dataclass(frozen=True)
class YearCompared:
    """One year under the loaded definition (None: outside its period) and under the revised one."""

    fiscal_year: int
    current: YearReport | None
    revised: YearReport | None


@dataclass(frozen=True)
class WhatIf:
    current: PlanVersion
    revised: PlanVersion
    years: list[YearCompared]
    """Every year of either period up to the asked one, oldest first."""


def revised_version(current: PlanVersion, source: str) -> PlanVersion:
    """The revision ``source`` would become if loaded: same code, the next revision number."""
    source = check_text(source, "source", max_length=MAX_PLAN_FILE)  # as loading would store it
    plan = parse_plan(source)
    if plan.code != current.plan.code:
        raise PlanCodeChanged(f"a revision must keep the plan code {current.plan.code!r}", field="code")
    return PlanVersion(plan, current.revision + 1, hashlib.sha256(source.encode("utf-8")).hexdigest())


def what_if(connection: Connection, plan_code: str, fiscal_year: int, source: str) -> WhatIf:
    """Every year up to ``fiscal_year`` under the plan as loaded now and as ``source`` would define it."""
    current = plan_at(connection, plan_code, None)
    revised = revised_version(current, source)
    old, new = current.plan, revised.plan
    if not (old.covers(fiscal_year) or new.covers(fiscal_year)):
        raise InvalidInput(
            f"FY{fiscal_year} is outside the plan period FY{new.first_year}–FY{new.last_year}", field="fiscal_year"
        )
    years = [
        YearCompared(
            year,
            report_of(connection, current, year, None) if old.covers(year) else None,
            report_of(connection, revised, year, None) if new.covers(year) else None,
        )
        for year in range(min(old.first_year, new.first_year), fiscal_year + 1)
        if old.covers(year) or new.covers(year)
    ]
    return WhatIf(current, revised, years)
