"""The committee cycle (案 → 確定) of a year's evaluation report, shared by the planner's button, the API and the CLI.

Finalizing takes the moment of the newest event the read models have applied, makes the year's report as of that
moment (the document ``kasane report indicators --as-of`` and the download write, small counts suppressed with the
installation's k) and records that moment and the document's SHA-256 (``PlanEvaluation.Finalized``). Re-made later
as of the same moment, the document is byte-identical, so anyone can check a printed 確定 report against the log.
Afterwards the year's views show the 確定 figures beside the restated (current) ones, and the corrections between.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from domain.actor import Actor
from domain.application import Kasane
from domain.plan_commands import FinalizeEvaluation
from domain.use_cases import Recorded
from projections.reports import labels as ja
from projections.reports.documents import to_json
from projections.reports.finalization import FinalizedYear, finalized_year
from web.views import planner_view


def written_at(kasane: Kasane, position: int) -> datetime:
    """The write timestamp of the event at ``position`` in the log."""
    notification = kasane.recorder.select_notifications(start=position, limit=1)[0]
    moment: datetime = getattr(kasane.mapper.to_domain_event(notification), "timestamp")  # noqa: B009
    return moment


def document_bytes(connection: Connection, code: str, year: int, as_of: datetime, k: int) -> bytes:
    return to_json(planner_view.year_document(connection, code, year, as_of, k=k))


def finalize(
    kasane: Kasane, connection: Connection, head: int, *, code: str, year: int, actor: Actor, k: int
) -> Recorded:
    """Record the year's report as 確定, as of the event at ``head`` (the newest the read models have applied)."""
    moment = written_at(kasane, head)
    digest = hashlib.sha256(document_bytes(connection, code, year, moment, k)).hexdigest()
    return kasane.execute(
        FinalizeEvaluation(
            actor=actor, plan_code=code, fiscal_year=year, occurred_on=kasane.today(), as_of=moment,
            document_sha256=digest,
        )
    )  # fmt: skip


DRAFT: dict[str, Any] = {"status": "draft", "status_ja": ja.DRAFT}
"""What a download of a year not yet finalized says about it: the report is 案."""


def finalized_view(
    connection: Connection, code: str, year: int, k: int, now: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The 確定 figures beside the restated ones, and the corrections in between; None while the year is 案.

    ``now``: the year's restated document already made (with the same ``k``), so a download does not count it twice.
    """
    found: FinalizedYear | None = finalized_year(connection, code, year)
    if found is None:
        return None
    then = planner_view.year_document(connection, code, year, found.as_of, k=k)
    now = planner_view.year_document(connection, code, year, None, k=k) if now is None else now
    restated = {i["code"]: i for i in now["indicators"]}
    figures = [
        {
            "code": i["code"],
            "name_ja": i["name_ja"],
            "unit": i["unit"],
            "finalized": i["actual"],
            "finalized_suppressed": bool(i.get("suppressed")),
            "restated": restated.get(i["code"], {}).get("actual"),
            "restated_suppressed": bool(restated.get(i["code"], {}).get("suppressed")),
        }
        for i in then["indicators"]
    ]
    return {
        "status": "finalized",
        "status_ja": ja.FINALIZED,
        "as_of": found.as_of.isoformat(),
        "document_sha256": found.document_sha256,
        "finalized_on": found.finalized_on.isoformat(),
        "finalized_by": found.finalized_by,
        "document_verified": hashlib.sha256(to_json(then)).hexdigest() == found.document_sha256,
        "figures": figures,
        "restated": [f["code"] for f in figures if f["finalized"] != f["restated"]],
        "corrections": planner_view.changes(connection, code, year, found.as_of, k=k),
    }


def with_finalization(connection: Connection, document: dict[str, Any], code: str, year: int, k: int) -> Any:
    """The year's restated document with its committee status: 案, or 確定 with the 確定 figures beside the
    restated ones, the ones that changed and the corrections between (``finalized_view``).

    Only the view of now carries it: a document as of a moment is the record as it stood then, and the 確定
    document is one of those, so re-made later it stays byte-identical to the digest recorded when finalizing.
    """
    shown = finalized_view(connection, code, year, k, now=document)
    return {**document, "finalization": DRAFT if shown is None else shown}
