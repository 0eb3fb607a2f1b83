"""Plan reports as documents (plain JSON-ready data), and their JSON and CSV renderings.

This module makes the year's progress report; ``projections.reports.trace``
the provenance and diff documents, rendered here too.

Output is deterministic: the same events and options give byte-identical
files. Keys are sorted, numbers are fixed decimal text, and nothing says
when the report was made unless ``stamp`` is given (then also each event's
write time). The Excel rendering (``projections.reports.xlsx``) reads the
same documents.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from domain.evaluation_entries import Review
from domain.plan_assessment import IndicatorResult
from projections.indicators.engine import YearReport
from projections.reports import labels as ja
from projections.reports.spreadsheet_text import inert

Document = dict[str, Any]

PROGRESS_COLUMNS = (
    "施策コード",
    "事業コード",
    "指標コード",
    "基本目標",
    "施策",
    "事業",
    "担当課",
    "達成状況",
    "指標",
    "単位",
    "目標",
    "実績",
    "達成率",
    "前年度実績",
    "前年度増減",
    "前年度比",
    "評価",
    "Do(実行)",
    "Check(評価)",
    "Act(課題及び改善点)",
    "次年度方針",
    "施策番号",
    "評価者",
    "評価日",
)
"""The rows of the 進捗管理シート (Komae's progress sheet), one per programme indicator.

The programme's 達成状況 stands with the programme (after 担当課), not beside an indicator's 達成率: it is
the programme's outcome over all its indicators (or a planner's judgement), not that indicator's."""


FINALIZATION_COLUMNS = ("報告の状態", "確定実績", "確定後の訂正")
"""Appended to the 進捗管理シート of the year as known now (``finalization`` in the document): 案 or 確定, the
確定 figure beside the restated 実績, and 訂正あり where the log has restated it since."""


def header(kind: str, report: YearReport, stamp: datetime | None) -> Document:
    plan = report.version.plan
    document: Document = {
        "report": kind,
        "plan": {
            "code": plan.code,
            "name": plan.name,
            "period": {"from": plan.first_year, "to": plan.last_year},
            "revision": report.version.revision,
            "digest": report.version.digest,
            "rating_scale": plan.scale.kind,
            "levels": list(plan.levels),
        },
        "fiscal_year": ja.fiscal_year(report.fiscal_year),
        "as_of": ja.moment(report.as_of),
    }
    if stamp is not None:
        document["generated_at"] = ja.moment(stamp)
    return document


# ---- the year's progress report -------------------------------------------------------------


def indicators_document(report: YearReport, *, stamp: datetime | None = None) -> Document:
    """The whole year: measures, programmes, indicators, entries and the 評価総括表."""
    results = report.results()
    document = header("indicators", report, stamp)
    document["measures"] = [_measure(report, m) for m in report.assessment.measures]
    document["indicators"] = [indicator(report, results[i.code]) for i in report.version.plan.indicators()]
    summary, plan = report.assessment.summary(), report.version.plan
    document["summary"] = [
        {
            "rating": rating,
            "label_ja": plan.scale.definition(rating) if rating else ja.UNRATED,
            "count": len(summary.get(rating, [])),
            "measures": list(summary.get(rating, [])),
            "display_codes": [plan.display_code(plan.measure(code)) for code in summary.get(rating, [])],
        }
        for rating in (*plan.scale.codes(), None)
    ]
    return document


def indicator(report: YearReport, result: IndicatorResult) -> Document:
    i, a = result.indicator, result.achievement
    found = i.target_for(report.fiscal_year)
    target = None if found is None else found[0]
    start, end = i.period_of(report.fiscal_year)
    return {
        "code": i.code,
        "name_ja": i.name_ja,
        "name_en": i.name_en,
        "unit": i.unit,
        "direction": i.direction,
        "kind": i.kind,
        "period": i.period,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "counting": i.counting,
        "counting_ja": ja.COUNTING_LABELS.get(i.counting or "", ""),
        "source": "manual" if i.is_manual else "rule",
        "baseline": None if i.baseline is None else {"year": i.baseline.year, "value": ja.number(i.baseline.value)},
        "target": None if target is None else ja.number(target.value),
        "target_year": None if target is None else target.year,
        "target_basis": None if found is None else "final_target" if found[1] else "annual_target",
        "target_tbd": target is not None and target.to_be_decided,
        "actual": ja.number(result.actual),
        "rate": ja.number(a.rate),
        "achieved": a.achieved,
        "compared_with": ja.number(a.compared_with),
        "basis": a.basis,
        "unmeasured": a.unmeasured,
        "note": report.entered.value_notes.get(i.code, "") if i.is_manual else "",
    }


def _measure(report: YearReport, measure: Any) -> Document:
    entered, rating = report.entered, measure.rating
    opinions = [
        {"id": key, "programme": o.programme, "opinion": o.opinion, "committee": o.committee}
        for key, o in entered.opinions.items()
        if o.measure == measure.code
    ]
    plan = report.version.plan
    rated_by, rated_on = entered.rated_by.get(measure.code, ("", None))
    return {
        "code": measure.code,
        "display_code": plan.display_code(plan.measure(measure.code)),
        "headings": [h.name for h in plan.headings_of(plan.measure(measure.code))],
        "name": measure.name,
        "rating": rating.rating,
        "rating_definition": plan.scale.definition(rating.rating) if rating.rating else "",
        "computed_rating": rating.computed,
        "rating_manual": rating.manual,
        "rating_note": entered.rating_notes.get(measure.code, ""),
        "rated_by": rated_by if rating.manual else None,
        "rated_on": rated_on.isoformat() if rating.manual and rated_on else None,
        "achieved": rating.achieved,
        "evaluated": rating.evaluated,
        "review": _review(entered.reviews.get((measure.code, None))),
        "policy": _policy(entered.policies.get((measure.code, None))),
        "opinions": opinions,
        "programmes": [_programme(report, measure.code, p) for p in measure.programmes],
    }


def _programme(report: YearReport, measure_code: str, programme: Any) -> Document:
    entered, own = report.entered, report.version.plan.programme(programme.code)
    own_codes = {i.code for i in own.indicators}
    plan = report.version.plan
    return {
        "code": programme.code,
        "display_code": plan.display_code(plan.measure(measure_code), own),
        "name": programme.name,
        "department": own.department,
        "outcome": programme.outcome.outcome,
        "outcome_ja": ja.OUTCOME_LABELS[programme.outcome.outcome],
        "manual": programme.outcome.manual,
        "judgement_note": entered.judgement_notes.get(programme.code, ""),
        "review": _review(entered.reviews.get((measure_code, programme.code))),
        "policy": _policy(entered.policies.get((measure_code, programme.code))),
        "indicators": [
            {**indicator(report, r), "relisted": r.indicator.code not in own_codes} for r in programme.indicators
        ],
    }


def _review(review: Review | None) -> Document | None:
    return None if review is None else {"do": review.do, "check": review.check, "act": review.act}


def _policy(policy: tuple[str, str] | None) -> Document | None:
    return None if policy is None else {"code": policy[0], "label_ja": ja.POLICY_LABELS[policy[0]], "note": policy[1]}


def progress_rows(document: Document) -> list[dict[str, str]]:
    """The 進捗管理シート rows of an indicators document."""
    rows = []
    marks = document.get("suppression") or {}
    finalization = document.get("finalization")
    for measure in document["measures"]:
        rating = measure["rating"] or "—"
        for programme in measure["programmes"] or [_NO_PROGRAMME]:
            review = programme["review"] or measure["review"] or {}
            policy = programme["policy"] or measure["policy"]
            for item in programme["indicators"] or [None]:
                rows.append(
                    {
                        "施策コード": measure["code"],
                        "事業コード": programme["code"],
                        "指標コード": item["code"] if item else "",
                        "基本目標": document["plan"]["name"],
                        "施策": measure["name"],
                        "事業": programme["name"],
                        "担当課": programme["department"],
                        **_indicator_cells(item, marks),
                        "達成状況": programme["outcome_ja"] + (ja.MANUAL if programme["manual"] else ""),
                        "評価": rating + (ja.MANUAL if measure["rating_manual"] else ""),
                        "Do(実行)": review.get("do", ""),
                        "Check(評価)": review.get("check", ""),
                        "Act(課題及び改善点)": review.get("act", ""),
                        "次年度方針": policy["label_ja"] if policy else "",
                        "施策番号": measure["display_code"],
                        "評価者": measure["rated_by"] or "",
                        "評価日": measure["rated_on"] or "",
                        **(finalization_cells(item, finalization, marks) if finalization else {}),
                    }
                )
    return rows


def finalization_cells(item: Document | None, finalization: Document, marks: Document) -> dict[str, str]:
    """One indicator's 報告の状態, 確定実績 (``<k`` when withheld) and 確定後の訂正."""
    cells = dict.fromkeys(FINALIZATION_COLUMNS, "") | {"報告の状態": finalization["status_ja"]}
    figure = next((f for f in finalization.get("figures", ()) if item and f["code"] == item["code"]), None)
    if figure is not None:
        shown = marks.get("marker", "") if figure["finalized_suppressed"] else figure["finalized"] or ""
        cells["確定実績"] = shown
        cells["確定後の訂正"] = ja.RESTATED if figure["code"] in finalization["restated"] else ""
    return cells


def progress_columns(document: Document) -> tuple[str, ...]:
    """The 進捗管理シート's columns: the status columns only on the year as known now."""
    return PROGRESS_COLUMNS + (FINALIZATION_COLUMNS if "finalization" in document else ())


_NO_PROGRAMME: Document = {
    "code": "",
    "name": "",
    "department": "",
    "review": None,
    "policy": None,
    "indicators": [],
    "outcome_ja": "",
    "manual": False,
}
"""The one row of a measure rated without programmes (a Kiyose 取り組み)."""


def _indicator_cells(item: Document | None, marks: Document) -> dict[str, str]:
    """One indicator's cells; a withheld count (``projections.reports.suppression``) shows ``<k`` and a rate band."""
    if item is None:
        return {"指標": "", "単位": "", "目標": "", "実績": "", "達成率": "", **_previous_cells(None, marks)}
    target = ja.TBD if item["target_tbd"] else item["target"] or ""
    if item["target_basis"] == "final_target" and not item["target_tbd"]:
        target += f"（最終目標・{ja.era_year(item['target_year'])}）"
    cells = {
        "指標": item["name_ja"] + (ja.RELISTED if item.get("relisted") else ""),
        "単位": "" if item["unit"] == "status" else item["unit"],
        "目標": target,
        "実績": item["actual"] or "",
        "達成率": _percent(ja.printed_rate(item)),
        **_previous_cells(item, marks),
    }
    if item.get("suppressed"):
        cells.update({"実績": marks["marker"], "達成率": item["rate_band"] or ""})
    return cells


def _previous_cells(item: Document | None, marks: Document) -> dict[str, str]:
    """前年度比 (``projections.reports.year_over_year``): "—" where there is nothing to compare with."""
    if item is None:
        return {"前年度実績": "", "前年度増減": "", "前年度比": ""}
    before = marks["marker"] if item.get("previous_suppressed") else item.get("previous_actual") or ja.NO_FIGURE
    change = item.get("change")
    return {
        "前年度実績": before,
        "前年度増減": ja.NO_FIGURE if change is None else ja.signed(change),
        "前年度比": _percent(item.get("change_ratio")) or ja.NO_FIGURE,
    }


def _percent(rate: object) -> str:
    """A printed 達成率 (``labels.printed_rate``) as text: ``92.9%``."""
    return "" if rate is None else f"{rate}%"


# ---- renderings ---------------------------------------------------------------------------


def to_json(document: Document) -> bytes:
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def to_csv(columns: tuple[str, ...] | list[str], rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark (so that Excel reads the Japanese), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writerow({c: inert(c) for c in columns})
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: Any) -> Any:
    """Lists and objects as JSON; text never a live formula (``projections.reports.spreadsheet_text``)."""
    if isinstance(value, list | dict):
        return inert(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return "" if value is None else inert(value)


def csv_of(document: Document) -> bytes:
    """The CSV of any report document: its progress sheet, its events or its changes."""
    if document["report"] == "indicators":
        return to_csv(progress_columns(document), progress_rows(document))
    if document["report"] == "provenance":
        rows = document["events"]
        return to_csv(sorted({k for row in rows for k in row}) or ["notification_id"], rows)
    marker = (document.get("suppression") or {}).get("marker")
    rows = [
        {
            "indicator": i["code"],
            "figure_before": marker if i.get("before_suppressed") else i["before"],
            "figure_after": marker if i.get("after_suppressed") else i["after"],
            **c,
        }
        for i in document["indicators"]
        for c in i["changes"] or [{}]
    ]
    rows += [{"indicator": "", **e} for e in document["entries"]]
    return to_csv(sorted({k for row in rows for k in row}) or ["indicator"], rows)
