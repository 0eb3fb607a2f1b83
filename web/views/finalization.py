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


def finalized_view(connection: Connection, code: str, year: int, k: int) -> dict[str, Any] | None:
    """The 確定 figures beside the restated ones, and the corrections in between; None while the year is 案."""
    found: FinalizedYear | None = finalized_year(connection, code, year)
    if found is None:
        return None
    then = planner_view.year_document(connection, code, year, found.as_of, k=k)
    now = planner_view.year_document(connection, code, year, None, k=k)
    restated = {i["code"]: i for i in now["indicators"]}
    figures = [
        {
            "code": i["code"],
            "name_ja": i["name_ja"],
            "unit": i["unit"],
            "finalized": i["actual"],
            "restated": restated.get(i["code"], {}).get("actual"),
        }
        for i in then["indicators"]
    ]
    return {
        "as_of": found.as_of.isoformat(),
        "document_sha256": found.document_sha256,
        "finalized_on": found.finalized_on.isoformat(),
        "finalized_by": found.finalized_by,
        "document_verified": hashlib.sha256(document_bytes(connection, code, year, found.as_of, k)).hexdigest()
        == found.document_sha256,
        "figures": figures,
        "restated": [f["code"] for f in figures if f["finalized"] != f["restated"]],
        "corrections": planner_view.changes(connection, code, year, found.as_of, k=k),
    }
