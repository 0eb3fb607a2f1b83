"""Small-number suppression of the plan reports that leave the building: downloads, the plan API, the CLI.

Which cells are withheld (docs/security.md, "Small-number suppression"):

- a **count about households or people**: the actual of an indicator whose
  rule counts case events (every ``case.*`` kind and ``meeting.case_discussed``,
  i.e. the kinds whose units include the case), whatever its counting mode
  (実, 新規 or 延べ: two consultations may be one household's), when it is
  from 1 to k-1. Counts of meetings held, agencies attending, community
  activities, and values typed in by planners are not about individuals and
  are shown as they are;
- **the rate of a withheld count as a band**: its 達成率 reads as one of the
  Komae rating's bands (100%以上, 70%以上100%未満 …) rather than a figure from
  which the count could be worked back; in the changes-since document the
  withheld side(s) and the list of changes of that figure; in a provenance
  document the count, units, cases and events.

**The evaluation is never withheld** (domain decision 14): 達成/未達成 of each
indicator and programme, and the A–D rating of each measure, are what the
committee publishes, so a suppressed count never blanks them or the 評価総括表.

The screens inside the building show the true figures; these functions are
applied where a document is handed out. They take the documents of
``projections.reports.documents`` / ``report_trace`` and return suppressed copies.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal

from domain.indicator import Indicator
from domain.rule import EVENT_KINDS
from projections.indicators.engine import YearDiff, YearReport
from projections.reports.documents import Document
from projections.reports.k_suppression import label, suppress

RATE_BANDS = (
    (Decimal(100), "100%以上"),
    (Decimal(70), "70%以上100%未満"),
    (Decimal(40), "40%以上70%未満"),
    (Decimal(20), "20%以上40%未満"),
    (Decimal(0), "20%未満"),
)
"""The bands a withheld count's 達成率 is shown in: the thresholds of the Komae rating (domain.md §4.1)."""


def note(k: int) -> str:
    """The footnote of a suppressed report."""
    return (
        f"「<{k}」は1〜{k - 1}（世帯・人・件）のため非公表（少数秘匿, k={k}）。"
        "その達成率は区分で示し、達成状況と評価はそのまま示す。"
        if k > 1
        else "少数秘匿なし（k=1）。"
    )


def rate_band(rate: str | None) -> str | None:
    """The band of a 達成率 (``"92.9"`` → ``"70%以上100%未満"``); None when there is no rate."""
    if rate is None:
        return None
    value = Decimal(rate)
    return next(label for floor, label in RATE_BANDS if value >= floor)


def counts_people(indicator: Indicator) -> bool:
    """True when the indicator's rule counts events about cases (households and their members)."""
    rule = indicator.rule
    return rule is not None and any("case" in EVENT_KINDS[kind].units for kind in rule.events)


@dataclass(frozen=True)
class Withheld:
    """What a year's report withholds at a given k: the counts about people from 1 to k-1, nothing derived."""

    k: int
    indicators: frozenset[str]

    @classmethod
    def of(cls, report: YearReport, k: int) -> Withheld:
        return cls(
            k,
            frozenset(
                code
                for code, figure in report.figures.items()
                if counts_people(figure.indicator) and suppress(figure.value, k) is None
            ),
        )


def _policy(k: int) -> Document:
    return {"k": k, "marker": label(None, k), "note_ja": note(k)}


def _indicator(item: Document, withheld: Withheld) -> None:
    hidden = item["code"] in withheld.indicators
    item.update(suppressed=hidden, rate_band=rate_band(item["rate"]) if hidden else None)
    if hidden:
        item.update(actual=None, rate=None)


def indicators_document(document: Document, withheld: Withheld) -> Document:
    """The year's report with withheld counts set to null, flagged and their rates banded; the evaluation kept."""
    found = copy.deepcopy(document)
    found["suppression"] = _policy(withheld.k)
    for item in found["indicators"]:
        _indicator(item, withheld)
    for measure in found["measures"]:
        for programme in measure["programmes"]:
            for item in programme["indicators"]:
                _indicator(item, withheld)
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
    return found


def withhold(item: Document, withheld: Withheld) -> None:
    """One indicator item of any document, withheld (count and rate nulled, rate banded) when ``withheld`` says so."""
    _indicator(item, withheld)
