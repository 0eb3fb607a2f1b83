"""The support plan (プラン兼利用申込書) as adopted in one version: the household, the goals, who does what by
when, the review date, the meeting that adopted it, and the household's signature box (申込・同意).

The version's page and this document read the same views (``web.views.support_plan_view``); a meeting the
reader's agency may not see keeps its date and type, not its title.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.engine import Connection

from projections.cases import casework_queries
from web.views.support_plan_view import plan_version, plans_context

TEMPLATE = "print/support_plan.html"


def filename(case_id: UUID, version: int) -> str:
    return f"support-plan-{case_id}-v{version}.pdf"


def support_plan(connection: Connection, case_id: UUID, version: int, agency: str) -> dict[str, Any]:
    context = plans_context(connection, case_id, agency)
    return context | {
        "current": plan_version(context["versions"], version),
        "members": casework_queries.members_of(connection, case_id),
    }
