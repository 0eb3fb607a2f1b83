"""Small-number suppression of the plan reports that leave the building: downloads, the plan API, the CLI.

Which cells are withheld (docs/security.md, "Small-number suppression"):

- a **count about households or people**: the actual of an indicator whose
  rule counts case events (every ``case.*`` kind and ``meeting.case_discussed``,
  i.e. the kinds whose units include the case), whatever its counting mode
  (実, 新規 or 延べ: two consultations may be one household's), when it is
  from 1 to k-1. Counts of meetings held, agencies attending, community
  activities, and values typed in by planners are not about individuals and
  are shown as they are;
- **everything derived from a withheld count**: the indicator's rate and
  achieved flag; a programme's automatic outcome (達成/未達成) when one of its
  indicators is withheld; a measure's automatic rating (A–D), computed rating
  and achieved/evaluated counts when one of its programmes' outcomes is
  withheld (a manual judgement or rating is the planner's own statement and
  stays); the 評価総括表 lists such measures on a row of their own; in the
  changes-since document the withheld side(s) and the list of changes of that
  figure; in a provenance document the count, units, cases and events.

The screens inside the building show the true figures; these functions are
applied where a document is handed out. They take the documents of
``projections.reports`` / ``report_trace`` and return suppressed copies.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from domain.indicator import Indicator
from domain.rule import EVENT_KINDS
from projections.indicators import YearDiff, YearReport
from projections.k_suppression import label, suppress
from projections.reports import Document

MARK = "＊"
"""Shown in CSV and Excel for a value derived from a withheld count (rate, 達成状況, rating)."""
WITHHELD_RATING = "withheld"
"""The 評価総括表 row of measures whose rating is withheld."""


def note(k: int) -> str:
    """The footnote of a suppressed report."""
    return (f"「<{k}」は1〜{k - 1}（世帯・人・件）のため非公表（少数秘匿, k={k}）。"
            f"「{MARK}」はその数から求まるため非公表。" if k > 1 else "少数秘匿なし（k=1）。")


def counts_people(indicator: Indicator) -> bool:
    """True when the indicator's rule counts events about cases (households and their members)."""
    rule = indicator.rule
    return rule is not None and any("case" in EVENT_KINDS[kind].units for kind in rule.events)


@dataclass(frozen=True)
class Withheld:
    """What a year's report withholds at a given k."""

    k: int
    indicators: frozenset[str]
    programmes: frozenset[tuple[str, str]]
    """(measure, programme) whose automatic outcome is withheld."""
    measures: frozenset[str]
    """Measures whose computed rating and counts are withheld (the rating too, unless it was set by hand)."""
    ratings: frozenset[str]
    """Measures whose shown rating is withheld."""

    @classmethod
    def of(cls, report: YearReport, k: int) -> Withheld:
        indicators = frozenset(code for code, figure in report.figures.items()
                               if counts_people(figure.indicator) and suppress(figure.value, k) is None)
        programmes, measures, ratings = set(), set(), set()
        for m in report.assessment.measures:
            for p in m.programmes:
                if not p.outcome.manual and any(r.indicator.code in indicators for r in p.indicators):
                    programmes.add((m.code, p.code))
            if any((m.code, p.code) in programmes for p in m.programmes):
                measures.add(m.code)
                if not m.rating.manual:
                    ratings.add(m.code)
        return cls(k, indicators, frozenset(programmes), frozenset(measures), frozenset(ratings))


def _policy(k: int) -> Document:
    return {"k": k, "marker": label(None, k), "derived_marker": MARK, "note_ja": note(k)}


def _indicator(item: Document, withheld: Withheld) -> None:
    hidden = item["code"] in withheld.indicators
    item["suppressed"] = hidden
    if hidden:
        item.update(actual=None, rate=None, achieved=None)


def indicators_document(document: Document, withheld: Withheld) -> Document:
    """The year's report with withheld counts and everything derived from them set to null and flagged."""
    found = copy.deepcopy(document)
    found["suppression"] = _policy(withheld.k)
    for item in found["indicators"]:
        _indicator(item, withheld)
    for measure in found["measures"]:
        for programme in measure["programmes"]:
            for item in programme["indicators"]:
                _indicator(item, withheld)
            programme["suppressed"] = (measure["code"], programme["code"]) in withheld.programmes
            if programme["suppressed"]:
                programme.update(outcome=None, outcome_ja=MARK)
        measure["suppressed"] = measure["code"] in withheld.ratings
        if measure["code"] in withheld.measures:
            measure.update(computed_rating=None, achieved=None, evaluated=None)
        if measure["suppressed"]:
            measure["rating"] = None
    found["summary"] = [{**line, "measures": [m for m in line["measures"] if m not in withheld.ratings]}
                        for line in found["summary"]]
    for line in found["summary"]:
        line["count"] = len(line["measures"])
    hidden = [m["code"] for m in found["measures"] if m["suppressed"]]
    if withheld.k > 1:  # k=1 withholds nothing: the table keeps its usual rows
        found["summary"].append({"rating": WITHHELD_RATING, "label_ja": f"{MARK}非公表（少数秘匿）",
                                 "count": len(hidden), "measures": hidden})
    return found


def provenance_document(document: Document, withheld: Withheld) -> Document:
    """A figure's provenance; a withheld figure keeps its rule but loses its count, units, cases and events."""
    found = copy.deepcopy(document)
    found["suppression"] = _policy(withheld.k)
    _indicator(found["indicator"], withheld)
    found["suppressed"] = found["indicator"]["suppressed"]
    if found["suppressed"]:
        found.update(count=None, units=None, cases=None, events=[])
    return found


def diff_document(document: Document, diff: YearDiff, k: int) -> Document:
    """What changed since a moment; a figure withheld on either side loses that side and its list of changes."""
    before, after = Withheld.of(diff.before, k), Withheld.of(diff.after, k)
    found = copy.deepcopy(document)
    found["suppression"] = _policy(k)
    for item in found["indicators"]:
        item["before_suppressed"] = item["code"] in before.indicators
        item["after_suppressed"] = item["code"] in after.indicators
        item["suppressed"] = item["before_suppressed"] or item["after_suppressed"]
        if item["before_suppressed"]:
            item["before"] = None
        if item["after_suppressed"]:
            item["after"] = None
        if item["suppressed"]:
            item["changes"] = []
    for measure in found["measures"]:
        measure["before_suppressed"] = measure["code"] in before.ratings
        measure["after_suppressed"] = measure["code"] in after.ratings
        if measure["before_suppressed"]:
            measure["before"] = None
        if measure["after_suppressed"]:
            measure["after"] = None
    return found


def cell(value: Any, suppressed: bool, k: int) -> Any:
    """A count as CSV and Excel show it: the marker ``<k`` when withheld."""
    return label(None, k) if suppressed else value
