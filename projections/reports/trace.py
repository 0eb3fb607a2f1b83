"""Where figures come from and what changed them: the provenance and diff documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.errors import NotFound
from projections.indicators.engine import Change, Fact, Figure, YearDiff, YearReport
from projections.reports import labels as ja
from projections.reports.documents import Document, header, indicator

# ---- provenance -----------------------------------------------------------------------------


def provenance_document(
    report: YearReport, code: str, *, records: list[Any], stamp: datetime | None = None
) -> Document:
    """One figure expanded into the events (and cases) behind it.

    A counted figure lists the facts it counts; an entered one, the entries
    (``records``) that set it, the last of them in force.
    """
    result = report.results().get(code)
    if result is None:
        raise NotFound(f"plan {report.version.plan.code} has no indicator {code!r}", field="indicator")
    document = header("provenance", report, stamp)
    document["indicator"] = indicator(report, result)
    figure = report.figures.get(code)
    if figure is None:
        document["events"] = [_record(r, stamp) for r in records]
        return document
    document.update(
        count=figure.value,
        rule=_rule(figure),
        units=figure.units,
        cases=figure.cases,
        events=[_fact(fact, unit, stamp) for unit, fact in figure.counted],
    )
    return document


def _rule(figure: Figure) -> Document:
    rule = figure.indicator.rule
    assert rule is not None
    filters = {k: list(v) if isinstance(v, tuple) else v for k, v in rule.filters().items()}
    return {
        "events": list(rule.events),
        "filters": filters,
        "unit": None if figure.indicator.counting == "total" else rule.unit(),
    }


def _fact(fact: Fact, unit: str | None, stamp: datetime | None) -> Document:
    found = {
        "notification_id": fact.notification_id,
        "kind": fact.kind,
        "occurred_on": fact.occurred_on.isoformat(),
        "fact_key": fact.key,
        "source_id": str(fact.source_id),
        "source_version": fact.source_version,
        "unit": unit,
        "case_id": fact.units.get("case"),
        "meeting_id": fact.units.get("meeting"),
        "agency": fact.facts.get("agency"),
        "area": fact.facts.get("area"),
        "facts": {k: list(v) if isinstance(v, tuple) else v for k, v in fact.facts.items()},
    }
    if stamp is not None:
        found["recorded_at"] = ja.moment(fact.recorded_at)
    return found


def _record(row: Any, stamp: datetime | None) -> Document:
    found = {
        "notification_id": row.notification_id,
        "record": row.record,
        "subject": row.subject,
        "occurred_on": row.occurred_on.isoformat(),
        "actor": row.actor,
        "payload": {k: v for k, v in row.payload.items() if k != "source"},
    }
    if stamp is not None:
        found["recorded_at"] = ja.moment(row.recorded_at)
    return found


# ---- what changed since a moment ------------------------------------------------------------


def diff_document(diff: YearDiff, *, stamp: datetime | None = None) -> Document:
    document = header("diff", diff.before, stamp)
    document["now"] = {"revision": diff.after.version.revision, "digest": diff.after.version.digest}
    before, after = diff.before.results(), diff.after.results()
    entries = [_record(r, stamp) for r in diff.entries]
    indicators = []
    for code, result in after.items():
        then = before.get(code)
        moved = [_change(c, stamp) for c in diff.changes.get(code, [])]
        moved += [e for e in entries if e["record"].startswith("IndicatorValue") and e["subject"] == code]
        was = None if then is None else ja.number(then.actual)
        if moved or was != ja.number(result.actual):
            indicators.append(
                {
                    "code": code,
                    "name_ja": result.indicator.name_ja,
                    "before": was,
                    "after": ja.number(result.actual),
                    "changes": moved,
                }
            )
    then_ratings = {m.code: m.rating.rating for m in diff.before.assessment.measures}
    document["indicators"] = indicators
    document["measures"] = [
        {"code": m.code, "name": m.name, "before": then_ratings.get(m.code), "after": m.rating.rating}
        for m in diff.after.assessment.measures
        if then_ratings.get(m.code) != m.rating.rating
    ]
    document["entries"] = entries
    return document


def _change(change: Change, stamp: datetime | None) -> Document:
    sides = {
        name: None if fact is None else _side(fact)
        for name, fact in (("before", change.before), ("after", change.after))
    }
    fact = change.after or change.before
    assert fact is not None
    fields: list[str] = []
    if change.before is not None and change.after is not None:
        old, new = sides["before"] or {}, sides["after"] or {}
        fields = sorted(k for k in {*old["facts"], *new["facts"]} if old["facts"].get(k) != new["facts"].get(k))
        fields += ["occurred_on"] if old["occurred_on"] != new["occurred_on"] else []
    found = {
        "notification_id": change.notification_id,
        "change": change.what,
        "kind": fact.kind,
        "fact_key": change.key,
        "source_id": str(fact.source_id),
        "case_id": fact.units.get("case"),
        "meeting_id": fact.units.get("meeting"),
        "fields": fields,
        **sides,
    }
    if stamp is not None:
        gone = change.before.superseded_at if change.before is not None else None
        found["recorded_at"] = ja.moment(change.after.recorded_at if change.after is not None else gone)
    return found


def _side(fact: Fact) -> Document:
    return {
        "occurred_on": fact.occurred_on.isoformat(),
        "units": dict(fact.units),
        "facts": {k: list(v) if isinstance(v, tuple) else v for k, v in fact.facts.items()},
    }
