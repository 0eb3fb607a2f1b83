"""The what-if document: every year's figures under the loaded plan and under a revision not loaded, side by side.

Each side is the progress report's own indicator entry (``documents.indicator``)
with the same suppression as the year's report, so a revision cannot reveal
a count the report withholds.
"""

from __future__ import annotations

from typing import Any

from projections.indicators.engine import YearReport
from projections.indicators.what_if import WhatIf, YearCompared
from projections.reports import labels as ja
from projections.reports.documents import Document, indicator
from projections.reports.suppression import Withheld

SHOWN = ("name_ja", "unit", "counting", "source", "target", "actual", "rate", "achieved")


def _side(report: YearReport | None, k: int) -> dict[str, Document]:
    """Per indicator code, the entry of one side of a year, withheld counts set to null."""
    if report is None:
        return {}
    withheld = Withheld.of(report, k).indicators
    sides: dict[str, Document] = {}
    for code, result in report.results().items():
        entry = {key: value for key, value in indicator(report, result).items() if key in SHOWN}
        if code in withheld:
            entry.update(actual=None, rate=None, suppressed=True)
        sides[code] = entry
    return sides


def _year(year: YearCompared, k: int) -> Document:
    before, after = _side(year.current, k), _side(year.revised, k)
    codes = [*after, *(code for code in before if code not in after)]
    rows: list[dict[str, Any]] = []
    for code in codes:
        old, new = before.get(code), after.get(code)
        changed = old is None or new is None or (old["actual"], old["target"]) != (new["actual"], new["target"])
        rows.append({"code": code, "current": old, "revised": new, "changed": changed})
    return {"fiscal_year": ja.fiscal_year(year.fiscal_year), "indicators": rows}


def what_if_document(found: WhatIf, k: int) -> Document:
    """The comparison, oldest year first; ``changed`` marks an indicator whose figure or target would move."""
    current, revised = found.current, found.revised
    return {
        "report": "what_if",
        "plan": {"code": current.plan.code, "name": current.plan.name},
        "current": {"revision": current.revision, "digest": current.digest},
        "revised": {"revision": revised.revision, "digest": revised.digest, "recorded": False},
        "suppression_k": k,
        "years": [_year(year, k) for year in found.years],
    }
