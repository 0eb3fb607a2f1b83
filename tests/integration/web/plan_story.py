"""The planner's story for the web tests: a small city's FY2023 (令和5年度) under the check plan.

Figures expected on the screens are worked out here by hand from the story,
independently of the engine (plan: ``tests.plan_scenarios.PLAN``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from domain.application import Kasane
from domain.plan_commands import LoadPlan
from tests.builders import ADMIN
from tests.plan_scenarios import PLAN, PLAN_CODE, consult, household, meeting
from tests.write_moments import last_write

FY = 2023
YEAR_URL = f"/plans/{PLAN_CODE}?fy={FY}"

EXPECTED = {
    # code: (actual, target, rate) — 石井家 consults twice, 岡田家 once in FY2023 (Feb 2024 counts), once in FY2024
    "C-TOTAL": ("3", "3", "100.0%"),
    "C-DISTINCT": ("2", "2", "100.0%"),
    "C-NEW": ("2", "1", "200.0%"),
    "K6-1": ("0", "1", "0.0%"),
    "K6-2": ("1", "3", "33.3%"),  # one support meeting of the three planned
    "A02": ("1", "3", "33.3%"),  # the 社協 attended that meeting
}
RATINGS = {"4": "A", "6": "D", "7": "D"}
"""Measure 4: its one programme achieved (1/1); 6: none of 3; 7: none of 1; 3 has nothing to judge yet."""


@dataclass
class Story:
    ishii: UUID
    okada: UUID
    moment: datetime
    """When the last event of the story was written."""


def fiscal_2023(app: Kasane) -> Story:
    """The ``web`` fixture has registered the city; the plan and FY2023's records come here."""
    app.execute(LoadPlan(actor=ADMIN, source=PLAN, occurred_on=date(2023, 4, 1)))
    ishii, okada = household(app, "石井家", date(2023, 4, 3)), household(app, "岡田家", date(2023, 6, 1))
    consult(app, ishii, date(2023, 5, 10), "x1")
    consult(app, ishii, date(2023, 9, 1), "x2")
    consult(app, okada, date(2024, 2, 10), "y1")
    consult(app, okada, date(2024, 4, 2), "y-fy2024")
    meeting(app, "support-1", "support", date(2023, 7, 10), (ishii,))
    return Story(ishii, okada, last_write(app))


def actual(html: str, code: str) -> str:
    """The actual shown for an indicator on the year page (its provenance link's text)."""
    found = re.search(rf'id="actual-{re.escape(code)}"[^>]*>([^<]*)</a>', html)
    assert found, code
    return found.group(1)


def row(html: str, code: str) -> str:
    """The table row of an indicator."""
    found = re.search(rf"<tr>\s*<th scope=\"row\">{re.escape(code)} .*?</tr>", html, re.S)
    assert found, code
    return found.group(0)
