"""What the case page's responsibility, household and placement forms need to offer their choices."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.actor import Actor
from projections.cases import casework_queries
from projections.cases.queries import CaseSummary
from web.views.names import Names


def coordinators_of(names: Names, agency: str, *, besides: str = "") -> list[tuple[str, str]]:
    """(username, name) of the active users of ``agency`` who can take a case, except ``besides``."""
    return [
        (code, names.user(code))
        for code, e in names.records.get("user", {}).items()
        if e.active and e.agency == agency and e.category in ("coordinator", "supervisor") and code != besides
    ]


def casework_context(
    casework: casework_queries.Casework, case: CaseSummary, actor: Actor, names: Names, today: date
) -> dict[str, Any]:
    """What the forms offer, from the case's casework (read with the case: ``casework_queries.case_and_casework``)."""
    pending, urgent, placements = casework.pending_transfer, casework.urgent_check, casework.open_placements
    leads = actor.agency_id == case.lead_agency
    return {
        "hidden_forms": _not_applicable(
            leads=leads,
            pending=pending,
            answers=pending is not None and pending.to_agency == actor.agency_id,
            urgent=urgent is not None,
            placements=bool(placements),
        ),
        "pending_transfer": pending,
        "answers_transfer": pending is not None and pending.to_agency == actor.agency_id,
        "leads_case": leads,
        "lead_coordinators": coordinators_of(names, case.lead_agency, besides=case.coordinator),
        "my_coordinators": coordinators_of(names, actor.agency_id),
        "members": casework.members,
        "today": today,
        "open_placements": placements,
        "urgent_check": urgent,
    }


def _not_applicable(*, leads: bool, pending: object, answers: bool, urgent: bool, placements: bool) -> set[str]:
    """Forms the case page leaves out for this reader now (their own URLs still answer, saying why)."""
    hidden = set()
    if not leads:
        hidden |= {"assignment", "transfers", "transfer-withdrawal"}
    if pending is None or not leads:
        hidden.add("transfer-withdrawal")
    if not answers:
        hidden.add("transfer-answers")
    if not urgent:
        hidden.add("urgent-check-done")
    if not placements:
        hidden.add("placement-ends")
    return hidden
